import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CANONICAL_SECTIONS,
  EntityRunbooksResponse,
  IndexRun,
  RunbookSourceStatus,
  RunbookSummary,
} from '@internal/plugin-runbooks-common';
import PhoneIcon from '@material-ui/icons/PhoneInTalk';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { runbooksApiRef } from '../api/RunbooksApi';
import { formatDate, formatDateTime, isHttpUrl } from './formatting';
import { MissingSections } from './MissingSections';
import { ProblemsTable } from './ProblemsTable';
import { RunbookView } from './RunbookView';
import { useRunbookPaths } from './useRunbookPaths';

/** Where the runbooks are read from, when, and what went wrong last time. */
function SourceStatus(props: { source?: RunbookSourceStatus }) {
  const { source } = props;
  return (
    <Box component="section" aria-label="Runbook source" mb={2}>
      {source ? (
        <>
          <Typography variant="body2">
            Read from{' '}
            {isHttpUrl(source.location) ? (
              // The location is a glob; its directory is what opens on the SCM.
              <Link to={source.location.replace(/\/\*\*$/, '')}>
                {source.location}
              </Link>
            ) : (
              <code>{source.location}</code>
            )}
            {source.commitSha && <> at {source.commitSha.slice(0, 7)}</>}
            {' · '}
            {source.lastReadAt
              ? `last read ${formatDateTime(source.lastReadAt)}`
              : 'not read yet'}
          </Typography>
          {source.lastError && (
            <Alert severity="error" sx={{ mt: 1 }}>
              The last read failed: {source.lastError}
            </Alert>
          )}
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Paved has not read this component’s runbooks yet.
        </Typography>
      )}
    </Box>
  );
}

/** The outcome of "Re-read now", in a line. */
function describeRun(run: IndexRun): string {
  const parts = [
    `${run.runbooks} ${run.runbooks === 1 ? 'runbook' : 'runbooks'}`,
    `${run.problems} ${run.problems === 1 ? 'problem' : 'problems'}`,
  ];
  if (run.sourcesUnchanged > 0) parts.push('unchanged since the last read');
  if (run.sourcesFailed > 0) parts.push('the source could not be read');
  return `Re-read: ${parts.join(', ')}.`;
}

/** Required sections that none of the runbooks has. */
function sectionsMissingEverywhere(runbooks: RunbookSummary[]) {
  return CANONICAL_SECTIONS.filter(section =>
    runbooks.every(runbook => runbook.missingSections.includes(section)),
  );
}

function RunbookList(props: {
  runbooks: RunbookSummary[];
  selectedId?: string;
  onSelect: (id: string) => void;
}) {
  return (
    <Box component="section" aria-label="Runbooks" mb={2}>
      <Typography variant="h6" component="h2">
        Runbooks ({props.runbooks.length})
      </Typography>
      <List dense>
        {props.runbooks.map(runbook => (
          <ListItemButton
            key={runbook.id}
            selected={runbook.id === props.selectedId}
            onClick={() => props.onSelect(runbook.id)}
            divider
          >
            <ListItemText
              primary={runbook.title}
              secondaryTypographyProps={{ component: 'div' }}
              secondary={
                <Box
                  sx={{
                    display: 'flex',
                    flexWrap: 'wrap',
                    gap: 0.5,
                    alignItems: 'center',
                  }}
                >
                  <code>{runbook.path}</code>
                  {runbook.severity && (
                    <Chip size="small" label={runbook.severity} />
                  )}
                  {runbook.alerts.map(alert => (
                    <Chip
                      key={alert}
                      size="small"
                      variant="outlined"
                      label={alert}
                    />
                  ))}
                  <span>
                    · reviewed{' '}
                    {runbook.lastReviewed
                      ? formatDate(runbook.lastReviewed)
                      : 'never'}
                  </span>
                  {runbook.missingSections.length > 0 && (
                    <span>
                      · {runbook.missingSections.length} sections missing
                    </span>
                  )}
                  {runbook.problemCount > 0 && (
                    <span>
                      · {runbook.problemCount}{' '}
                      {runbook.problemCount === 1 ? 'problem' : 'problems'}
                    </span>
                  )}
                </Box>
              }
            />
          </ListItemButton>
        ))}
      </List>
    </Box>
  );
}

