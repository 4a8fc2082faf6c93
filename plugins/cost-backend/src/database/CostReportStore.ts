import {
  CostGroupBy,
  CostSumRow,
  formatDay,
  Interval,
  MonthlyGroupCost,
  Range,
  splitAtMonths,
} from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import { unpublishedImportIds } from './CostImportStore';

const GROUP_COLUMNS: Record<CostGroupBy, string> = {
  owner: 'owner_ref',
  entity: 'entity_ref',
  environment: 'environment',
  provider: 'provider_name',
  category: 'service_category',
};

/** Whose cost: everything, a Component's (null: allocated to none), or an owner's. */
export type CostScope = { entityRef?: string | null; ownerRef?: string };

/** A sum per period (`YYYY-MM-DD` or `YYYY-MM`) and currency. */
export type PeriodSumRow = Omit<CostSumRow, 'key'> & { period: string };

export type EntityCostRows = {
  totals: Omit<CostSumRow, 'key'>[];
  byEnvironment: CostSumRow[];
  byCategory: CostSumRow[];
  byProvider: CostSumRow[];
  byMonth: PeriodSumRow[];
  daily: PeriodSumRow[];
};

export type UnallocatedRow = {
  resourceId: string | null;
  providerName: string;
  serviceName: string;
  ownerRef: string | null;
  currency: string;
  tags: Record<string, string>;
  lineItems: number;
  effectiveCost: string;
  billedCost: string;
};

/** Sums are rounded once, at the end, to cents. */
const SUMS = `round(sum(effective_cost), 2)::text AS "effectiveCost",
  round(sum(billed_cost), 2)::text AS "billedCost"`;

const UTC_DAY = `(charge_period_start AT TIME ZONE 'UTC')::date`;
const UTC_MONTH = `date_trunc('month', charge_period_start AT TIME ZONE 'UTC')::date`;

/**
 * The cost API's reads. Whole months come from cost_monthly_costs; days
 * (the edges of a range, daily trends, one Component or owner) from the
 * visible line items, one month partition per month of the range.
 */
export class CostReportStore {
  constructor(private readonly knex: Knex) {}

  /** Sums per group and currency over the range, plus (key null, total true) the totals per currency. */
  async summary(
    range: Range,
    groupBy: CostGroupBy,
    currency?: string,
  ): Promise<(CostSumRow & { total: boolean })[]> {
    const column = GROUP_COLUMNS[groupBy];
    const parts = this.rangeParts(range, { column, currency });
    const { rows } = await this.knex.raw(
      `SELECT key, currency, GROUPING(key) = 1 AS total,
         round(sum(e), 2)::text AS "effectiveCost",
         round(sum(b), 2)::text AS "billedCost"
       FROM (${parts.map(() => '?').join(' UNION ALL ')}) AS parts
       GROUP BY GROUPING SETS ((key, currency), (currency))`,
      parts,
    );
    return rows;
  }

  /** Sums per day or month and currency, of everything or of one Component or owner. */
  async trend(
    range: Range,
    interval: Interval,
    scope: CostScope,
  ): Promise<PeriodSumRow[]> {
    if (interval === 'day') {
      const { rows } = await this.knex.raw(
        `SELECT to_char(${UTC_DAY}, 'YYYY-MM-DD') AS period,
           billing_currency AS currency, ${SUMS}
         FROM (?) AS items GROUP BY 1, 2`,
        [this.lineItems(range, scope)],
      );
      return rows;
    }
    const parts = this.rangeParts(range, { scope, byMonth: true });
    const { rows } = await this.knex.raw(
      `SELECT to_char(month, 'YYYY-MM') AS period, currency,
         round(sum(e), 2)::text AS "effectiveCost",
         round(sum(b), 2)::text AS "billedCost"
       FROM (${parts.map(() => '?').join(' UNION ALL ')}) AS parts
       GROUP BY 1, 2`,
      parts,
    );
    return rows;
  }

