import {
  currenciesOf,
  formatChangePercent,
  formatMoney,
  groupLabel,
  periodRange,
} from './formatting';
import { cost } from '../__testUtils__/fixtures';

describe('periodRange', () => {
  const now = new Date('2026-11-29T17:00:00Z');

  it('reads the last full month day by day, against the month before', () => {
    expect(periodRange('last-month', now)).toEqual({
      range: { from: '2026-10-01', to: '2026-11-01' },
      interval: 'day',
      month: '2026-10',
    });
  });

  it('reads the last three months month by month', () => {
    expect(periodRange('last-3-months', now)).toEqual({
      range: { from: '2026-08-01', to: '2026-11-01' },
      interval: 'month',
      month: '2026-10',
    });
  });

  it('reads this month up to and including today', () => {
    expect(periodRange('this-month', now)).toEqual({
      range: { from: '2026-11-01', to: '2026-11-30' },
      interval: 'day',
      month: '2026-11',
    });
    expect(
      periodRange('this-month', new Date('2026-12-31T23:00:00Z')).range,
    ).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });
});

describe('formatting', () => {
  it('formats money in its own currency', () => {
    expect(formatMoney({ currency: 'USD', amount: '1234.5' })).toBe(
      '$1,234.50',
    );
    expect(formatMoney({ currency: 'EUR', amount: '-3.10' })).toBe('-€3.10');
  });

  it('lists currencies without adding them', () => {
    expect(
      currenciesOf([[cost('USD', '1')], [cost('EUR', '2'), cost('USD', '3')]]),
    ).toEqual(['EUR', 'USD']);
  });

  it('reads group keys and changes', () => {
    expect(groupLabel('group:default/checkout-squad')).toBe('checkout-squad');
    expect(groupLabel(null)).toBe('Unallocated');
    expect(formatChangePercent(35.04)).toBe('+35.0 %');
    expect(formatChangePercent(null)).toBe('new');
  });
});
