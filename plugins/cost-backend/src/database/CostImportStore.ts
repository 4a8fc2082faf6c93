import {
  CostImport,
  CostImportStatus,
  FocusProblem,
  SHARED_COSTS_SOURCE,
} from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import { PendingLineItemWriter } from './PendingLineItemWriter';
import type { SharedCostStore } from './SharedCostStore';

type ImportRow = {
  id: string | number;
  source: string;
  file_name: string | null;
  status: CostImportStatus;
  billing_periods: Date[] | null;
  rows: number;
  problem_count: number;
  problems: FocusProblem[];
  file_fingerprint: string | null;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
};

const toCostImport = (row: ImportRow): CostImport => ({
  id: String(row.id),
  source: row.source,
  fileName: row.file_name,
  status: row.status,
  billingPeriods: (row.billing_periods ?? []).map(d =>
    new Date(d).toISOString().slice(0, 10),
  ),
  rows: row.rows,
  problemCount: row.problem_count,
  problems: row.problems,
  startedAt: new Date(row.started_at).toISOString(),
  finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  startedBy: row.started_by,
});

/**
 * Imports whose rows readers must not see: running (not yet published) and
 * failed (rows deleted, unless the deletion itself failed). Few, so that
 * `import_id NOT IN (…)` is one hashed lookup per row, where `IN
 * (succeeded imports)` would grow with every import.
 */
export const unpublishedImportIds = (knex: Knex) =>
  knex('cost_imports').select('id').whereNot('status', 'succeeded');

/**
 * Sums the line items `condition` picks into cost_monthly_costs, per month,
 * source, billing period, allocation, provider, category and currency,
 * with the span of charge periods summed.
 */