  /** Per group and currency, the EffectiveCost and BilledCost of each of the months, with the span their data covers. */
  async monthlyCosts(
    months: Date[],
    groupBy: 'owner' | 'entity',
  ): Promise<{
    costs: (MonthlyGroupCost & { month: string })[];
    coverage: { month: string; from: Date; to: Date }[];
  }> {
    const column = GROUP_COLUMNS[groupBy];
    const { rows } = await this.knex.raw(
      `SELECT to_char(month, 'YYYY-MM') AS month, ?? AS key,
         billing_currency AS currency, GROUPING(??, billing_currency) = 3 AS coverage,
         ${SUMS}, min(covered_from) AS "coveredFrom", max(covered_until) AS "coveredUntil"
       FROM cost_monthly_costs
       WHERE month = ANY(?::date[])
       GROUP BY GROUPING SETS ((month, ??, billing_currency), (month))`,
      [column, column, months.map(formatDay), column],
    );
    return {
      costs: rows
        .filter((r: any) => !r.coverage)
        .map((r: any) => ({
          month: r.month,
          key: r.key,
          currency: r.currency,
          effectiveCost: r.effectiveCost,
          billedCost: r.billedCost,
        })),
      coverage: rows
        .filter((r: any) => r.coverage)
        .map((r: any) => ({
          month: r.month,
          from: new Date(r.coveredFrom),
          to: new Date(r.coveredUntil),
        })),
    };
  }

  /** A Component's or owner's cost over the range: totals, by environment, category, month and day. */
  async entityCost(range: Range, scope: CostScope): Promise<EntityCostRows> {
    const { rows } = await this.knex.raw(
      `SELECT day, month, environment, service_category AS category,
         provider_name AS provider, billing_currency AS currency,
         GROUPING(day, month, environment, service_category, provider_name) AS grouping,
         ${SUMS}
       FROM (SELECT *, to_char(${UTC_DAY}, 'YYYY-MM-DD') AS day,
               to_char(${UTC_MONTH}, 'YYYY-MM') AS month
             FROM (?) AS scoped) AS items
       GROUP BY GROUPING SETS ((billing_currency), (environment, billing_currency),
         (service_category, billing_currency), (provider_name, billing_currency),
         (month, billing_currency), (day, billing_currency))`,
      [this.lineItems(range, scope)],
    );
    // GROUPING's bits, highest first: day, month, environment, category, provider.
    const result: EntityCostRows = {
      totals: [],
      byEnvironment: [],
      byCategory: [],
      byProvider: [],
      byMonth: [],
      daily: [],
    };
    for (const row of rows) {
      const sums = {
        currency: row.currency,
        effectiveCost: row.effectiveCost,
        billedCost: row.billedCost,
      };
      switch (Number(row.grouping)) {
        case 0b11111:
          result.totals.push(sums);
          break;
        case 0b11011:
          result.byEnvironment.push({ key: row.environment, ...sums });
          break;
        case 0b11101:
          result.byCategory.push({ key: row.category, ...sums });
          break;
        case 0b11110:
          result.byProvider.push({ key: row.provider, ...sums });
          break;
        case 0b10111:
          result.byMonth.push({ period: row.month, ...sums });
          break;
        case 0b01111:
          result.daily.push({ period: row.day, ...sums });
          break;
        default:
          break;
      }
    }
    return result;
  }

