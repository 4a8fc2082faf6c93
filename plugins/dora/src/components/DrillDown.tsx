import {
  Link,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ChangeDetail,
  DeploymentDetail,
  IncidentDetail,
} from '@internal/plugin-dora-common';
import DownloadIcon from '@material-ui/icons/GetApp';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ReactNode, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { DoraFilter, DoraRecordKind, doraApiRef } from '../api/DoraApi';
import {
  CHANGE_ATTRIBUTION,
  FAILURE_REASONS,
  INCIDENT_ATTRIBUTION,
  UNPLANNED_REASONS,
} from './definitions';
import {
  formatChangeStages,
  formatDateTime,
  formatDuration,
  NO_VALUE,
  plural,
} from './formatting';
import { saveFile } from '@internal/plugin-paved-react';

/** The Component a record belongs to, or its repository when none declares it. */
function Service(props: { entityRef?: string; repository?: string }) {
  if (props.entityRef) {
    return (
      <EntityRefLink entityRef={props.entityRef} defaultKind="component" />
    );
  }
  return (
    <Tooltip describeChild title="No component declares this repository">
      <span>{props.repository ?? NO_VALUE} (unlinked)</span>
    </Tooltip>
  );
}

function Lines({ children }: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="text.secondary" component="div">
      {children}
    </Typography>
  );
}

const shortSha = (sha: string) => sha.slice(0, 7);

function deploymentColumns(
  showService: boolean,
): TableColumn<DeploymentDetail>[] {
  return [
    {
      title: 'Finished',
      field: 'finishedAt',
      defaultSort: 'desc',
      render: row => formatDateTime(row.finishedAt),
    },
    ...(showService
      ? [
          {
            title: 'Service',
            render: (row: DeploymentDetail) => (
              <Service entityRef={row.entityRef} repository={row.repository} />
            ),
          },
        ]
      : []),
    { title: 'Environment', field: 'environment' },
    {
      title: 'Commit',
      field: 'sha',
      render: row =>
        row.url ? (
          <Link to={row.url}>{shortSha(row.sha)}</Link>
        ) : (
          <code>{shortSha(row.sha)}</code>
        ),
    },
    { title: 'Source', field: 'source' },
    {
      title: 'Outcome',
      field: 'failed',
      render: row => (
        <>
          {row.failed ? (
            <StatusError>Failed</StatusError>
          ) : (
            <StatusOK>Succeeded</StatusOK>
          )}
          {row.failed && row.failedBecause.length > 0 && (
            <Lines>
              because{' '}
              {row.failedBecause
                .map(reason => FAILURE_REASONS[reason] ?? reason)
                .join('; ')}
            </Lines>
          )}
          {row.unplannedReason && (
            <Lines>
              Unplanned:{' '}
              {UNPLANNED_REASONS[row.unplannedReason] ?? row.unplannedReason}
            </Lines>
          )}
        </>
      ),
    },
    {
      title: 'Shipped',
      render: row => (
        <>
          <Lines>{plural(row.changeIds.length, 'pull request')}</Lines>
          {row.incidentIds.length > 0 && (
            <Lines>{plural(row.incidentIds.length, 'incident')}</Lines>
          )}
        </>
      ),
    },
  ];
}

function changeColumns(showService: boolean): TableColumn<ChangeDetail>[] {
  return [
    {
      title: 'Pull request',
      field: 'title',
      render: row => (
        <>
          <Typography variant="body2">{row.title}</Typography>
          <Lines>
            {row.repository}#{row.number}
          </Lines>
        </>
      ),
    },
    ...(showService
      ? [
          {
            title: 'Service',
            render: (row: ChangeDetail) => (
              <Service entityRef={row.entityRef} repository={row.repository} />
            ),
          },
        ]
      : []),
    {
      title: 'Merged',
      field: 'mergedAt',
      render: row => formatDateTime(row.mergedAt),
    },
    {
      title: 'Deployed',
      field: 'deployedAt',
      defaultSort: 'desc',
      render: row => formatDateTime(row.deployedAt),
    },
    {
      title: 'Lead time',
      field: 'leadTimeSeconds',
      render: row => (
        <>
          <Typography variant="body2">
            {formatDuration(row.leadTimeSeconds)}
          </Typography>
          <Lines>{formatChangeStages(row)}</Lines>
        </>
      ),
    },
    {
      title: 'Shipped by',
      field: 'method',
      render: row => (
        <>
          <Typography variant="body2">
            {CHANGE_ATTRIBUTION[row.method] ?? row.method}
          </Typography>
          <Lines>{row.deploymentId}</Lines>
        </>
      ),
    },
  ];
}

function incidentColumns(showService: boolean): TableColumn<IncidentDetail>[] {
  return [
    { title: 'Incident', field: 'title' },
    ...(showService
      ? [
          {
            title: 'Service',
            render: (row: IncidentDetail) => (
              <Service entityRef={row.entityRef} />
            ),
          },
        ]
      : []),
    { title: 'Source', field: 'source' },
    {
      title: 'Opened',
      field: 'openedAt',
      defaultSort: 'desc',
      render: row => formatDateTime(row.openedAt),
    },
    {
      title: 'Restored',
      field: 'restoreSeconds',
      render: row =>
        row.resolvedAt ? (
          <>
            <Typography variant="body2">
              after {formatDuration(row.restoreSeconds ?? null)}
            </Typography>
            <Lines>{formatDateTime(row.resolvedAt)}</Lines>
          </>
        ) : (
          <StatusPending>Open</StatusPending>
        ),
    },
    {
      title: 'Attributed to',
      field: 'attribution',
      render: row => {
        const attribution = INCIDENT_ATTRIBUTION[row.attribution];
        return (
          <>
            <Tooltip describeChild title={attribution?.description ?? ''}>
              <Typography variant="body2">
                {attribution?.label ?? row.attribution}
              </Typography>
            </Tooltip>
            {row.deploymentId && <Lines>{row.deploymentId}</Lines>}
          </>
        );
      },
    },
  ];
}

