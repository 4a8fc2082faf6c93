import { mainCurrencyOf, toCostGroups, toTrendPoints } from './costGroups';

const row = (
  key: string | null,
  currency: string,
  effectiveCost: string,
  billedCost = effectiveCost,
) => ({ key, currency, effectiveCost, billedCost });

describe('toCostGroups', () => {
  it('lists each group per currency, largest first in the main currency', () => {
    const groups = toCostGroups(
      [
        row('group:default/a', 'EUR', '10.00'),
        row('group:default/b', 'EUR', '900.00'),
        row('group:default/a', 'USD', '5000.00'),
        row(null, 'EUR', '50.00'),
        row('group:default/c', 'USD', '1.00'),
      ],
      'EUR',
    );
    expect(groups.map(g => [g.key, g.costs.map(c => c.currency)])).toEqual([
      ['group:default/b', ['EUR']],
      [null, ['EUR']],
      ['group:default/a', ['EUR', 'USD']],
      ['group:default/c', ['USD']],
    ]);
    expect(groups[2].costs[1]).toEqual({
      currency: 'USD',
      effectiveCost: { currency: 'USD', amount: '5000.00' },
      billedCost: { currency: 'USD', amount: '5000.00' },
    });
  });

  it('takes the currency with the most cost as the main one', () => {
    const totals = toCostGroups(
      [row('t', 'EUR', '10.00'), row('t', 'USD', '20.00')],
      undefined,
    )[0].costs;
    expect(mainCurrencyOf(totals)).toBe('USD');
    expect(mainCurrencyOf([])).toBeUndefined();
  });
});

describe('toTrendPoints', () => {
  it('gives every period every currency of the series', () => {
    const points = toTrendPoints(
      [
        {
          period: '2026-01-01',
          currency: 'EUR',
          effectiveCost: '1.00',
          billedCost: '2.00',
        },
        {
          period: '2026-01-03',
          currency: 'USD',
          effectiveCost: '3.00',
          billedCost: '3.00',
        },
      ],
      ['2026-01-01', '2026-01-02', '2026-01-03'],
    );
    expect(
      points.map(p => [
        p.period,
        p.costs.map(c => `${c.effectiveCost.amount} ${c.currency}`),
      ]),
    ).toEqual([
      ['2026-01-01', ['1.00 EUR', '0.00 USD']],
      ['2026-01-02', ['0.00 EUR', '0.00 USD']],
      ['2026-01-03', ['0.00 EUR', '3.00 USD']],
    ]);
  });
});