  /**
   * Cost allocated to no Component over the range: per resource (per
   * service for charges without one) and currency, the `limit` most
   * expensive of each currency, with the currency's unallocated total.
   */
  async unallocated(
    range: Range,
    limit: number,
  ): Promise<{
    totals: Omit<CostSumRow, 'key'>[];
    resources: UnallocatedRow[];
  }> {
    const { rows } = await this.knex.raw(
      `WITH resources AS (
         SELECT resource_id, provider_name, service_name, billing_currency,
           max(owner_ref) AS owner_ref, max(tags::text) AS tags, count(*) AS line_items,
           sum(effective_cost) AS e, sum(billed_cost) AS b
         FROM (?) AS items
         GROUP BY resource_id, provider_name, service_name, billing_currency
         -- A shared cost split among Components nets to nothing here.
         HAVING sum(effective_cost) <> 0 OR sum(billed_cost) <> 0
       ), ranked AS (
         SELECT *, row_number() OVER (PARTITION BY billing_currency ORDER BY e DESC, resource_id) AS rank,
           sum(e) OVER (PARTITION BY billing_currency) AS total_e,
           sum(b) OVER (PARTITION BY billing_currency) AS total_b
         FROM resources
       )
       SELECT resource_id AS "resourceId", provider_name AS "providerName",
         service_name AS "serviceName", owner_ref AS "ownerRef",
         billing_currency AS currency, tags, line_items::int AS "lineItems",
         round(e, 2)::text AS "effectiveCost", round(b, 2)::text AS "billedCost",
         round(total_e, 2)::text AS "totalEffectiveCost",
         round(total_b, 2)::text AS "totalBilledCost"
       FROM ranked WHERE rank <= ?
       ORDER BY billing_currency, rank`,
      [this.lineItems(range, { entityRef: null }), limit],
    );
    const totals = new Map<string, Omit<CostSumRow, 'key'>>();
    const resources = rows.map((row: any) => {
      totals.set(row.currency, {
        currency: row.currency,
        effectiveCost: row.totalEffectiveCost,
        billedCost: row.totalBilledCost,
      });
      return {
        resourceId: row.resourceId,
        providerName: row.providerName,
        serviceName: row.serviceName,
        ownerRef: row.ownerRef,
        currency: row.currency,
        tags: row.tags ? JSON.parse(row.tags) : {},
        lineItems: row.lineItems,
        effectiveCost: row.effectiveCost,
        billedCost: row.billedCost,
      };
    });
    return { totals: [...totals.values()], resources };
  }

  /** The visible line items whose charge period starts in the range, of the scope. */
  private lineItems(range: Range, scope: CostScope): Knex.QueryBuilder {
    const query = this.knex('cost_line_items')
      .where('charge_period_start', '>=', range.from)
      .andWhere('charge_period_start', '<', range.to)
      .whereNotIn('import_id', unpublishedImportIds(this.knex));
    return this.scoped(query, scope);
  }

  private scoped(query: Knex.QueryBuilder, scope: CostScope) {
    if (scope.entityRef === null) query.whereNull('entity_ref');
    else if (scope.entityRef !== undefined) {
      query.where('entity_ref', scope.entityRef);
    }
    if (scope.ownerRef !== undefined) query.where('owner_ref', scope.ownerRef);
    return query;
  }

  /**
   * The range as subqueries of (key?, month?, currency, e, b) sums: whole
   * months from cost_monthly_costs, the days around them from the line items.
   */
  private rangeParts(
    range: Range,
    options: {
      column?: string;
      currency?: string;
      scope?: CostScope;
      byMonth?: boolean;
    },
  ): Knex.QueryBuilder[] {
    const { column, currency, scope = {}, byMonth } = options;
    const split = splitAtMonths(range);
    const parts: Knex.QueryBuilder[] = [];
    const select = (query: Knex.QueryBuilder, month: string) => {
      const columns: (string | Knex.Raw)[] = [];
      if (column) columns.push(this.knex.raw('?? AS key', [column]));
      if (byMonth) columns.push(this.knex.raw(`${month} AS month`));
      columns.push(this.knex.raw('billing_currency AS currency'));
      query
        .select(columns)
        .sum({ e: 'effective_cost', b: 'billed_cost' })
        .groupByRaw(
          [column ? '??' : '', byMonth ? month : '', 'billing_currency']
            .filter(Boolean)
            .join(', '),
          column ? [column] : [],
        );
      if (currency) query.where('billing_currency', currency);
      return query;
    };
    if (split.months) {
      const monthly = this.knex('cost_monthly_costs')
        .where('month', '>=', formatDay(split.months.from))
        .andWhere('month', '<', formatDay(split.months.to));
      parts.push(select(this.scoped(monthly, scope), 'month'));
    }
    for (const edge of split.edges) {
      parts.push(select(this.lineItems(edge, scope), UTC_MONTH));
    }
    return parts;
  }
}
