import { Knex } from 'knex';
import { toIsoTimestamp } from './toIsoTimestamp';

/** Evaluations of one flag in one environment with one outcome in one minute. */
export type EvaluationCount = {
  entityRef: string;
  environment: string;
  flagKey: string;
  /** The start of the minute. */
  bucket: Date;
  /** The variant served, or the outcome without one (`(error)`, `(code default)`). */
  variant: string;
  count: number;
};

/** Rows per INSERT: 6 parameters each, well under PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 2_000;

/** Evaluation counts per flag, environment, variant and minute, and the last evaluation of each flag. */
export class EvaluationStore {
  constructor(private readonly db: Knex) {}

  /** Adds counts (several replicas add to the same rows). */
  async add(counts: EvaluationCount[]): Promise<void> {
    if (counts.length === 0) return;
    await this.db.transaction(async tx => {
      for (let i = 0; i < counts.length; i += ROWS_PER_INSERT) {
        const chunk = counts.slice(i, i + ROWS_PER_INSERT);
        await tx('feature_flag_evaluations')
          .insert(
            chunk.map(c => ({
              entity_ref: c.entityRef,
              environment: c.environment,
              flag_key: c.flagKey,
              bucket: c.bucket,
              variant: c.variant,
              count: c.count,
            })),
          )
          .onConflict([
            'entity_ref',
            'environment',
            'flag_key',
            'bucket',
            'variant',
          ])
          .merge({
            count: tx.raw('feature_flag_evaluations.count + excluded.count'),
          });
      }
      const last = new Map<string, EvaluationCount>();
      for (const c of counts) {
        const key = `${c.entityRef}\n${c.environment}\n${c.flagKey}`;
        const seen = last.get(key);
        if (!seen || seen.bucket < c.bucket) last.set(key, c);
      }
      const latest = [...last.values()];
      for (let i = 0; i < latest.length; i += ROWS_PER_INSERT) {
        await tx('feature_flag_last_evaluations')
          .insert(
            latest.slice(i, i + ROWS_PER_INSERT).map(c => ({
              entity_ref: c.entityRef,
              environment: c.environment,
              flag_key: c.flagKey,
              at: c.bucket,
            })),
          )
          .onConflict(['entity_ref', 'environment', 'flag_key'])
          .merge({
            at: tx.raw(
              'GREATEST(feature_flag_last_evaluations.at, excluded.at)',
            ),
          });
      }
    });
  }

  /** Counts per variant in buckets of `intervalMinutes` within [from, to). */
  async series(query: {
    entityRef: string;
    environment: string;
    flagKey: string;
    from: Date;
    to: Date;
    intervalMinutes: number;
  }): Promise<Array<{ at: string; variant: string; count: number }>> {
    const seconds = query.intervalMinutes * 60;
    const rows: Array<{ at: Date; variant: string; count: string }> =
      await this.db('feature_flag_evaluations')
        .where({
          entity_ref: query.entityRef,
          environment: query.environment,
          flag_key: query.flagKey,
        })
        .where('bucket', '>=', query.from)
        .where('bucket', '<', query.to)
        .groupByRaw('1, 2')
        .orderByRaw('1, 2')
        .select(
          this.db.raw(
            'to_timestamp(floor(extract(epoch from bucket) / ?) * ?) as at',
            [seconds, seconds],
          ),
          'variant',
          this.db.raw('sum(count) as count'),
        );
    return rows.map(r => ({
      at: toIsoTimestamp(r.at),
      variant: r.variant,
      count: Number(r.count),
    }));
  }

  /** The last evaluation of each flag (of some Components, or all), per environment. */
  async lastEvaluations(entityRefs?: string[]): Promise<
    Array<{
      entityRef: string;
      environment: string;
      flagKey: string;
      at: string;
    }>
  > {
    const query = this.db('feature_flag_last_evaluations');
    if (entityRefs) query.whereIn('entity_ref', entityRefs);
    const rows = await query;
    return rows.map(r => ({
      entityRef: r.entity_ref,
      environment: r.environment,
      flagKey: r.flag_key,
      at: toIsoTimestamp(r.at),
    }));
  }

  /** Deletes buckets older than `before`; the last evaluations stay. */
  async prune(before: Date): Promise<number> {
    return this.db('feature_flag_evaluations')
      .where('bucket', '<', before)
      .delete();
  }
}
