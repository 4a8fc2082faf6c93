import { amountToCents, centsToAmount, Money } from './money';
import { addMonths, DAY_MS, daysInMonth, Range } from './periods';

/** One group's cost in one month and currency (amounts rounded to cents). */
export type MonthlyGroupCost = {
  /** The group (entity ref, owner ref…); null is unallocated. */
  key: string | null;
  currency: string;
  effectiveCost: string;
  billedCost: string;
};

export type MonthOverMonthChange = {
  key: string | null;
  currency: string;
  /** EffectiveCost of the previous month and of this month (so far). */
  previous: Money;
  current: Money;
  /** BilledCost, for reconciling with the invoices. */
  previousBilled: Money;
  currentBilled: Money;
  previousDailyAverage: Money;
  currentDailyAverage: Money;
  /**
   * The difference of the daily averages over this month's length: what the
   * month costs more (or less) at the current rate than at last month's.
   */
  change: Money;
  /** The change of the daily average, in %, to one decimal; null when there was no cost before. */
  changePercent: number | null;
  /** Beyond the threshold either way, or new cost. */
  flagged: boolean;
};

export type MonthOverMonth = {
  /** `YYYY-MM`. */
  month: string;
  previousMonth: string;
  /** Days each month has data for, e.g. 9.5 for a month imported up to the 10th, noon. */
  previousDays: number;
  currentDays: number;
  thresholdPercent: number;
  /** By currency, then by increase, largest first. */
  changes: MonthOverMonthChange[];
};

/** Days of `coverage` inside the month starting at `monthStart`. */
function coveredDays(monthStart: Date, coverage: Range | undefined): number {
  if (!coverage) return 0;
  const from = Math.max(coverage.from.getTime(), monthStart.getTime());
  const to = Math.min(
    coverage.to.getTime(),
    addMonths(monthStart, 1).getTime(),
  );
  return to > from ? (to - from) / DAY_MS : 0;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Month-over-month change per group and currency, comparing daily averages
 * so that neither month lengths (28 to 31 days) nor a month imported only
 * part of the way (this month so far, or a first import that starts
 * mid-month) read as a change. Each month's days are those its data covers
 * (`coverage`: from the first charge period start to the last charge period
 * end, across all groups). A change is flagged when the daily average moved
 * by more than `thresholdPercent` either way, or when a group has cost it did
 * not have before; nothing is flagged while either month has no data.
 */
export function computeMonthOverMonth(input: {
  /** The first instant of this month. */
  month: Date;
  previous: MonthlyGroupCost[];
  current: MonthlyGroupCost[];
  previousCoverage?: Range;
  currentCoverage?: Range;
  thresholdPercent: number;
}): MonthOverMonth {
  const previousMonth = addMonths(input.month, -1);
  const previousDays = coveredDays(previousMonth, input.previousCoverage);
  const currentDays = coveredDays(input.month, input.currentCoverage);
  const monthLength = daysInMonth(input.month);

  type Pair = { previous?: MonthlyGroupCost; current?: MonthlyGroupCost };
  const pairs = new Map<
    string,
    Pair & { key: string | null; currency: string }
  >();
  const pairOf = (row: MonthlyGroupCost) => {
    const id = `${row.currency}\u0000${row.key ?? ''}\u0000${row.key === null}`;
    let pair = pairs.get(id);
    if (!pair) {
      pair = { key: row.key, currency: row.currency };
      pairs.set(id, pair);
    }
    return pair;
  };
  for (const row of input.previous) pairOf(row).previous = row;
  for (const row of input.current) pairOf(row).current = row;

  const changes = [...pairs.values()].map(pair => {
    const { currency } = pair;
    const previous = pair.previous
      ? amountToCents(pair.previous.effectiveCost)
      : 0;
    const current = pair.current
      ? amountToCents(pair.current.effectiveCost)
      : 0;
    const previousDaily = previousDays > 0 ? previous / previousDays : 0;
    const currentDaily = currentDays > 0 ? current / currentDays : 0;
    const comparable = previousDays > 0 && currentDays > 0;
    const changePercent =
      comparable && previousDaily !== 0
        ? round1(
            ((currentDaily - previousDaily) / Math.abs(previousDaily)) * 100,
          )
        : null;
    const flagged =
      comparable &&
      (changePercent === null
        ? currentDaily > 0
        : Math.abs(changePercent) > input.thresholdPercent);
    const changeCents = comparable
      ? (currentDaily - previousDaily) * monthLength
      : 0;
    const amount = (cents: number): Money => ({
      currency,
      amount: centsToAmount(cents),
    });
    return {
      sortChange: Math.round(changeCents),
      change: {
        key: pair.key,
        currency,
        previous: amount(previous),
        current: amount(current),
        previousBilled: amount(
          pair.previous ? amountToCents(pair.previous.billedCost) : 0,
        ),
        currentBilled: amount(
          pair.current ? amountToCents(pair.current.billedCost) : 0,
        ),
        previousDailyAverage: amount(previousDaily),
        currentDailyAverage: amount(currentDaily),
        change: amount(changeCents),
        changePercent,
        flagged,
      },
    };
  });
  changes.sort(
    (a, b) =>
      a.change.currency.localeCompare(b.change.currency) ||
      b.sortChange - a.sortChange ||
      (a.change.key ?? '').localeCompare(b.change.key ?? ''),
  );
  return {
    month: input.month.toISOString().slice(0, 7),
    previousMonth: previousMonth.toISOString().slice(0, 7),
    previousDays: round2(previousDays),
    currentDays: round2(currentDays),
    thresholdPercent: input.thresholdPercent,
    changes: changes.map(c => c.change),
  };
}
