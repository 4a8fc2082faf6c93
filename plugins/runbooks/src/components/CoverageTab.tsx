import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  CoverageComponent,
  CoverageResponse,
  RunbookSummary,
  UncoveredAlert,
} from '@internal/plugin-runbooks-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { runbooksApiRef } from '../api/RunbooksApi';
import { EntityName } from './EntityName';
import {
  formatDate,
  NO_VALUE,
  sectionLabels,
  staleReasonLabel,
  uncoveredReasonLabel,
} from './formatting';
import { useRunbookPaths } from './useRunbookPaths';

/** The review ages people pick from. */
export const STALE_DAYS_CHOICES = [30, 90, 180, 365] as const;

function Tile(props: { label: string; value: number; of?: number }) {
  const { label, value, of } = props;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={label}
      sx={{ p: 2, minWidth: 140, flex: '1 1 140px' }}
    >
      <Typography variant="h4" component="p">
        {value}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {label}
        {of !== undefined && of > 0 && ` · ${Math.round((value / of) * 100)}%`}
      </Typography>
    </Paper>
  );
}

function Summary(props: { coverage: CoverageResponse }) {
  const { summary, staleDays } = props.coverage;
  return (
    <Box
      component="section"
      aria-label="Coverage summary"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 3 }}
    >
      <Tile label="Components" value={summary.components} />
      <Tile
        label="With a runbook"
        value={summary.withRunbook}
        of={summary.components}
      />
      <Tile
        label="Complete (all five sections)"
        value={summary.complete}
        of={summary.components}
      />
      <Tile
        label={`Stale (not reviewed in ${staleDays} days or since an incident)`}
        value={summary.stale}
        of={summary.components}
      />
      <Tile label="Runbooks" value={summary.runbooks} />
      <Tile label="Problems" value={summary.problems} />
    </Box>
  );
}

type ComponentRow = CoverageComponent & { id: string };

function ComponentsTable(props: { coverage: CoverageResponse }) {
  const { coverage } = props;
  const entityLink = useEntityRefLink();
  const columns: TableColumn<ComponentRow>[] = [
    {
      title: 'Component',
      field: 'title',
      highlight: true,
      render: row => <EntityName entityRef={row.entityRef} title={row.title} />,
    },
    {
      title: 'Owner',
      field: 'owner',
      render: row =>
        row.owner ? (
          <EntityName entityRef={row.owner} kind="group" />
        ) : (
          NO_VALUE
        ),
    },
    {
      title: 'Runbooks',
      field: 'runbookCount',
      type: 'numeric',
      render: row => (
        <Link
          to={`${entityLink(row.entityRef)}/runbooks`}
          aria-label={`Runbooks of ${row.title}`}
        >
          {row.runbookCount}
        </Link>
      ),
    },
    {
      title: 'Missing sections',
      field: 'missingSections',
      customSort: (a, b) => a.missingSections.length - b.missingSections.length,
      render: row =>
        row.runbookCount === 0
          ? 'no runbook'
          : sectionLabels(row.missingSections).join(', ') || 'none',
    },
    {
      title: 'Last reviewed',
      field: 'lastReviewed',
      render: row => formatDate(row.lastReviewed),
    },
    {
      title: 'Stale',
      field: 'stale',
      customSort: (a, b) => a.stale.length - b.stale.length,
      render: row =>
        row.stale.length === 0
          ? NO_VALUE
          : row.stale
              .map(reason => staleReasonLabel(reason, row, coverage.staleDays))
              .join('; '),
    },
    { title: 'Problems', field: 'problemCount', type: 'numeric' },
  ];
  const rows = coverage.components.map(component => ({
    ...component,
    id: component.entityRef,
  }));
  return (
    <Box component="section" aria-label="Production components" mb={3}>
      <Table<ComponentRow>
        title={`Production components (${rows.length})`}
        options={{
          paging: rows.length > 25,
          pageSize: 25,
          padding: 'dense',
          search: rows.length > 5,
        }}
        columns={columns}
        data={rows}
      />
    </Box>
  );
}

type UncoveredRow = UncoveredAlert & { id: string };

