import {
  AnomalyReviewBody,
  CostAnomalyReview,
  DailyCostSeries,
  Range,
} from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import { unpublishedImportIds } from './CostImportStore';

const GROUP_COLUMNS = { owner: 'owner_ref', entity: 'entity_ref' } as const;

type ReviewRow = {
  key: string;
  currency: string;
  date: string;
  status: CostAnomalyReview['status'];
  snoozed_until: string | null;
  note: string | null;
  reviewed_by: string;
  reviewed_at: Date | string;
};

const toReview = (row: ReviewRow): CostAnomalyReview => ({
  key: row.key,
  currency: row.currency,
  date: row.date,
  status: row.status,
  snoozedUntil: row.snoozed_until,
  note: row.note,
  reviewedBy: row.reviewed_by,
  reviewedAt: new Date(row.reviewed_at).toISOString(),
});

/** Dates as `YYYY-MM-DD` text, whatever the driver's date parsing. */
const REVIEW_COLUMNS = [
  'key',
  'currency',
  'status',
  'note',
  'reviewed_by',
  'reviewed_at',
] as const;

/**
 * Cost anomalies' reads and writes: the daily EffectiveCost series they are
 * detected in (from the visible line items), and their reviews.
 */
export class CostAnomalyStore {
  constructor(private readonly knex: Knex) {}

  /** The last day (`YYYY-MM-DD`, UTC) any visible cost covers, if any. */
  async lastDay(): Promise<string | undefined> {
    const { rows } = await this.knex.raw(
      `SELECT to_char(((max(covered_until) - interval '1 microsecond') AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day
       FROM cost_monthly_costs`,
    );
    return rows[0]?.day ?? undefined;
  }

  /**
   * Daily EffectiveCost (summed, not rounded) per owner or Component and
   * currency over the range, by the UTC day its charge period starts.
   * Unallocated cost has no group and is left out.
   */
  async dailySeries(
    range: Range,
    groupBy: 'owner' | 'entity',
  ): Promise<DailyCostSeries[]> {
    const column = GROUP_COLUMNS[groupBy];
    const items = this.knex('cost_line_items')
      .where('charge_period_start', '>=', range.from)
      .andWhere('charge_period_start', '<', range.to)
      .whereNotNull(column)
      .whereNotIn('import_id', unpublishedImportIds(this.knex));
    const { rows } = await this.knex.raw(
      `SELECT ?? AS key, billing_currency AS currency,
         to_char((charge_period_start AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS date,
         sum(effective_cost)::text AS amount
       FROM (?) AS items
       GROUP BY 1, 2, 3
       ORDER BY 1, 2, 3`,
      [column, items],
    );
    const series = new Map<string, DailyCostSeries>();
    for (const row of rows) {
      const id = `${row.key}\u0000${row.currency}`;
      let entry = series.get(id);
      if (!entry) {
        entry = { key: row.key, currency: row.currency, days: [] };
        series.set(id, entry);
      }
      entry.days.push({ date: row.date, amount: row.amount });
    }
    return [...series.values()];
  }

  /** The reviews of anomalies on days in [from, to] (inclusive). */
  async reviews(from: string, to: string): Promise<CostAnomalyReview[]> {
    const rows = await this.selectReviews()
      .where('date', '>=', from)
      .andWhere('date', '<=', to);
    return rows.map(toReview);
  }

  /** Records (or replaces) the review of an anomaly. */
  async review(
    body: AnomalyReviewBody,
    reviewedBy: string,
    now: Date,
  ): Promise<CostAnomalyReview> {
    await this.knex('cost_anomaly_reviews')
      .insert({
        key: body.key,
        currency: body.currency,
        date: body.date,
        status: body.status,
        snoozed_until: body.status === 'snoozed' ? body.snoozedUntil : null,
        note: body.note ?? null,
        reviewed_by: reviewedBy,
        reviewed_at: now,
      })
      .onConflict(['key', 'currency', 'date'])
      .merge();
    const [row] = await this.selectReviews()
      .where({ key: body.key, currency: body.currency })
      .andWhere('date', body.date);
    return toReview(row);
  }

  private selectReviews(): Knex.QueryBuilder<any, ReviewRow[]> {
    return this.knex('cost_anomaly_reviews').select([
      ...REVIEW_COLUMNS,
      this.knex.raw(`to_char(date, 'YYYY-MM-DD') AS date`),
      this.knex.raw(`to_char(snoozed_until, 'YYYY-MM-DD') AS snoozed_until`),
    ]);
  }
}
