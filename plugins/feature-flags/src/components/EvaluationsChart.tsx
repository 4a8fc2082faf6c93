import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EVALUATION_ERROR_BUCKET,
  EvaluationSeries,
} from '@internal/plugin-feature-flags-common';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import { useTheme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { formatDateTime } from './formatting';

const WINDOWS = [
  { hours: 1, label: '1 h' },
  { hours: 24, label: '24 h' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];

/** Variants in the order they are stacked: by name, errors on top. */
export function seriesVariants(series: EvaluationSeries): string[] {
  const names = new Set(Object.keys(series.totals));
  series.points.forEach(point =>
    Object.keys(point.counts).forEach(name => names.add(name)),
  );
  return [...names].sort((a, b) => {
    if (a === EVALUATION_ERROR_BUCKET) return 1;
    if (b === EVALUATION_ERROR_BUCKET) return -1;
    return a.localeCompare(b);
  });
}

/**
 * Every bucket of the window, with zeros where the backend left out a bucket
 * without evaluations, so the time axis does not skip quiet periods. The
 * buckets are anchored on the first point the backend returned.
 */
export function fillBuckets(
  series: EvaluationSeries,
  variants: string[],
): Array<{ at: string; counts: Record<string, number> }> {
  const zeros = Object.fromEntries(variants.map(name => [name, 0]));
  const points = [...series.points].sort((a, b) => a.at.localeCompare(b.at));
  const step = series.intervalMinutes * 60_000;
  if (points.length === 0 || !(step > 0)) {
    return points.map(point => ({
      at: point.at,
      counts: { ...zeros, ...point.counts },
    }));
  }
  const anchor = Date.parse(points[0].at);
  const from = Date.parse(series.from);
  const last = Date.parse(points[points.length - 1].at);
  const to = Math.max(Date.parse(series.to) || last, last);
  const start = Number.isNaN(from)
    ? anchor
    : anchor - Math.floor((anchor - from) / step) * step;
  const buckets: Array<{ at: string; counts: Record<string, number> }> = [];
  for (let at = start; at <= to; at += step) {
    buckets.push({ at: new Date(at).toISOString(), counts: { ...zeros } });
  }
  for (const point of points) {
    const bucket = buckets[Math.round((Date.parse(point.at) - start) / step)];
    if (!bucket) continue;
    for (const [name, count] of Object.entries(point.counts)) {
      bucket.counts[name] = (bucket.counts[name] ?? 0) + count;
    }
  }
  return buckets;
}

/** `14:05` within a day, `11-20 14:05` beyond. */
function timeLabel(at: string, hours: number): string {
  const formatted = formatDateTime(at);
  return hours <= 24 ? formatted.slice(11) : formatted.slice(5);
}

function Totals(props: { series: EvaluationSeries; windowLabel: string }) {
  const { series, windowLabel } = props;
  const variants = seriesVariants(series);
  if (variants.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No evaluations in {series.environment} in the last {windowLabel}.
        Services evaluate flags over OFREP with an API key of this component
        (see API keys).
        {series.lastEvaluatedAt &&
          ` Last evaluated ${formatDateTime(series.lastEvaluatedAt)}.`}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" aria-label="Evaluation totals">
      Last {windowLabel} in {series.environment}:{' '}
      {variants
        .map(
          name =>
            `${name} ${(series.totals[name] ?? 0).toLocaleString('en-US')}`,
        )
        .join(' · ')}
      {series.lastEvaluatedAt &&
        ` — last evaluated ${formatDateTime(series.lastEvaluatedAt)}`}
    </Typography>
  );
}

/**
 * Evaluations of a flag per variant over time (stacked), in one
 * environment and window: how a rollout takes effect, and errors.
 */
export function EvaluationsChart(props: {
  entityRef: string;
  flagKey: string;
  environments: string[];
  initialEnvironment: string;
  /** Changes when the flag is saved, to read the counts again. */
  refreshKey?: string;
}) {
  const { entityRef, flagKey, environments } = props;
  const api = useApi(featureFlagsApiRef);
  const theme = useTheme();
  const [environment, setEnvironment] = useState(props.initialEnvironment);
  const [hours, setHours] = useState(24);
  const { value, loading, error } = useAsync(
    () => api.getEvaluations(entityRef, flagKey, { environment, hours }),
    [api, entityRef, flagKey, environment, hours, props.refreshKey],
  );
  const windowLabel =
    WINDOWS.find(w => w.hours === hours)?.label ?? `${hours} h`;
  // On green, off grey, errors red, as on the rollout chips; others in turn.
  const fixedColors: Record<string, string> = {
    on: theme.palette.success.main,
    off: theme.palette.grey[500],
    [EVALUATION_ERROR_BUCKET]: theme.palette.error.main,
  };
  const palette = [
    theme.palette.primary.main,
    theme.palette.warning.main,
    theme.palette.secondary.main,
    theme.palette.info.main,
    theme.palette.success.light,
  ];
  const colorOf = (name: string, i: number) =>
    fixedColors[name] ?? palette[i % palette.length];

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (value) {
    const variants = seriesVariants(value);
    const data = fillBuckets(value, variants).map(point => ({
      time: timeLabel(point.at, hours),
      ...point.counts,
    }));
    body = (
      <>
        <Totals series={value} windowLabel={windowLabel} />
        {variants.length > 0 && (
          <ResponsiveContainer width="100%" height={240}>
            <AreaChart data={data} margin={{ top: 8, right: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="time" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {variants.map((name, i) => (
                <Area
                  key={name}
                  type="stepAfter"
                  dataKey={name}
                  name={name}
                  stackId="variants"
                  stroke={colorOf(name, i)}
                  fill={colorOf(name, i)}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        )}
      </>
    );
  }

  return (
    <Box component="section" aria-label="Evaluations">
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={1}>
        <Typography variant="h6" component="h3" sx={{ flex: 1 }}>
          Evaluations per variant
        </Typography>
        <TextField
          select
          size="small"
          label="Environment"
          value={environment}
          onChange={event => setEnvironment(event.target.value)}
          sx={{ minWidth: 160 }}
        >
          {environments.map(name => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <ToggleButtonGroup
          exclusive
          size="small"
          aria-label="Window"
          value={hours}
          onChange={(_event, next: number | null) => {
            if (next) setHours(next);
          }}
        >
          {WINDOWS.map(w => (
            <ToggleButton key={w.hours} value={w.hours}>
              {w.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      {body}
    </Box>
  );
}
