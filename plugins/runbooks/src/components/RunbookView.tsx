import { Link } from '@backstage/core-components';
import {
  RunbookDetail,
  RunbookSummary,
} from '@internal/plugin-runbooks-common';
import EditIcon from '@material-ui/icons/Edit';
import PhoneIcon from '@material-ui/icons/PhoneInTalk';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { EntityName } from './EntityName';
import { formatDate } from './formatting';
import { MissingSections } from './MissingSections';
import { ProblemsTable } from './ProblemsTable';
import { RunbookHtml } from './RunbookHtml';
import { useRunbookPaths } from './useRunbookPaths';

/** "Edit on GitHub" for GitHub, else a neutral label. */
function editLabel(url: string): string {
  try {
    return new URL(url).hostname.endsWith('github.com')
      ? 'Edit on GitHub'
      : 'Edit the source';
  } catch {
    return 'Edit the source';
  }
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box component="div" sx={{ minWidth: 0 }}>
      <Typography
        variant="caption"
        color="text.secondary"
        component="dt"
        sx={{ textTransform: 'uppercase', letterSpacing: 0.5 }}
      >
        {props.label}
      </Typography>
      <Typography variant="body1" component="dd" sx={{ m: 0 }}>
        {props.children}
      </Typography>
    </Box>
  );
}

/** A runbook's facts: service, owner, severity, review date, alerts, and where to edit it. */
export function RunbookFacts(props: { runbook: RunbookSummary }) {
  const { runbook } = props;
  const paths = useRunbookPaths();
  return (
    <Box component="section" aria-label="About this runbook" mb={2}>
      <Box
        component="dl"
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          columnGap: 4,
          rowGap: 1,
          m: 0,
          mb: 1.5,
        }}
      >
        <Fact label="Service">
          <EntityName entityRef={runbook.entityRef} />
        </Fact>
        <Fact label="Owner">
          {runbook.owner ? (
            <EntityName entityRef={runbook.owner} kind="group" />
          ) : (
            'not named'
          )}
        </Fact>
        {runbook.severity && (
          <Fact label="Severity">
            <Chip size="small" label={runbook.severity} />
          </Fact>
        )}
        <Fact label="Last reviewed">
          {runbook.lastReviewed ? formatDate(runbook.lastReviewed) : 'never'}
        </Fact>
        {runbook.alerts.length > 0 && (
          <Fact label={runbook.alerts.length === 1 ? 'Alert' : 'Alerts'}>
            <Box
              component="span"
              sx={{ display: 'inline-flex', flexWrap: 'wrap', gap: 0.5 }}
            >
              {runbook.alerts.map(alert => (
                <Chip
                  key={alert}
                  size="small"
                  variant="outlined"
                  label={alert}
                />
              ))}
            </Box>
          </Fact>
        )}
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 3 }}>
        <Link to={runbook.url}>
          <Box component="span" sx={{ display: 'inline-flex', gap: 0.5 }}>
            <EditIcon fontSize="small" />
            {editLabel(runbook.url)}
          </Box>
        </Link>
        <Link to={paths.oncall(runbook.entityRef)}>
          <Box component="span" sx={{ display: 'inline-flex', gap: 0.5 }}>
            <PhoneIcon fontSize="small" />
            On-call page
          </Box>
        </Link>
        <Typography variant="body2" color="text.secondary" component="span">
          <code>{runbook.path}</code>
          {runbook.commit && <> at {runbook.commit.sha.slice(0, 7)}</>}
        </Typography>
      </Box>
    </Box>
  );
}

/**
 * One runbook: its title, facts and rendered text; with `showQuality`, also
 * the required sections it lacks and the problems found in it.
 */
export function RunbookView(props: {
  runbook: RunbookDetail;
  headingLevel?: 'h1' | 'h2';
  showQuality?: boolean;
}) {
  const { runbook, showQuality } = props;
  return (
    <Box component="article" aria-label={runbook.title}>
      <Typography
        variant="h4"
        component={props.headingLevel ?? 'h1'}
        gutterBottom
        sx={{ overflowWrap: 'anywhere' }}
      >
        {runbook.title}
      </Typography>
      <RunbookFacts runbook={runbook} />
      {showQuality && (
        <MissingSections sections={runbook.missingSections} scope="runbook" />
      )}
      <RunbookHtml html={runbook.html} label="Runbook" />
      {showQuality && runbook.problems.length > 0 && (
        <Box component="section" aria-label="Problems" mt={3}>
          <ProblemsTable
            problems={runbook.problems}
            showService={false}
            showRepo={false}
          />
        </Box>
      )}
    </Box>
  );
}
