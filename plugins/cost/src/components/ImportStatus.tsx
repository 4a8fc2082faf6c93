import { CostImport } from '@internal/plugin-cost-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';

const formatTime = (iso: string) =>
  `${new Date(iso).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  })} UTC`;

/**
 * The last import: when it ran and how it went. A failed one means the
 * data shown may be stale, so it says why, with its first problems.
 */
export function ImportStatus(props: { imports: CostImport[] }) {
  const [last] = props.imports;
  if (!last) return null;
  const lastSucceeded = props.imports.find(i => i.status === 'succeeded');
  const what = `${last.source}${last.fileName ? ` (${last.fileName})` : ''}`;
  if (last.status === 'failed') {
    return (
      <Alert severity="warning" role="alert" sx={{ mb: 2 }}>
        <Typography variant="body2">
          The last import of {what} failed at{' '}
          {formatTime(last.finishedAt ?? last.startedAt)} with{' '}
          {last.problemCount} problem{last.problemCount === 1 ? '' : 's'}: the
          data may be stale
          {lastSucceeded
            ? ` (last successful import ${formatTime(
                lastSucceeded.finishedAt ?? lastSucceeded.startedAt,
              )})`
            : ''}
          .
        </Typography>
        <ul>
          {last.problems.slice(0, 5).map((problem, index) => (
            <li key={index}>
              line {problem.line}
              {problem.column ? `, ${problem.column}` : ''}: {problem.message}
            </li>
          ))}
        </ul>
      </Alert>
    );
  }
  return (
    <Typography variant="body2" color="text.secondary" mb={2}>
      {last.status === 'running'
        ? `Importing ${what} since ${formatTime(last.startedAt)}…`
        : `Last import: ${what}, ${last.rows} line items, ${formatTime(
            last.finishedAt ?? last.startedAt,
          )}.`}
    </Typography>
  );
}
