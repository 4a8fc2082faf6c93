import { detectCostAnomalies, DailyCostSeries } from './anomalies';
import { DAY_MS, formatDay } from './periods';

const START = Date.UTC(2026, 8, 7); // a Monday
const dayOf = (index: number) => formatDay(new Date(START + index * DAY_MS));

/** `length` days from START, amount per day index. */
function series(
  length: number,
  amountOf: (index: number) => number,
  currency = 'USD',
  key = 'group:default/checkout-squad',
): DailyCostSeries {
  return {
    key,
    currency,
    days: Array.from({ length }, (_, i) => ({
      date: dayOf(i),
      amount: amountOf(i).toFixed(2),
    })),
  };
}

/** Deterministic noise of ±2 % around 100. */
const noisy = (i: number) => 100 + ((i * 37) % 9) / 2 - 2;

const detect = (input: DailyCostSeries[], length: number, from = 0) =>
  detectCostAnomalies({
    series: input,
    from: dayOf(from),
    to: dayOf(length - 1),
  });

describe('detectCostAnomalies', () => {
  it('finds a one-day spike, with the baseline it broke', () => {
    const found = detect([series(60, i => (i === 56 ? 250 : noisy(i)))], 60);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      key: 'group:default/checkout-squad',
      currency: 'USD',
      date: dayOf(56),
      actual: { currency: 'USD', amount: '250.00' },
      kind: 'spike',
      days: 1,
    });
    expect(Number(found[0].expected.amount)).toBeCloseTo(100, -1);
    expect(Number(found[0].delta.amount)).toBeGreaterThan(140);
    expect(found[0].z).toBeGreaterThan(3.5);
  });

  it('does not flag a weekly pattern (Mondays heavy)', () => {
    const weekly = (i: number) => (i % 7 === 0 ? 400 : 100) + (i % 3);
    // Judged from day 28, as the backend does (it reads a baseline window before the days it lists).
    expect(detect([series(60, weekly)], 60, 28)).toEqual([]);
    // Before 3 weeks of history there is no weekday baseline, so Mondays stand out.
    expect(detect([series(60, weekly)], 60, 14)[0].date).toBe(dayOf(14));
  });

  it('still flags a Monday-sized cost on a Tuesday', () => {
    const weekly = (i: number) => (i % 7 === 0 ? 400 : 100) + (i % 3);
    const found = detect(
      [series(60, i => (i === 50 ? 400 : weekly(i)))],
      60,
      28,
    );
    expect(found.map(a => [a.date, a.kind])).toEqual([[dayOf(50), 'spike']]);
    expect(Number(found[0].expected.amount)).toBeLessThan(103);
  });

  it('reports a level shift still on as one step, on its first day', () => {
    const found = detect([series(60, i => (i >= 55 ? 180 : noisy(i)))], 60);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      date: dayOf(55),
      kind: 'step',
      days: 5,
      actual: { amount: '180.00' },
    });
  });

  it('calls two high days ending today spikes, not a step', () => {
    const found = detect([series(60, i => (i >= 58 ? 180 : noisy(i)))], 60);
    expect(found.map(a => a.kind)).toEqual(['spike', 'spike']);
  });

  it('finds a drop', () => {
    const found = detect([series(60, i => (i === 57 ? 20 : noisy(i)))], 60);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ date: dayOf(57), kind: 'drop' });
    expect(Number(found[0].delta.amount)).toBeLessThan(-70);
  });

  it('finds nothing in a flat series with noise', () => {
    expect(detect([series(60, noisy)], 60)).toEqual([]);
    // Perfectly flat: no division by ~0, and cents are not anomalies.
    expect(detect([series(60, i => (i === 40 ? 100.5 : 100))], 60)).toEqual([]);
  });

  it('judges nothing without enough history', () => {
    expect(detect([series(10, i => (i === 8 ? 500 : 100))], 10)).toEqual([]);
    // Days missing before the first listed day are no history either.
    const late: DailyCostSeries = {
      ...series(60, i => (i === 59 ? 500 : 100)),
    };
    late.days = late.days.slice(50);
    expect(detect([late], 60)).toEqual([]);
  });

  it('counts missing days as zero', () => {
    const gap: DailyCostSeries = series(60, noisy);
    gap.days = gap.days.filter((_, i) => i !== 57);
    const found = detect([gap], 60);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      date: dayOf(57),
      kind: 'drop',
      actual: { amount: '0.00' },
    });
  });

  it('keeps currencies as separate series', () => {
    const found = detect(
      [
        series(60, i => (i === 56 ? 250 : noisy(i)), 'USD'),
        // Small in EUR: would vanish in a sum with USD, but is its own series.
        series(60, i => (i === 56 ? 30 : 10), 'EUR'),
        series(60, noisy, 'GBP'),
      ],
      60,
    );
    expect(found.map(a => [a.currency, a.actual.currency])).toEqual([
      ['EUR', 'EUR'],
      ['USD', 'USD'],
    ]);
    expect(found[0].expected).toEqual({ currency: 'EUR', amount: '10.00' });
  });

  it('judges only the days from `from` on', () => {
    const spiky = series(60, i => (i === 30 ? 250 : noisy(i)));
    expect(detect([spiky], 60, 31)).toEqual([]);
    expect(detect([spiky], 60, 30)).toHaveLength(1);
  });
});
