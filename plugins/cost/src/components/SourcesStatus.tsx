import { CostSource, CostSourcesResponse } from '@internal/plugin-cost-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';

const KIND_LABELS: Record<CostSource['kind'], string> = {
  'focus-file': 'FOCUS file',
  opencost: 'OpenCost',
  'aws-cost-explorer': 'AWS Cost Explorer',
  upload: 'uploads',
};

export const formatTime = (iso: string) =>
  `${new Date(iso).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  })} UTC`;

/**
 * Where the data comes from and whether it is fresh: a warning naming each
 * stale source and why (its last import failed, with the first problem;
 * nothing imported yet; the last good import too old), else when the
 * newest import finished.
 */
export function SourcesStatus(props: { value: CostSourcesResponse }) {
  const { sources } = props.value;
  const stale = sources.filter(source => source.stale);
  if (stale.length > 0) {
    return (
      <Alert severity="warning" role="alert" sx={{ mb: 2 }}>
        <Typography variant="body2">Some cost data may be stale:</Typography>
        <ul>
          {stale.map(source => (
            <li key={source.source}>
              <strong>{source.source}</strong> ({KIND_LABELS[source.kind]}):{' '}
              {source.reason}
            </li>
          ))}
        </ul>
      </Alert>
    );
  }
  const newest = sources
    .map(source => source.lastSucceeded)
    .filter((i): i is NonNullable<typeof i> => Boolean(i))
    .sort((a, b) =>
      (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt),
    )[0];
  if (!newest) return null;
  return (
    <Typography variant="body2" color="text.secondary" mb={2}>
      {sources.length === 1 ? '1 source' : `${sources.length} sources`}, all up
      to date. Last import: {newest.source}
      {newest.fileName ? ` (${newest.fileName})` : ''}, {newest.rows} line
      items, {formatTime(newest.finishedAt ?? newest.startedAt)}.
    </Typography>
  );
}