export async function insertMonthlyCosts(
  trx: Knex.Transaction,
  condition: string,
  bindings: Knex.Value[],
): Promise<void> {
  await trx.raw(
    `INSERT INTO cost_monthly_costs (
       month, source, billing_period_start, entity_ref, owner_ref,
       environment, provider_name, service_category, billing_currency,
       effective_cost, billed_cost, list_cost, line_items,
       covered_from, covered_until)
     SELECT date_trunc('month', charge_period_start AT TIME ZONE 'UTC')::date,
       source, billing_period_start, entity_ref, owner_ref, environment,
       provider_name, service_category, billing_currency,
       sum(effective_cost), sum(billed_cost), sum(list_cost), count(*),
       min(charge_period_start), max(charge_period_end)
     FROM cost_line_items
     WHERE ${condition}
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    bindings,
  );
}

/**
 * Imports and their line items: an import is started, its rows streamed in
 * (invisible), then published — in one transaction that replaces the
 * source's billing periods and their monthly sums — or failed, its rows
 * deleted.
 */
export class CostImportStore {
  constructor(
    private readonly knex: Knex,
    /** Rebuilds the shared-cost split of the months an import publishes. */
    private readonly sharedCosts?: SharedCostStore,
  ) {}

  async start(input: {
    source: string;
    fileName?: string;
    fileFingerprint?: string;
    startedBy?: string;
  }): Promise<string> {
    const [row] = await this.knex('cost_imports')
      .insert({
        source: input.source,
        file_name: input.fileName ?? null,
        status: 'running',
        file_fingerprint: input.fileFingerprint ?? null,
        started_by: input.startedBy ?? null,
        started_at: this.knex.fn.now(),
      })
      .returning('id');
    return String(row.id);
  }

  /** A writer for the import's rows, on a connection of its own until closed or discarded. */
  openWriter(importId: string, source: string): Promise<PendingLineItemWriter> {
    return PendingLineItemWriter.open(this.knex, importId, source);
  }

  /**
   * Makes the import's rows the source's line items for `billingPeriods`,
   * in one transaction: the rows earlier imports of the source had for
   * those periods are deleted, their monthly sums rebuilt from the new
   * rows, and the import marked succeeded. Imports of one source publish
   * one at a time; the last one wins.
   */
  async publish(input: {
    importId: string;
    source: string;
    billingPeriods: Date[];
    rows: number;
    /** More to replace in the same transaction (an API import's container usage). */
    onPublish?: (trx: Knex.Transaction) => Promise<void>;
  }): Promise<CostImport> {
    const { importId, source, billingPeriods } = input;
    return this.knex.transaction(async trx => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
        `paved-cost-import:${source}`,
      ]);
      if (billingPeriods.length > 0) {
        await trx('cost_line_items')
          .where('source', source)
          .whereIn('billing_period_start', billingPeriods)
          .whereNot('import_id', importId)
          // Not the rows of imports still running: they replace these later.
          .whereNotIn('import_id', unpublishedImportIds(trx))
          .delete();
        await trx('cost_monthly_costs')
          .where('source', source)
          .whereIn('billing_period_start', billingPeriods)
          .delete();
        await insertMonthlyCosts(
          trx,
          'source = ? AND billing_period_start = ANY(?) AND import_id = ?',
          [source, billingPeriods as any, importId],
        );
      }
      await input.onPublish?.(trx);
      const [row] = await trx<ImportRow>('cost_imports')
        .where('id', importId)
        .update({
          status: 'succeeded',
          rows: input.rows,
          billing_periods: billingPeriods as any,
          finished_at: trx.fn.now() as any,
        })
        .returning('*');
      // After the import is succeeded: its rows are among what is split.
      if (this.sharedCosts && billingPeriods.length > 0) {
        const months = await trx('cost_monthly_costs')
          .distinct('month')
          .where('source', source)
          .whereIn('billing_period_start', billingPeriods);
        await this.sharedCosts.resplit(trx, [
          ...billingPeriods,
          ...months.map(
            (m: { month: Date }) =>
              new Date(
                Date.UTC(
                  m.month.getFullYear(),
                  m.month.getMonth(),
                  m.month.getDate(),
                ),
              ),
          ),
        ]);
      }
      return toCostImport(row);
    });
  }

  /** Marks the import failed (its rows, if any, discarded by the writer). */
  async fail(input: {
    importId: string;
    rows: number;
    problems: FocusProblem[];
    problemCount: number;
  }): Promise<CostImport> {
    const [row] = await this.knex<ImportRow>('cost_imports')
      .where('id', input.importId)
      .update({
        status: 'failed',
        rows: input.rows,
        problems: JSON.stringify(input.problems) as any,
        problem_count: input.problemCount,
        finished_at: this.knex.fn.now() as any,
      })
      .returning('*');
    return toCostImport(row);
  }

  /**
   * Imports left running longer than `olderThan` ago by a replica that
   * stopped: failed, their rows deleted. Returns how many.
   */
  async failAbandoned(olderThan: Date): Promise<number> {
    const abandoned = await this.knex<ImportRow>('cost_imports')
      .where('status', 'running')
      .andWhere('started_at', '<', olderThan)
      .select('id', 'source');
    for (const { id, source } of abandoned) {
      await this.knex('cost_line_items')
        .where({ source, import_id: id })
        .delete();
      await this.knex('cost_container_usage')
        .where({ source, import_id: id })
        .delete();
      await this.fail({
        importId: String(id),
        rows: 0,
        problems: [
          { line: 0, message: 'the import was interrupted (backend stopped)' },
        ],
        problemCount: 1,
      });
    }
    return abandoned.length;
  }

  async get(importId: string): Promise<CostImport | undefined> {
    const row = await this.knex<ImportRow>('cost_imports')
      .where('id', importId)
      .first();
    return row && toCostImport(row);
  }

  /** The latest imports, newest first. */
  async list(limit: number): Promise<CostImport[]> {
    const rows = await this.knex<ImportRow>('cost_imports')
      .whereNot('source', SHARED_COSTS_SOURCE)
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toCostImport);
  }

  /**
   * Per source, its latest import and its latest succeeded one, for
   * saying whether the data is stale and why.
   */
  async latestBySource(): Promise<
    Array<{ source: string; latest: CostImport; lastSucceeded?: CostImport }>
  > {
    const latest = await this.knex<ImportRow>('cost_imports')
      .distinctOn('source')
      .whereNot('source', SHARED_COSTS_SOURCE)
      .orderBy([
        { column: 'source' },
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    const succeeded = await this.knex<ImportRow>('cost_imports')
      .distinctOn('source')
      .where('status', 'succeeded')
      .orderBy([
        { column: 'source' },
        { column: 'finished_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    const succeededBySource = new Map(
      succeeded.map(row => [row.source, toCostImport(row)]),
    );
    return latest.map(row => ({
      source: row.source,
      latest: toCostImport(row),
      lastSucceeded: succeededBySource.get(row.source),
    }));
  }

  /** The fingerprint of the source's latest import of the file, whatever came of it. */
  async latestFingerprint(
    source: string,
    fileName: string,
  ): Promise<string | undefined> {
    const row = await this.knex<ImportRow>('cost_imports')
      .where({ source, file_name: fileName })
      .whereNot('status', 'running')
      .orderBy('id', 'desc')
      .first('file_fingerprint');
    return row?.file_fingerprint ?? undefined;
  }
}
