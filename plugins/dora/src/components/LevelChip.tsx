import {
  BandsVersion,
  PERFORMANCE_BANDS,
  PerformanceLevel,
} from '@internal/plugin-dora-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { bandLines, levelLabel, RankedMetric } from './formatting';

/** Fixed colours with readable text in light and dark themes. */
const COLOURS: Record<PerformanceLevel, { bg: string; fg: string }> = {
  elite: { bg: '#2e7d32', fg: '#ffffff' },
  high: { bg: '#c8e6c9', fg: '#1b5e20' },
  medium: { bg: '#ffecb3', fg: '#6d4c00' },
  low: { bg: '#ffcdd2', fg: '#b71c1c' },
};

/**
 * A performance level as a coloured chip (`Elite`, `High`, `Medium`, `Low`,
 * or `No data`); with `metric` and `bands`, hovering it shows what each level
 * needs under that report.
 */
export function LevelChip(props: {
  level: PerformanceLevel | null | undefined;
  metric?: RankedMetric;
  bands?: BandsVersion;
}) {
  const { level, metric, bands } = props;
  const colours = level ? COLOURS[level] : undefined;
  const chip = (
    <Chip
      size="small"
      label={levelLabel(level)}
      variant={colours ? 'filled' : 'outlined'}
      data-level={level ?? 'none'}
      sx={
        colours
          ? { bgcolor: colours.bg, color: colours.fg, fontWeight: 600 }
          : undefined
      }
    />
  );
  if (!metric || !bands) return chip;
  const performanceBands = PERFORMANCE_BANDS[bands];
  return (
    <Tooltip
      describeChild
      title={
        <>
          <Typography variant="caption" component="div" fontWeight={600}>
            {performanceBands.title}
          </Typography>
          {bandLines(metric, performanceBands).map(line => (
            <Typography variant="caption" component="div" key={line}>
              {line}
            </Typography>
          ))}
        </>
      }
    >
      {chip}
    </Tooltip>
  );
}
