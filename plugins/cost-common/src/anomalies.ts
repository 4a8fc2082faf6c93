import { centsToAmount, Money } from './money';
import { DAY_MS, formatDay, parseDay } from './periods';

/** One day's EffectiveCost (`YYYY-MM-DD`, UTC); a decimal string or a number. */
export type DailyCost = { date: string; amount: string | number };

/**
 * The daily EffectiveCost of one group (owner or Component) in one
 * currency. Days missing between the first listed day and the end are 0;
 * history starts at the first listed day.
 */
export type DailyCostSeries = {
  key: string;
  currency: string;
  days: DailyCost[];
};

export type AnomalyParameters = {
  /** Trailing days the baseline reads. */
  baselineDays: number;
  /** Days of history a day needs before it is judged. */
  minHistoryDays: number;
  /** Robust z-score (|actual − baseline| / spread) from which a day is anomalous. */
  threshold: number;
  /** The smallest change that counts, in the currency's units… */
  minAbsoluteChange: number;
  /** …and as a fraction of the baseline. */
  minRelativeChange: number;
  /** Consecutive anomalous days in one direction up to the last day that make a level shift. */
  minStepDays: number;
};

export const DEFAULT_ANOMALY_PARAMETERS: AnomalyParameters = {
  baselineDays: 28,
  minHistoryDays: 14,
  threshold: 3.5,
  minAbsoluteChange: 1,
  minRelativeChange: 0.2,
  minStepDays: 3,
};

export const COST_ANOMALY_KINDS = ['spike', 'drop', 'step'] as const;
export type CostAnomalyKind = (typeof COST_ANOMALY_KINDS)[number];

export type CostAnomaly = {
  key: string;
  currency: string;
  /** The anomalous day (`YYYY-MM-DD`); for a step, its first day. */
  date: string;
  /** That day's EffectiveCost, and the baseline it was expected at. */
  actual: Money;
  expected: Money;
  /** actual − expected. */
  delta: Money;
  /** Robust z-score, to one decimal. */
  z: number;
  /** `step`: a level shift, up or down (the sign of `delta`), still on. */
  kind: CostAnomalyKind;
  /** Days the anomaly lasts: 1 for a spike or drop, the run's length for a step. */
  days: number;
};

/** MAD × 1.4826 estimates the standard deviation of normal noise. */
const MAD_SCALE = 1.4826;
/** The spread never goes below 5 % of the baseline, nor a cent: flat series do not divide by ~0. */
const RELATIVE_SPREAD_FLOOR = 0.05;
const SPREAD_FLOOR_CENTS = 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function toCents(amount: string | number): number {
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) {
    throw new Error(`"${amount}" is not an amount`);
  }
  return Math.round(value * 100);
}

type DayVerdict = {
  index: number;
  actual: number;
  expected: number;
  z: number;
  direction: 1 | -1;
};

/**
 * The baseline of day `index` from the `window` days before it: the median
 * of the same weekday when the window holds at least 3 of them (weekly
 * seasonality), else the median of all; the spread is 1.4826 × the median
 * absolute deviation from those medians, floored.
 */
function baselineOf(values: number[], index: number, window: number) {
  const start = Math.max(0, index - window);
  const trailing = values.slice(start, index);
  const sameWeekday = trailing.filter((_, i) => (index - start - i) % 7 === 0);
  const seasonal = sameWeekday.length >= 3;
  let expected: number;
  let residuals: number[];
  if (seasonal) {
    expected = median(sameWeekday);
    const byWeekday = new Map<number, number[]>();
    trailing.forEach((value, i) => {
      const weekday = (start + i) % 7;
      byWeekday.set(weekday, [...(byWeekday.get(weekday) ?? []), value]);
    });
    const medians = new Map(
      [...byWeekday].map(([weekday, list]) => [weekday, median(list)]),
    );
    residuals = trailing.map(
      (value, i) => value - medians.get((start + i) % 7)!,
    );
  } else {
    expected = median(trailing);
    residuals = trailing.map(value => value - expected);
  }
  const spread = Math.max(
    MAD_SCALE * median(residuals.map(Math.abs)),
    RELATIVE_SPREAD_FLOOR * Math.abs(expected),
    SPREAD_FLOOR_CENTS,
  );
  return { expected, spread };
}

