import { Knex } from 'knex';

/** `cost_line_items_y2024m01` → the month's first day, or undefined for another name. */
function partitionMonth(name: string): Date | undefined {
  const match = /^cost_line_items_y(\d{4})m(\d{2})$/.exec(name);
  return match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))
    : undefined;
}

/** The first day kept: the first of the month `months - 1` before `now`'s (this month counts). */
export function retentionCutoff(now: Date, months: number): Date {
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1),
  );
}

export type RetentionResult = {
  /** The partitions dropped, oldest first. */
  partitions: string[];
  monthlyCosts: number;
  containerDays: number;
  anomalyReviews: number;
};

/**
 * Drops cost data older than the retention: the line items' month
 * partitions before the cut-off (detached concurrently, so neither readers
 * nor imports wait, then dropped), and the monthly sums, container usage
 * and anomaly reviews of those months. Imports are kept as the record of
 * what was imported.
 */
export class CostRetentionStore {
  constructor(private readonly knex: Knex) {}

  async dropBefore(cutoff: Date): Promise<RetentionResult> {
    const partitions = await this.knex
      .select<{ relname: string }[]>('c.relname')
      .from({ i: 'pg_inherits' })
      .join({ c: 'pg_class' }, 'c.oid', 'i.inhrelid')
      .whereRaw(`i.inhparent = 'cost_line_items'::regclass`);
    const old = partitions
      .map(({ relname }) => ({ relname, month: partitionMonth(relname) }))
      .filter(p => p.month && p.month < cutoff)
      .sort((a, b) => a.month!.getTime() - b.month!.getTime())
      .map(p => p.relname);
    for (const name of old) {
      // CONCURRENTLY: readers of other months do not wait (not in a transaction).
      await this.knex.raw(
        'ALTER TABLE cost_line_items DETACH PARTITION ?? CONCURRENTLY',
        [name],
      );
      await this.knex.raw('DROP TABLE ??', [name]);
    }
    const day = cutoff.toISOString().slice(0, 10);
    const monthlyCosts = await this.knex('cost_monthly_costs')
      .where('month', '<', day)
      .delete();
    const containerDays = await this.knex('cost_container_usage')
      .where('day', '<', day)
      .delete();
    const anomalyReviews = await this.knex('cost_anomaly_reviews')
      .where('date', '<', day)
      .delete();
    return { partitions: old, monthlyCosts, containerDays, anomalyReviews };
  }
}