/** The runbook picked in the list, fetched in full. */
function SelectedRunbook(props: { id: string }) {
  const runbooksApi = useApi(runbooksApiRef);
  const { value, loading, error } = useAsync(
    () => runbooksApi.getRunbook(props.id),
    [runbooksApi, props.id],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <RunbookView runbook={value} headingLevel="h2" showQuality />;
}

function NoRunbooks(props: { data: EntityRunbooksResponse }) {
  return (
    <EmptyState
      missing="content"
      title="No runbooks for this component"
      description={
        <>
          Paved reads runbooks from the component’s repository: every Markdown
          file under <code>docs/runbooks/</code> (
          <code>docs/runbooks/**.md</code>), or under the path its{' '}
          <code>paved.dev/runbooks</code> annotation names. To add one, commit a
          Markdown file there with the five sections — Overview, Failure
          scenarios, Remediation, Escalation, External contacts — and list the
          alerts it answers in front-matter (
          <code>alerts: [HighErrorRate]</code>
          ), then re-read.
          {props.data.source?.location && (
            <>
              {' '}
              This component is read from{' '}
              <code>{props.data.source.location}</code>.
            </>
          )}
        </>
      }
    />
  );
}

/**
 * The Runbooks tab of a Component: its runbooks (pick one to read it),
 * where they are read from, what is missing or broken, a "Re-read now"
 * button, and the way to the on-call page.
 */
export function RunbooksEntityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const runbooksApi = useApi(runbooksApiRef);
  const paths = useRunbookPaths();
  const [selectedId, setSelectedId] = useState<string>();

  const data = useAsyncRetry(
    () => runbooksApi.getEntityRunbooks(entityRef),
    [runbooksApi, entityRef],
  );
  const [refresh, reread] = useAsyncFn(async () => {
    const result = await runbooksApi.refresh({ entityRef });
    data.retry();
    return result;
  }, [runbooksApi, entityRef, data.retry]);

  const runbooks = data.value?.runbooks ?? [];
  const selected =
    runbooks.find(runbook => runbook.id === selectedId) ?? runbooks[0];

  let body;
  if (data.loading && !data.value) {
    body = <Progress />;
  } else if (data.error) {
    body = <ResponseErrorPanel error={data.error} />;
  } else if (data.value) {
    const value = data.value;
    body = (
      <>
        <SourceStatus source={value.source} />
        {value.runbooks.length === 0 ? (
          <NoRunbooks data={value} />
        ) : (
          <>
            <MissingSections
              sections={sectionsMissingEverywhere(value.runbooks)}
              scope="component"
            />
            <RunbookList
              runbooks={value.runbooks}
              selectedId={selected?.id}
              onSelect={setSelectedId}
            />
          </>
        )}
        {value.problems.length > 0 && (
          <Box component="section" aria-label="Problems" mb={2}>
            <ProblemsTable problems={value.problems} showService={false} />
          </Box>
        )}
        {selected && (
          <Box component="section" aria-label="Selected runbook" mt={3}>
            <SelectedRunbook id={selected.id} />
          </Box>
        )}
      </>
    );
  }

  return (
    <Box>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 2,
          alignItems: 'center',
          mb: 2,
        }}
      >
        <Button
          variant="outlined"
          startIcon={<RefreshIcon />}
          onClick={() => reread()}
          disabled={refresh.loading}
        >
          {refresh.loading ? 'Re-reading…' : 'Re-read now'}
        </Button>
        <Link to={paths.oncall(entityRef)}>
          <Box component="span" sx={{ display: 'inline-flex', gap: 0.5 }}>
            <PhoneIcon fontSize="small" />
            On-call page
          </Box>
        </Link>
        {refresh.value && !refresh.loading && (
          <Typography variant="body2" role="status">
            {describeRun(refresh.value.run)}
          </Typography>
        )}
      </Box>
      {refresh.error && !refresh.loading && (
        <Box mb={2}>
          <ResponseErrorPanel error={refresh.error} title="Re-read failed" />
        </Box>
      )}
      {body}
    </Box>
  );
}
