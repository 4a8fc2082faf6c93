import { DurationSummary } from '@internal/plugin-dora-common';

/**
 * The `p`-th percentile of `values` as PostgreSQL's `percentile_cont`
 * computes it: sort the values, take the (fractional) position
 * `p × (n − 1)` and interpolate linearly between the two values either side
 * of it. The median of an even number of values is the mean of the middle
 * two. `null` for no values.
 *
 * @param p - between 0 and 1 inclusive (0.5 is the median, 0.9 the 90th percentile)
 */
export function percentileCont(values: number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  }
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  if (lower === upper) return sorted[lower];
  return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
}

/** The count, median and 90th percentile of a set of durations in seconds. */
export function summarizeDurations(seconds: number[]): DurationSummary {
  return {
    count: seconds.length,
    medianSeconds: percentileCont(seconds, 0.5),
    p90Seconds: percentileCont(seconds, 0.9),
  };
}
