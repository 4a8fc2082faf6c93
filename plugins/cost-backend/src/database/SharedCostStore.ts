import { SHARED_COSTS_SOURCE } from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import { SharedCostRule } from '../config/readCostConfig';
import { insertMonthlyCosts, unpublishedImportIds } from './CostImportStore';

const monthStart = (date: Date) =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
const nextMonth = (date: Date) =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));

/**
 * Splits shared costs among Components, as line items of their own
 * (source {@link SHARED_COSTS_SOURCE}, under one import that is always
 * succeeded): for each unallocated line item a rule matches, one item per
 * Component with cost in the same month and currency, carrying its share
 * (by EffectiveCost, or even) of the item's costs, and one that takes the
 * item's costs back from "unallocated". Every view then shows the split
 * the same way, and totals — by provider, category, or the whole bill —
 * do not move: BilledCost still reconciles with the invoice.
 *
 * Splits are rebuilt for the months an import publishes (in its
 * transaction: the weights are the new costs) and for every month at
 * start-up (the rules may have changed).
 */
export class SharedCostStore {
  constructor(
    private readonly knex: Knex,
    private readonly rules: SharedCostRule[],
  ) {}

  /** Rebuilds the split of the months holding any of `dates`; returns the items written. */
  async resplit(trx: Knex.Transaction, dates: Date[]): Promise<number> {
    const months = [
      ...new Map(
        dates.map(date => {
          const month = monthStart(date);
          return [month.getTime(), month];
        }),
      ).values(),
    ];
    if (months.length === 0) return 0;
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
      `paved-cost-import:${SHARED_COSTS_SOURCE}`,
    ]);
    const monthTexts = months.map(m => m.toISOString().slice(0, 10));
    for (const month of months) {
      await trx('cost_line_items')
        .where('source', SHARED_COSTS_SOURCE)
        .andWhere('charge_period_start', '>=', month)
        .andWhere('charge_period_start', '<', nextMonth(month))
        .delete();
    }
    await trx('cost_monthly_costs')
      .where('source', SHARED_COSTS_SOURCE)
      .whereIn('month', monthTexts)
      .delete();
    if (this.rules.length === 0) return 0;
    const importId = await this.importId(trx);

    let written = 0;
    const earlier: { sql: string; bindings: Knex.Value[] }[] = [];
    for (const rule of this.rules) {
      const match = this.matchOf(rule);
      const notEarlier = earlier
        .map(condition => `NOT (${condition.sql})`)
        .join(' AND ');
      const shareSql =
        rule.splitBy === 'even' ? '1.0 / t.n' : 'w.weight / t.total';
      for (const month of months) {
        const { rowCount } = await trx.raw(
          `WITH shared AS (
             SELECT * FROM cost_line_items li
             WHERE li.charge_period_start >= ? AND li.charge_period_start < ?
               AND li.entity_ref IS NULL AND li.source <> ?
               AND li.import_id NOT IN (${unpublishedImportIds(trx).toQuery()})
               AND (${match.sql})${notEarlier ? ` AND ${notEarlier}` : ''}
           ), weights AS (
             SELECT billing_currency, entity_ref, max(owner_ref) AS owner_ref,
               sum(effective_cost) AS weight
             FROM cost_monthly_costs
             WHERE month = ?::date AND entity_ref IS NOT NULL AND source <> ?
             GROUP BY billing_currency, entity_ref
             HAVING sum(effective_cost) > 0
           ), totals AS (
             SELECT billing_currency, sum(weight) AS total, count(*) AS n
             FROM weights GROUP BY billing_currency
           )
           INSERT INTO cost_line_items (import_id, source, billing_period_start,
             billing_period_end, charge_period_start, charge_period_end,
             charge_category, billed_cost, effective_cost, list_cost,
             billing_currency, provider_name, service_name, service_category,
             sub_account_id, region_id, resource_id, resource_type, tags,
             entity_ref, owner_ref, environment)
           SELECT ?::bigint, ?, s.billing_period_start, s.billing_period_end,
             s.charge_period_start, s.charge_period_end, s.charge_category,
             s.billed_cost * share, s.effective_cost * share, s.list_cost * share,
             s.billing_currency, s.provider_name, s.service_name,
             s.service_category, s.sub_account_id, s.region_id, s.resource_id,
             s.resource_type, s.tags || jsonb_build_object('paved.dev/shared-cost', ?::text),
             w.entity_ref, w.owner_ref, s.environment
           FROM shared s
           JOIN totals t ON t.billing_currency = s.billing_currency
           JOIN weights w ON w.billing_currency = s.billing_currency
           CROSS JOIN LATERAL (SELECT ${shareSql} AS share) AS x
           UNION ALL
           SELECT ?::bigint, ?, s.billing_period_start, s.billing_period_end,
             s.charge_period_start, s.charge_period_end, s.charge_category,
             -s.billed_cost, -s.effective_cost, -s.list_cost,
             s.billing_currency, s.provider_name, s.service_name,
             s.service_category, s.sub_account_id, s.region_id, s.resource_id,
             s.resource_type, s.tags, NULL, s.owner_ref, s.environment
           FROM shared s
           WHERE EXISTS (SELECT 1 FROM totals t WHERE t.billing_currency = s.billing_currency)`,
          [
            month,
            nextMonth(month),
            SHARED_COSTS_SOURCE,
            ...match.bindings,
            ...earlier.flatMap(condition => condition.bindings),
            month.toISOString().slice(0, 10),
            SHARED_COSTS_SOURCE,
            importId,
            SHARED_COSTS_SOURCE,
            rule.name,
            importId,
            SHARED_COSTS_SOURCE,
          ],
        );
        written += rowCount ?? 0;
      }
      earlier.push(match);
    }
    await insertMonthlyCosts(
      trx,
      `source = ? AND import_id = ?
       AND date_trunc('month', charge_period_start AT TIME ZONE 'UTC')::date = ANY(?::date[])`,
      [SHARED_COSTS_SOURCE, importId, monthTexts],
    );
    return written;
  }

  /** Rebuilds every month with cost (at start-up: the rules may have changed). */
  async resplitAll(): Promise<number> {
    return this.knex.transaction(async trx => {
      const rows = await trx('cost_monthly_costs').distinct('month');
      return this.resplit(
        trx,
        rows.map((row: { month: Date | string }) =>
          typeof row.month === 'string'
            ? new Date(`${row.month.slice(0, 10)}T00:00:00Z`)
            : new Date(
                Date.UTC(
                  row.month.getFullYear(),
                  row.month.getMonth(),
                  row.month.getDate(),
                ),
              ),
        ),
      );
    });
  }

  /** The one import the split's line items belong to, made succeeded the first time. */
  private async importId(trx: Knex.Transaction): Promise<string> {
    const existing = await trx('cost_imports')
      .where('source', SHARED_COSTS_SOURCE)
      .first('id');
    if (existing) return String(existing.id);
    const [row] = await trx('cost_imports')
      .insert({
        source: SHARED_COSTS_SOURCE,
        file_name: 'shared costs split among Components',
        status: 'succeeded',
        started_by: 'paved',
        started_at: trx.fn.now(),
        finished_at: trx.fn.now(),
      })
      .returning('id');
    return String(row.id);
  }

  /** The SQL condition of a rule on line item `li` (or `s`), with its bindings. */
  private matchOf(rule: SharedCostRule): {
    sql: string;
    bindings: Knex.Value[];
  } {
    const parts: string[] = [];
    const bindings: Knex.Value[] = [];
    if (rule.serviceNames.length > 0) {
      parts.push('service_name = ANY(?::text[])');
      bindings.push(rule.serviceNames);
    }
    for (const tags of rule.tags) {
      parts.push('tags @> ?::jsonb');
      bindings.push(JSON.stringify(tags));
    }
    if (rule.resourceIds.length > 0) {
      parts.push('resource_id = ANY(?::text[])');
      bindings.push(rule.resourceIds);
    }
    return { sql: parts.join(' OR '), bindings };
  }
}
