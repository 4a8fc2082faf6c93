import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { DoraSeriesPoint } from '@internal/plugin-dora-common';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import { useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import useAsync from 'react-use/esm/useAsync';
import { DoraFilter, doraApiRef, SeriesGranularity } from '../api/DoraApi';
import { formatDay, formatDuration } from './formatting';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Lead time on the right axis in hours, or in days when some period's median passes two days. */
export function leadTimeUnit(points: DoraSeriesPoint[]): {
  seconds: number;
  label: string;
} {
  const longest = Math.max(
    0,
    ...points.map(point => point.leadTimeMedianSeconds ?? 0),
  );
  return longest >= 2 * DAY
    ? { seconds: DAY, label: 'days' }
    : { seconds: HOUR, label: 'hours' };
}

/** A window's granularity: weeks, or months for a year. */
export function granularityFor(windowDays: number): SeriesGranularity {
  return windowDays >= 365 ? 'month' : 'week';
}

/**
 * Deployments per period (bars) and the median lead time (line) over the
 * window, from `GET /series`.
 */
export function TrendChart(props: { filter: DoraFilter }) {
  const { filter } = props;
  const doraApi = useApi(doraApiRef);
  const theme = useTheme();
  const granularity = granularityFor(filter.windowDays ?? 30);
  const { value, loading, error } = useAsync(
    () => doraApi.series(filter, granularity),
    [doraApi, filter, granularity],
  );
  const period = granularity === 'month' ? 'month' : 'week';

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value?.points.length) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No periods to show for this window.
      </Typography>
    );
  } else {
    const points = [...value.points].sort((a, b) =>
      a.from.localeCompare(b.from),
    );
    const unit = leadTimeUnit(points);
    const data = points.map(point => ({
      period: formatDay(point.from),
      deployments: point.deployments,
      leadTime:
        point.leadTimeMedianSeconds === null
          ? null
          : Number((point.leadTimeMedianSeconds / unit.seconds).toFixed(2)),
      leadTimeSeconds: point.leadTimeMedianSeconds,
    }));
    body = (
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" />
          <YAxis
            yAxisId="deployments"
            allowDecimals={false}
            label={{
              value: 'deployments',
              angle: -90,
              position: 'insideLeft',
            }}
          />
          <YAxis
            yAxisId="leadTime"
            orientation="right"
            label={{
              value: `lead time (${unit.label})`,
              angle: 90,
              position: 'insideRight',
            }}
          />
          <Tooltip
            formatter={(
              formatted: unknown,
              name: unknown,
              item: { payload?: { leadTimeSeconds?: number | null } },
            ) =>
              name === 'Lead time (median)'
                ? formatDuration(item.payload?.leadTimeSeconds ?? null)
                : String(formatted)
            }
          />
          <Legend />
          <Bar
            yAxisId="deployments"
            dataKey="deployments"
            name="Deployments"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
          <Line
            yAxisId="leadTime"
            dataKey="leadTime"
            name="Lead time (median)"
            type="monotone"
            stroke={theme.palette.secondary.main}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    );
  }

  return (
    <Box component="section" aria-label="Trend" mb={2}>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Deployments and lead time per {period}
          </Typography>
          {body}
        </CardContent>
      </Card>
    </Box>
  );
}
