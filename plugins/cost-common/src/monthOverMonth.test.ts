import { computeMonthOverMonth, MonthlyGroupCost } from './monthOverMonth';

const cost = (
  key: string | null,
  effectiveCost: string,
  currency = 'EUR',
  billedCost = effectiveCost,
): MonthlyGroupCost => ({ key, currency, effectiveCost, billedCost });

const month = (iso: string) => new Date(`${iso}-01T00:00:00Z`);
const wholeMonth = (from: string, to: string) => ({
  from: new Date(`${from}T00:00:00Z`),
  to: new Date(`${to}T00:00:00Z`),
});

describe('computeMonthOverMonth', () => {
  it('compares daily averages, so month lengths are no change', () => {
    // 100/day in January (31 days) and in February (28 days).
    const result = computeMonthOverMonth({
      month: month('2026-02'),
      previous: [cost('group:default/a', '3100.00')],
      current: [cost('group:default/a', '2800.00')],
      previousCoverage: wholeMonth('2026-01-01', '2026-02-01'),
      currentCoverage: wholeMonth('2026-02-01', '2026-03-01'),
      thresholdPercent: 20,
    });
    expect(result).toMatchObject({
      month: '2026-02',
      previousMonth: '2026-01',
      previousDays: 31,
      currentDays: 28,
    });
    expect(result.changes).toEqual([
      {
        key: 'group:default/a',
        currency: 'EUR',
        previous: { currency: 'EUR', amount: '3100.00' },
        current: { currency: 'EUR', amount: '2800.00' },
        previousBilled: { currency: 'EUR', amount: '3100.00' },
        currentBilled: { currency: 'EUR', amount: '2800.00' },
        previousDailyAverage: { currency: 'EUR', amount: '100.00' },
        currentDailyAverage: { currency: 'EUR', amount: '100.00' },
        change: { currency: 'EUR', amount: '0.00' },
        changePercent: 0,
        flagged: false,
      },
    ]);
  });

  it('handles a leap February and a 30-day month', () => {
    const leap = computeMonthOverMonth({
      month: month('2028-03'),
      previous: [cost('a', '2900.00')],
      current: [cost('a', '3100.00')],
      previousCoverage: wholeMonth('2028-02-01', '2028-03-01'),
      currentCoverage: wholeMonth('2028-03-01', '2028-04-01'),
      thresholdPercent: 20,
    });
    expect(leap.previousDays).toBe(29);
    expect(leap.changes[0].changePercent).toBe(0);

    const april = computeMonthOverMonth({
      month: month('2026-04'),
      previous: [cost('a', '3100.00')],
      current: [cost('a', '3900.00')],
      previousCoverage: wholeMonth('2026-03-01', '2026-04-01'),
      currentCoverage: wholeMonth('2026-04-01', '2026-05-01'),
      thresholdPercent: 20,
    });
    // 100/day → 130/day: +30 %, +900.00 over April's 30 days.
    expect(april.changes[0]).toMatchObject({
      changePercent: 30,
      change: { amount: '900.00' },
      flagged: true,
    });
  });

  it('compares a partial current month by its days so far', () => {
    // Imported up to 10 March: 10 days at 100/day is no change.
    const result = computeMonthOverMonth({
      month: month('2026-03'),
      previous: [cost('a', '2800.00'), cost('b', '1400.00')],
      current: [cost('a', '1000.00'), cost('b', '800.00')],
      previousCoverage: wholeMonth('2026-02-01', '2026-03-01'),
      currentCoverage: wholeMonth('2026-03-01', '2026-03-11'),
      thresholdPercent: 20,
    });
    expect(result.currentDays).toBe(10);
    expect(
      result.changes.map(c => [
        c.key,
        c.changePercent,
        c.flagged,
        c.change.amount,
      ]),
    ).toEqual([
      // b: 50/day → 80/day, +60 %, 30/day more over March's 31 days.
      ['b', 60, true, '930.00'],
      ['a', 0, false, '0.00'],
    ]);
  });

  it('counts a previous month imported from mid-month by its covered days', () => {
    const result = computeMonthOverMonth({
      month: month('2026-02'),
      previous: [cost('a', '1700.00')],
      current: [cost('a', '2800.00')],
      // First import from 15 January, 12:00: 16.5 days.
      previousCoverage: {
        from: new Date('2026-01-15T12:00:00Z'),
        to: new Date('2026-02-01T00:00:00Z'),
      },
      currentCoverage: wholeMonth('2026-02-01', '2026-03-01'),
      thresholdPercent: 20,
    });
    expect(result.previousDays).toBe(16.5);
    expect(result.changes[0].previousDailyAverage.amount).toBe('103.03');
    expect(result.changes[0].changePercent).toBe(-2.9);
  });

  it('flags changes beyond the threshold either way, and new cost, sorted by increase per currency', () => {
    const result = computeMonthOverMonth({
      month: month('2026-05'),
      previous: [
        cost('up', '3100.00'),
        cost('down', '3100.00'),
        cost('small', '3100.00'),
        cost('gone', '310.00'),
        cost(null, '31.00'),
        cost('dollars', '3100.00', 'USD'),
      ],
      current: [
        cost('up', '4650.00'),
        cost('down', '1550.00'),
        cost('small', '3410.00'),
        cost('new', '62.00'),
        cost(null, '31.00'),
        cost('dollars', '6200.00', 'USD'),
      ],
      previousCoverage: wholeMonth('2026-04-01', '2026-05-01'),
      currentCoverage: wholeMonth('2026-05-01', '2026-06-01'),
      thresholdPercent: 20,
    });
    expect(
      result.changes.map(c => [
        c.currency,
        c.key,
        c.changePercent,
        c.flagged,
        c.change.amount,
      ]),
    ).toEqual([
      // April has 30 days, May 31: the daily averages are compared.
      ['EUR', 'up', 45.2, true, '1446.67'],
      ['EUR', 'small', 6.5, false, '206.67'],
      ['EUR', 'new', null, true, '62.00'],
      ['EUR', null, -3.2, false, '-1.03'],
      ['EUR', 'gone', -100, true, '-320.33'],
      ['EUR', 'down', -51.6, true, '-1653.33'],
      ['USD', 'dollars', 93.5, true, '2996.67'],
    ]);
  });

  it('flags nothing while a month has no data', () => {
    const result = computeMonthOverMonth({
      month: month('2026-07'),
      previous: [cost('a', '100.00')],
      current: [],
      previousCoverage: wholeMonth('2026-06-01', '2026-07-01'),
      thresholdPercent: 20,
    });
    expect(result.currentDays).toBe(0);
    expect(result.changes).toEqual([
      expect.objectContaining({
        key: 'a',
        current: { currency: 'EUR', amount: '0.00' },
        changePercent: null,
        flagged: false,
        change: { currency: 'EUR', amount: '0.00' },
      }),
    ]);
  });

  it('measures a change of net credits against the size of the previous cost', () => {
    const result = computeMonthOverMonth({
      month: month('2026-02'),
      previous: [cost('a', '-310.00')],
      current: [cost('a', '-560.00')],
      previousCoverage: wholeMonth('2026-01-01', '2026-02-01'),
      currentCoverage: wholeMonth('2026-02-01', '2026-03-01'),
      thresholdPercent: 20,
    });
    // -10/day → -20/day: the credit doubled, a 100 % drop in cost.
    expect(result.changes[0].changePercent).toBe(-100);
    expect(result.changes[0].flagged).toBe(true);
  });
});
