import { CostByCurrency, CostGroup, CostTrendPoint } from './api';

/** A sum as the database gives it: amounts already rounded to cents. */
export type CostSumRow = {
  key: string | null;
  currency: string;
  effectiveCost: string;
  billedCost: string;
};

export const costByCurrency = (row: {
  currency: string;
  effectiveCost: string;
  billedCost: string;
}): CostByCurrency => ({
  currency: row.currency,
  effectiveCost: { currency: row.currency, amount: row.effectiveCost },
  billedCost: { currency: row.currency, amount: row.billedCost },
});

const byCurrency = (a: CostByCurrency, b: CostByCurrency) =>
  a.currency.localeCompare(b.currency);

/**
 * Sums per group and currency → groups with their costs per currency,
 * largest first by EffectiveCost in `mainCurrency` (amounts of different
 * currencies are never compared), then the groups without cost in it, by key.
 */
export function toCostGroups(
  rows: CostSumRow[],
  mainCurrency: string | undefined,
): CostGroup[] {
  const groups = new Map<string, CostGroup>();
  for (const row of rows) {
    const id = row.key === null ? '\u0000' : `=${row.key}`;
    let group = groups.get(id);
    if (!group) {
      group = { key: row.key, costs: [] };
      groups.set(id, group);
    }
    group.costs.push(costByCurrency(row));
  }
  const inMain = (group: CostGroup) => {
    const cost = group.costs.find(c => c.currency === mainCurrency);
    return cost ? Number(cost.effectiveCost.amount) : undefined;
  };
  return [...groups.values()]
    .map(group => ({ ...group, costs: group.costs.sort(byCurrency) }))
    .sort((a, b) => {
      const x = inMain(a);
      const y = inMain(b);
      if (x !== undefined && y !== undefined && x !== y) return y - x;
      if (x !== undefined && y === undefined) return -1;
      if (x === undefined && y !== undefined) return 1;
      return (a.key ?? '').localeCompare(b.key ?? '');
    });
}

/** The currency with the largest total EffectiveCost: the one a page sorts by. */
export function mainCurrencyOf(totals: CostByCurrency[]): string | undefined {
  let main: CostByCurrency | undefined;
  for (const total of totals) {
    if (
      !main ||
      Number(total.effectiveCost.amount) > Number(main.effectiveCost.amount)
    ) {
      main = total;
    }
  }
  return main?.currency;
}

/**
 * Sums per period and currency → a point for every period of `periods`
 * (a chart needs the empty days too), each with every currency of the
 * series (zero where it had none).
 */
export function toTrendPoints(
  rows: (Omit<CostSumRow, 'key'> & { period: string })[],
  periods: string[],
): CostTrendPoint[] {
  const currencies = [...new Set(rows.map(r => r.currency))].sort();
  const byPeriod = new Map<string, Map<string, CostByCurrency>>();
  for (const row of rows) {
    let costs = byPeriod.get(row.period);
    if (!costs) {
      costs = new Map();
      byPeriod.set(row.period, costs);
    }
    costs.set(row.currency, costByCurrency(row));
  }
  return periods.map(period => ({
    period,
    costs: currencies.map(
      currency =>
        byPeriod.get(period)?.get(currency) ??
        costByCurrency({ currency, effectiveCost: '0.00', billedCost: '0.00' }),
    ),
  }));
}