function AlertsWithoutRunbook(props: { coverage: CoverageResponse }) {
  const paths = useRunbookPaths();
  const { alertsWithoutRunbook, rulesSources } = props.coverage;
  const columns: TableColumn<UncoveredRow>[] = [
    {
      title: 'Alert',
      field: 'alert',
      highlight: true,
      render: row => <Link to={paths.alert(row.alert)}>{row.alert}</Link>,
    },
    { title: 'Rules', field: 'rulesSource' },
    {
      title: 'runbook_url',
      field: 'runbookUrl',
      render: row =>
        row.runbookUrl ? <code>{row.runbookUrl}</code> : NO_VALUE,
    },
    {
      title: 'Why',
      field: 'reason',
      render: row => uncoveredReasonLabel(row.reason),
    },
  ];
  const rows = alertsWithoutRunbook.map((alert, index) => ({
    ...alert,
    id: `${alert.rulesSource}-${alert.alert}-${index}`,
  }));
  return (
    <Box component="section" aria-label="Alerts without a runbook" mb={3}>
      {rulesSources.length === 0 ? (
        <Alert severity="info">
          No Prometheus rules are configured (
          <code>runbooks.prometheusRules</code>), so Paved cannot tell which
          alerts lack a runbook.
        </Alert>
      ) : (
        <>
          {rulesSources
            .filter(source => source.error)
            .map(source => (
              <Alert key={source.source} severity="warning" sx={{ mb: 1 }}>
                Could not read the rules at <code>{source.source}</code>:{' '}
                {source.error}
              </Alert>
            ))}
          <Table<UncoveredRow>
            title={`Alerts without a runbook (${rows.length})`}
            subtitle={`Rules read from ${rulesSources
              .map(source => `${source.source} (${source.alertCount} alerts)`)
              .join(', ')}`}
            options={{
              paging: rows.length > 25,
              pageSize: 25,
              padding: 'dense',
              search: rows.length > 5,
            }}
            columns={columns}
            data={rows}
            emptyContent={
              <Typography sx={{ p: 2 }}>
                Every alert the rules fire has a runbook.
              </Typography>
            }
          />
        </>
      )}
    </Box>
  );
}

type UnmatchedRow = { id: string; alert: string; runbook: RunbookSummary };

function RunbooksMatchingNoAlert(props: { coverage: CoverageResponse }) {
  const paths = useRunbookPaths();
  const { runbooksMatchingNoAlert, rulesSources } = props.coverage;
  if (rulesSources.length === 0) return null;
  const columns: TableColumn<UnmatchedRow>[] = [
    { title: 'Alert', field: 'alert', highlight: true },
    {
      title: 'Runbook',
      field: 'runbook.title',
      render: row => (
        <Link to={paths.runbook(row.runbook.id)}>{row.runbook.title}</Link>
      ),
    },
    {
      title: 'Service',
      field: 'runbook.entityRef',
      render: row => <EntityName entityRef={row.runbook.entityRef} />,
    },
  ];
  const rows = runbooksMatchingNoAlert.map((item, index) => ({
    ...item,
    id: `${item.runbook.id}-${item.alert}-${index}`,
  }));
  return (
    <Box component="section" aria-label="Runbooks matching no alert" mb={3}>
      <Table<UnmatchedRow>
        title={`Runbooks matching no alert (${rows.length})`}
        subtitle="They name an alert no configured rule fires: renamed, removed, or misspelt"
        options={{
          paging: rows.length > 25,
          pageSize: 25,
          padding: 'dense',
          search: rows.length > 5,
        }}
        columns={columns}
        data={rows}
        emptyContent={
          <Typography sx={{ p: 2 }}>
            Every alert a runbook names is fired by a rule.
          </Typography>
        }
      />
    </Box>
  );
}

/**
 * Coverage for leads: how many production Components have complete,
 * recently reviewed runbooks, which alerts have none, and which runbooks
 * answer an alert nothing fires.
 */
export function CoverageTab() {
  const runbooksApi = useApi(runbooksApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const staleDaysParam = Number(searchParams.get('staleDays'));
  const staleDays =
    Number.isInteger(staleDaysParam) && staleDaysParam > 0
      ? staleDaysParam
      : undefined;
  const [ownerDraft, setOwnerDraft] = useState('');
  const [owner, setOwner] = useState('');
  useDebounce(() => setOwner(ownerDraft.trim()), 300, [ownerDraft]);

  const { value, loading, error } = useAsync(
    () => runbooksApi.getCoverage({ staleDays, owner: owner || undefined }),
    [runbooksApi, staleDays, owner],
  );

  const setStaleDays = (days: number) =>
    setSearchParams(
      previous => {
        const next = new URLSearchParams(previous);
        next.set('staleDays', String(days));
        return next;
      },
      { replace: true },
    );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value && value.components.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No production component"
        description="Coverage counts Components whose spec.lifecycle is production. Once the catalog has one, it is listed here with its runbooks."
      />
    );
  } else if (value) {
    body = (
      <>
        <Summary coverage={value} />
        <ComponentsTable coverage={value} />
        <AlertsWithoutRunbook coverage={value} />
        <RunbooksMatchingNoAlert coverage={value} />
      </>
    );
  }

  return (
    <Box component="section" aria-label="Coverage">
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 2,
          alignItems: 'center',
          mb: 2,
        }}
      >
        <ToggleButtonGroup
          exclusive
          size="small"
          aria-label="Stale after"
          value={staleDays ?? value?.staleDays ?? null}
          onChange={(_event, days: number | null) => {
            if (days) setStaleDays(days);
          }}
        >
          {STALE_DAYS_CHOICES.map(days => (
            <ToggleButton key={days} value={days}>
              {days} days
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <TextField
          size="small"
          label="Owned by"
          placeholder="group:default/checkout-squad"
          value={ownerDraft}
          onChange={event => setOwnerDraft(event.target.value)}
          InputLabelProps={{ shrink: true }}
          sx={{ minWidth: 260 }}
        />
      </Box>
      {body}
    </Box>
  );
}
