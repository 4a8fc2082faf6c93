import { LoggerService } from '@backstage/backend-plugin-api';
import {
  allocateLineItem,
  Allocation,
  AllocationIndex,
  AllocationRules,
  CostImport,
  FocusLineItem,
} from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import { CostImportStore } from '../database/CostImportStore';
import { PendingLineItemWriter } from '../database/PendingLineItemWriter';

/** Where an API importer writes its line items. */
export type LineItemSink = {
  /**
   * One line item, allocated as given (a workload the catalog knows) or
   * else by its tags; a promise only when the writer must wait.
   */
  write(
    item: FocusLineItem,
    allocation?: Allocation,
  ): Promise<void> | undefined;
};

/** One run of an API importer: whole billing periods of one source. */
export type ApiImportRun = {
  source: string;
  /** What was asked for, e.g. `OpenCost http://… 2026-10-01 – 2026-12-01`; shown as the import's file. */
  description: string;
  /**
   * Pulls the line items into the sink and answers the billing periods
   * (month starts) it read whole, which the run replaces whatever came
   * back for them; throws (with a message a lead can act on) when the API
   * fails.
   */
  pull(context: {
    importId: string;
    sink: LineItemSink;
    index: AllocationIndex;
  }): Promise<{ billingPeriods: Date[] }>;
  /** More to replace in the publishing transaction. */
  onPublish?(trx: Knex.Transaction, importId: string): Promise<void>;
  /** Undoes what `pull` stored besides line items, when the import fails. */
  onDiscard?(importId: string): Promise<void>;
};

/** Distinct tag sets whose allocation is remembered during one run. */
const ALLOCATION_CACHE_SIZE = 50_000;

/**
 * Runs API imports (Cost Explorer, OpenCost) the way files are imported:
 * the line items are written invisible, then published in one transaction
 * that replaces the source's billing periods — or, when the API fails, the
 * import is recorded failed with the reason and nothing it wrote is kept,
 * so earlier data stays as it was.
 */
export class ApiLineItemImporter {
  constructor(
    private readonly deps: {
      imports: CostImportStore;
      loadAllocationIndex: () => Promise<AllocationIndex>;
      rules: AllocationRules;
      logger: LoggerService;
    },
  ) {}

  async run(run: ApiImportRun): Promise<CostImport> {
    const { imports, rules, logger } = this.deps;
    const importId = await imports.start({
      source: run.source,
      fileName: run.description,
      startedBy: 'scheduler',
    });
    let writer: PendingLineItemWriter | undefined;
    try {
      const index = await this.deps.loadAllocationIndex();
      const openWriter = await imports.openWriter(importId, run.source);
      writer = openWriter;
      const allocations = new Map<
        string,
        { allocation: Allocation; tagsJson: string }
      >();
      const sink: LineItemSink = {
        write(item, allocation) {
          const tagsJson = JSON.stringify(item.tags);
          if (allocation) return openWriter.write(item, allocation, tagsJson);
          let allocated = allocations.get(tagsJson);
          if (!allocated) {
            allocated = {
              allocation: allocateLineItem(item.tags, index, rules),
              tagsJson,
            };
            if (allocations.size >= ALLOCATION_CACHE_SIZE) allocations.clear();
            allocations.set(tagsJson, allocated);
          }
          return openWriter.write(item, allocated.allocation, tagsJson);
        },
      };
      const { billingPeriods } = await run.pull({ importId, sink, index });
      await openWriter.close();
      const periods = new Map<number, Date>();
      for (const period of [
        ...billingPeriods,
        ...openWriter.writtenBillingPeriods(),
      ]) {
        periods.set(period.getTime(), period);
      }
      const published = await imports.publish({
        importId,
        source: run.source,
        billingPeriods: [...periods.values()].sort(
          (a, b) => a.getTime() - b.getTime(),
        ),
        rows: openWriter.rows,
        onPublish: run.onPublish && (trx => run.onPublish!(trx, importId)),
      });
      logger.info(
        `Cost import ${importId} of ${run.source} (${run.description}): ${published.rows} line items`,
      );
      return published;
    } catch (error) {
      const reason = (error as Error).message;
      logger.warn(
        `Cost import ${importId} of ${run.source} (${run.description}) failed: ${reason}`,
      );
      await writer?.discard().catch(() => undefined);
      await run.onDiscard?.(importId).catch(() => undefined);
      return imports.fail({
        importId,
        rows: writer?.rows ?? 0,
        problems: [{ line: 0, message: reason }],
        problemCount: 1,
      });
    }
  }
}
