import {
  compareVersions,
  GeneratedService,
  VersionLag,
} from '@internal/plugin-golden-paths-common';
import Box from '@mui/material/Box';
import Chip, { ChipProps } from '@mui/material/Chip';

/** How each lag reads on a chip. */
export const LAG_LABELS: Record<VersionLag, string> = {
  current: 'current',
  patch: 'patch behind',
  minor: 'minor behind',
  major: 'major behind',
  unknown: 'version unknown',
};

/** Chip colours by severity. */
export const LAG_COLORS: Record<VersionLag, ChipProps['color']> = {
  current: 'success',
  patch: 'info',
  minor: 'warning',
  major: 'error',
  unknown: 'default',
};

/** The order counts are listed in: up to date first, then further and further behind. */
const COUNT_ORDER: VersionLag[] = [
  'current',
  'patch',
  'minor',
  'major',
  'unknown',
];

/** Most behind first; an unknown version before the services known to be current. */
const SEVERITY: Record<VersionLag, number> = {
  major: 0,
  minor: 1,
  patch: 2,
  unknown: 3,
  current: 4,
};

/** True when the service is known to be behind its template. */
export function isBehind(lag: VersionLag): boolean {
  return lag === 'major' || lag === 'minor' || lag === 'patch';
}

/**
 * Services most behind first (major, minor, patch, unknown, current); within
 * a lag, the oldest version first, then by name.
 */
export function sortMostBehindFirst(
  services: GeneratedService[],
): GeneratedService[] {
  return [...services].sort(
    (a, b) =>
      SEVERITY[a.lag] - SEVERITY[b.lag] ||
      compareVersions(a.version ?? '', b.version ?? '') ||
      a.name.localeCompare(b.name, 'en-US'),
  );
}

/** A service's lag as a coloured chip. */
export function LagChip(props: { lag: VersionLag }) {
  return (
    <Chip
      size="small"
      label={LAG_LABELS[props.lag]}
      color={LAG_COLORS[props.lag]}
    />
  );
}

/** "3 current · 1 minor behind · 1 major behind", as chips; nothing for zero. */
export function lagCountsText(
  counts: Partial<Record<VersionLag, number>>,
): string {
  return COUNT_ORDER.filter(lag => (counts[lag] ?? 0) > 0)
    .map(lag => `${counts[lag]} ${LAG_LABELS[lag]}`)
    .join(' · ');
}

/** The services of a template per lag, one chip per lag that has any. */
export function LagCounts(props: {
  counts: Partial<Record<VersionLag, number>>;
}) {
  const { counts } = props;
  const lags = COUNT_ORDER.filter(lag => (counts[lag] ?? 0) > 0);
  if (lags.length === 0) return <>—</>;
  return (
    <Box
      display="flex"
      gap={0.5}
      flexWrap="wrap"
      role="group"
      aria-label={lagCountsText(counts)}
    >
      {lags.map(lag => (
        <Chip
          key={lag}
          size="small"
          variant={lag === 'current' ? 'outlined' : 'filled'}
          label={`${counts[lag]} ${LAG_LABELS[lag]}`}
          color={LAG_COLORS[lag]}
        />
      ))}
    </Box>
  );
}