/**
 * Anomalies of one series over [from, to] (inclusive days): the days whose
 * robust z-score is at least the threshold and whose change passes both
 * minimums. A run of at least `minStepDays` anomalous days in one direction
 * that lasts to `to` is one `step`, on its first day.
 */
function seriesAnomalies(
  series: DailyCostSeries,
  from: Date,
  to: Date,
  params: AnomalyParameters,
): CostAnomaly[] {
  const byDate = new Map<string, number>();
  for (const day of series.days) {
    byDate.set(day.date, (byDate.get(day.date) ?? 0) + toCents(day.amount));
  }
  const dates = [...byDate.keys()]
    .map(date => parseDay(date))
    .filter((d): d is Date => !!d && d <= to);
  if (dates.length === 0) return [];
  const first = Math.min(...dates.map(d => d.getTime()));
  const length = Math.round((to.getTime() - first) / DAY_MS) + 1;
  const dateAt = (index: number) => formatDay(new Date(first + index * DAY_MS));
  const values = Array.from(
    { length },
    (_, index) => byDate.get(dateAt(index)) ?? 0,
  );

  const verdicts: DayVerdict[] = [];
  const firstJudged = Math.max(
    params.minHistoryDays,
    Math.round((from.getTime() - first) / DAY_MS),
  );
  for (let index = firstJudged; index < length; index++) {
    const { expected, spread } = baselineOf(values, index, params.baselineDays);
    const actual = values[index];
    const delta = actual - expected;
    const z = delta / spread;
    if (
      Math.abs(z) >= params.threshold &&
      Math.abs(delta) >= params.minAbsoluteChange * 100 &&
      Math.abs(delta) >= params.minRelativeChange * Math.abs(expected)
    ) {
      verdicts.push({
        index,
        actual,
        expected,
        z,
        direction: delta > 0 ? 1 : -1,
      });
    }
  }

  // The run of anomalous days in one direction that lasts to the last day.
  let runStart = verdicts.length;
  const last = verdicts[verdicts.length - 1];
  if (last && last.index === length - 1) {
    runStart = verdicts.length - 1;
    while (
      runStart > 0 &&
      verdicts[runStart - 1].index === verdicts[runStart].index - 1 &&
      verdicts[runStart - 1].direction === last.direction
    ) {
      runStart--;
    }
    if (verdicts.length - runStart < params.minStepDays) {
      runStart = verdicts.length;
    }
  }

  const money = (cents: number): Money => ({
    currency: series.currency,
    amount: centsToAmount(cents),
  });
  const anomaly = (
    verdict: DayVerdict,
    kind: CostAnomalyKind,
    days: number,
  ): CostAnomaly => ({
    key: series.key,
    currency: series.currency,
    date: dateAt(verdict.index),
    actual: money(verdict.actual),
    expected: money(verdict.expected),
    delta: money(verdict.actual - Math.round(verdict.expected)),
    z: Math.round(verdict.z * 10) / 10,
    kind,
    days,
  });
  const anomalies = verdicts
    .slice(0, runStart)
    .map(v => anomaly(v, v.direction > 0 ? 'spike' : 'drop', 1));
  if (runStart < verdicts.length) {
    anomalies.push(
      anomaly(verdicts[runStart], 'step', verdicts.length - runStart),
    );
  }
  return anomalies;
}

/**
 * Cost anomalies: each day of [from, to] (inclusive) of each series (one
 * per group and currency, never added together) against a trailing
 * baseline with robust statistics. Newest first, then by |z|.
 */
export function detectCostAnomalies(input: {
  series: DailyCostSeries[];
  /** The first day judged (`YYYY-MM-DD`). */
  from: string;
  /** The last day judged: the last day with data, not necessarily today. */
  to: string;
  parameters?: Partial<AnomalyParameters>;
}): CostAnomaly[] {
  const params = { ...DEFAULT_ANOMALY_PARAMETERS, ...input.parameters };
  const from = parseDay(input.from);
  const to = parseDay(input.to);
  if (!from || !to) throw new Error('from and to must be days, YYYY-MM-DD');
  return input.series
    .flatMap(series => seriesAnomalies(series, from, to, params))
    .sort(
      (a, b) =>
        b.date.localeCompare(a.date) ||
        Math.abs(b.z) - Math.abs(a.z) ||
        a.key.localeCompare(b.key) ||
        a.currency.localeCompare(b.currency),
    );
}
