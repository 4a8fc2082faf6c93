import { CanonicalSection } from '@internal/plugin-runbooks-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { sectionLabels } from './formatting';

/**
 * Which of the five required sections are missing, and what heading adds
 * each. `scope` says whose they are: one runbook's, or none of a
 * Component's runbooks'.
 */
export function MissingSections(props: {
  sections: CanonicalSection[];
  scope: 'runbook' | 'component';
}) {
  if (props.sections.length === 0) return null;
  const labels = sectionLabels(props.sections);
  return (
    <Box component="section" aria-label="Missing sections" mb={2}>
      <Alert severity="warning">
        <AlertTitle>
          {props.scope === 'runbook'
            ? 'This runbook is missing: '
            : 'None of these runbooks has: '}
          {labels.join(', ')}
        </AlertTitle>
        <Typography variant="body2">
          Every production runbook needs a service overview, failure scenarios
          with diagnostic steps, remediation, the escalation path and external
          contacts. Add a heading for each, e.g.{' '}
          {labels.map((label, index) => (
            <span key={label}>
              {index > 0 && ', '}
              <code>## {label}</code>
            </span>
          ))}
          , with the steps under it; an empty heading does not count.
        </Typography>
      </Alert>
    </Box>
  );
}