const tableOptions = (rows: number) => ({
  paging: rows > 20,
  pageSize: 20,
  padding: 'dense' as const,
  search: rows > 5,
});

function DrillDownTable<T extends object>(props: {
  title: string;
  load: () => Promise<T[]>;
  deps: unknown[];
  columns: TableColumn<T>[];
  empty: string;
}) {
  const { value, loading, error } = useAsync(props.load, props.deps);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const rows = (value ?? []).map(row => ({ ...row }));
  return (
    <Table<T>
      title={`${props.title} (${rows.length})`}
      options={tableOptions(rows.length)}
      columns={props.columns}
      data={rows}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">{props.empty}</Typography>
        </Box>
      }
    />
  );
}

const TABS: { label: string; kind: DoraRecordKind }[] = [
  { label: 'Deployments', kind: 'deployments' },
  { label: 'Changes', kind: 'changes' },
  { label: 'Incidents', kind: 'incidents' },
];

/** What went wrong, in the backend's words when it answered. */
const errorMessage = (error: Error) =>
  ResponseError.is(error) ? error.cause.message : error.message;

/**
 * Downloads one list as CSV with the filter of the view; the error, if it
 * fails, until the next attempt, another list or other filters.
 */
function useCsvDownload(filter: DoraFilter) {
  const doraApi = useApi(doraApiRef);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<Error>();
  useEffect(() => setError(undefined), [filter]);
  const download = async (kind: DoraRecordKind) => {
    setDownloading(true);
    setError(undefined);
    try {
      saveFile(await doraApi.downloadCsv(kind, filter));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setDownloading(false);
    }
  };
  return {
    download,
    downloading,
    error,
    clearError: () => setError(undefined),
  };
}

/**
 * The records behind the numbers: the production deployments (failed ones
 * marked, with why), the pull requests shipped (lead time, how tied to their
 * deployment) and the incidents (how attributed).
 */
export function DrillDown(props: {
  filter: DoraFilter;
  /** For a Group: name the Component of each record. */
  showService?: boolean;
}) {
  const { filter, showService = false } = props;
  const doraApi = useApi(doraApiRef);
  const [tab, setTab] = useState(0);
  const csv = useCsvDownload(filter);
  const { label, kind } = TABS[tab];
  return (
    <Box component="section" aria-label="Drill-down">
      <Card variant="outlined">
        <Box
          display="flex"
          alignItems="center"
          justifyContent="space-between"
          flexWrap="wrap"
          pr={2}
        >
          <Tabs
            value={tab}
            onChange={(_event, next: number) => {
              setTab(next);
              csv.clearError();
            }}
            aria-label="Records behind the metrics"
          >
            {TABS.map(t => (
              <Tab
                key={t.kind}
                label={t.label}
                id={`dora-tab-${t.label}`}
                aria-controls={`dora-tabpanel-${t.label}`}
              />
            ))}
          </Tabs>
          <Button
            size="small"
            variant="outlined"
            startIcon={<DownloadIcon fontSize="small" />}
            disabled={csv.downloading}
            onClick={() => csv.download(kind)}
            title={`The ${label.toLocaleLowerCase(
              'en-US',
            )} of this view, as a CSV file`}
          >
            Download CSV
          </Button>
        </Box>
        {csv.error && (
          <Alert
            severity="error"
            onClose={csv.clearError}
            sx={{ mx: 2, mb: 1 }}
          >
            Could not download the {label.toLocaleLowerCase('en-US')} as CSV:{' '}
            {errorMessage(csv.error)}
          </Alert>
        )}
        <Box
          role="tabpanel"
          id={`dora-tabpanel-${label}`}
          aria-labelledby={`dora-tab-${label}`}
        >
          {tab === 0 && (
            <DrillDownTable<DeploymentDetail>
              title="Production deployments"
              load={async () => (await doraApi.deployments(filter)).deployments}
              deps={[doraApi, filter]}
              columns={deploymentColumns(showService)}
              empty="No production deployment in this window."
            />
          )}
          {tab === 1 && (
            <DrillDownTable<ChangeDetail>
              title="Pull requests shipped"
              load={async () => (await doraApi.changes(filter)).changes}
              deps={[doraApi, filter]}
              columns={changeColumns(showService)}
              empty="No merged pull request was shipped in this window."
            />
          )}
          {tab === 2 && (
            <DrillDownTable<IncidentDetail>
              title="Incidents"
              load={async () => (await doraApi.incidents(filter)).incidents}
              deps={[doraApi, filter]}
              columns={incidentColumns(showService)}
              empty="No incident opened in this window."
            />
          )}
        </Box>
      </Card>
    </Box>
  );
}
