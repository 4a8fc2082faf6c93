import { DoraSeriesPoint } from '@internal/plugin-dora-common';
import { computeDoraMetrics, DoraMetricsInput } from './computeDoraMetrics';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The periods of a window: consecutive 7-day weeks from `from`, or calendar
 * months (UTC); the last period ends at `to`, so it may be shorter.
 */
export function seriesPeriods(
  window: { from: Date; to: Date },
  granularity: 'week' | 'month',
): { from: Date; to: Date }[] {
  const periods: { from: Date; to: Date }[] = [];
  let start = window.from;
  while (start < window.to) {
    const next =
      granularity === 'week'
        ? new Date(start.getTime() + 7 * DAY_MS)
        : new Date(
            Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1),
          );
    const end = next < window.to ? next : window.to;
    periods.push({ from: start, to: end });
    start = end;
  }
  return periods;
}

/** The metrics of each period, computed exactly as for the whole window. */
export function computeSeries(
  input: DoraMetricsInput,
  granularity: 'week' | 'month',
): DoraSeriesPoint[] {
  return seriesPeriods(input.window, granularity).map(period => {
    const m = computeDoraMetrics({ ...input, window: period });
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      deployments: m.deploymentFrequency.deployments,
      deploymentsPerDay: m.deploymentFrequency.perDay,
      leadTimeMedianSeconds: m.leadTime.medianSeconds,
      changeFailureRate: m.changeFailureRate.rate,
      failedDeploymentRecoveryMedianSeconds:
        m.failedDeploymentRecoveryTime.medianSeconds,
      timeToRestoreMedianSeconds: m.timeToRestore.medianSeconds,
      reworkRate: m.reworkRate.rate,
    };
  });
}
