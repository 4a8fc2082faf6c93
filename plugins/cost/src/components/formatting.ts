import {
  addMonths,
  formatDay,
  formatMonth,
} from '@internal/plugin-cost-common';
import type {
  CostByCurrency,
  CostGroupBy,
  Money,
} from '@internal/plugin-cost-common';
import { CostRange } from '../api/CostApi';

/** `{ currency: 'USD', amount: '1234.5' }` → `$1,234.50`. */
export function formatMoney(money: Money): string {
  const value = Number(money.amount);
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: money.currency,
    }).format(value);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

/** `12.3` → `+12.3 %`; null (no cost before) → `new`. */
export function formatChangePercent(percent: number | null): string {
  if (percent === null) return 'new';
  return `${percent > 0 ? '+' : ''}${percent.toFixed(1)} %`;
}

/** Every currency the lists hold, in a stable order: never added together. */
export function currenciesOf(lists: CostByCurrency[][]): string[] {
  const currencies = new Set<string>();
  for (const list of lists)
    for (const cost of list) currencies.add(cost.currency);
  return [...currencies].sort();
}

/** One currency's entry of a list, if it has one. */
export function costIn(
  costs: CostByCurrency[],
  currency: string,
): CostByCurrency | undefined {
  return costs.find(cost => cost.currency === currency);
}

export const GROUP_BY_LABELS: Record<CostGroupBy, string> = {
  owner: 'Squad',
  entity: 'Service',
  environment: 'Environment',
  provider: 'Provider',
  category: 'Category',
};

/** A group's key as people read it: refs without `group:default/`, null as unallocated. */
export function groupLabel(key: string | null): string {
  if (key === null) return 'Unallocated';
  return key.replace(/^[a-z]+:default\//i, '');
}

export type PeriodId = 'last-month' | 'last-3-months' | 'this-month';

export const PERIODS: { id: PeriodId; label: string }[] = [
  { id: 'last-month', label: 'Last full month' },
  { id: 'last-3-months', label: 'Last 3 months' },
  { id: 'this-month', label: 'This month so far' },
];

/** A period's range of days, its trend interval and the month its month-over-month compares. */
export function periodRange(
  period: PeriodId,
  now: Date = new Date(),
): { range: CostRange; interval: 'day' | 'month'; month: string } {
  const thisMonth = addMonths(now, 0);
  const lastMonth = addMonths(now, -1);
  if (period === 'this-month') {
    const tomorrow = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
    );
    return {
      range: { from: formatDay(thisMonth), to: formatDay(tomorrow) },
      interval: 'day',
      month: formatMonth(thisMonth),
    };
  }
  return {
    range: {
      from: formatDay(period === 'last-month' ? lastMonth : addMonths(now, -3)),
      to: formatDay(thisMonth),
    },
    interval: period === 'last-month' ? 'day' : 'month',
    month: formatMonth(lastMonth),
  };
}

/** Chart series key of a currency's EffectiveCost. */
export const seriesKey = (currency: string) => `effective_${currency}`;
