import { LoggerService } from '@backstage/backend-plugin-api';
import {
  allocateLineItem,
  Allocation,
  AllocationIndex,
  AllocationRules,
  CostImport,
  FocusHeader,
  FocusProblem,
  parseFocusRow,
  resolveFocusHeader,
  toFocusRecord,
} from '@internal/plugin-cost-common';
import type { AsyncBuffer } from 'hyparquet';
import { Readable, Writable } from 'stream';
import { finished } from 'stream/promises';
import { CostImportStore } from '../database/CostImportStore';
import { PendingLineItemWriter } from '../database/PendingLineItemWriter';
import { CsvRecordReader, NumberedRecord } from './CsvRecordReader';
import { readParquetRecords } from './ParquetRecordReader';

/** Problems an import keeps (all are counted). */
export const MAX_STORED_PROBLEMS = 100;

/** Longest CSV record read; beyond it (e.g. a quote never closed) the line is a problem. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** Distinct tag sets whose allocation is remembered during one import. */
const ALLOCATION_CACHE_SIZE = 50_000;

export type FocusFileInput = {
  /** Where the line items come from (`aws`, `azure-ea`…); an import replaces this source's billing periods. */
  source: string;
  fileName?: string;
  /** Size and modification time of a scheduled file, to skip it while unchanged. */
  fileFingerprint?: string;
  startedBy?: string;
} & (
  | {
      format?: 'csv';
      /** The CSV, uncompressed. */
      input: Readable;
    }
  | {
      format: 'parquet';
      /**
       * A Parquet file on disk, or one read by byte ranges (an S3 object):
       * it is read from its footer, out of order.
       */
      file: string | AsyncBuffer;
    }
);

/**
 * Imports a FOCUS file, CSV or Parquet: streamed through CsvRecordReader
 * (or ParquetRecordReader, row group by row group), each line
 * validated (see `parseFocusRow`) and allocated, the rows COPYed into the
 * database as they come. A file with any bad line imports nothing: its
 * import fails listing the first problems by line. Otherwise the import is
 * published, replacing the source's billing periods that the file holds.
 */
export class FocusFileImporter {
  constructor(
    private readonly deps: {
      imports: CostImportStore;
      loadAllocationIndex: () => Promise<AllocationIndex>;
      rules: AllocationRules;
      logger: LoggerService;
    },
  ) {}

  async importFile(file: FocusFileInput): Promise<CostImport> {
    const { imports, rules, logger } = this.deps;
    const index = await this.deps.loadAllocationIndex();
    const importId = await imports.start(file);
    const problems: FocusProblem[] = [];
    let problemCount = 0;
    const report = (problem: FocusProblem) => {
      problemCount++;
      if (problems.length < MAX_STORED_PROBLEMS) problems.push(problem);
    };

    let writer: PendingLineItemWriter | undefined;
    let rows = 0;
    try {
      writer = await imports.openWriter(importId, file.source);
      let header: FocusHeader | undefined;
      const allocations = new Map<
        string,
        { allocation: Allocation; tagsJson: string }
      >();
      const reading = this.openRecords(file, report);

      /** One record; a promise only when the writer must wait. */
      const readRecord = ({
        values,
        line,
      }: NumberedRecord): Promise<void> | undefined => {
        if (!header) {
          header = resolveFocusHeader(values);
          header.problems.forEach(report);
          if (header.problems.length > 0) reading.stop();
          return undefined;
        }
        if (header.problems.length > 0) return undefined;
        rows++;
        const record = toFocusRecord(header, values);
        const parsed = parseFocusRow(record, line);
        if (!parsed.ok) parsed.problems.forEach(report);
        if (problemCount > 0 || !parsed.ok) {
          // Nothing of the file is imported: stop writing at the first
          // problem (this line's or a CSV one), keep reading to report
          // every bad line.
          if (!writer) return undefined;
          const discarded = writer;
          writer = undefined;
          return discarded.discard();
        }
        if (!writer) return undefined;
        // A file repeats a few thousand tag sets: each is allocated once.
        const tagsText = record.Tags ?? '';
        let allocated = allocations.get(tagsText);
        if (!allocated) {
          allocated = {
            allocation: allocateLineItem(parsed.item.tags, index, rules),
            tagsJson: JSON.stringify(parsed.item.tags),
          };
          if (allocations.size >= ALLOCATION_CACHE_SIZE) allocations.clear();
          allocations.set(tagsText, allocated);
        }
        return writer.write(
          parsed.item,
          allocated.allocation,
          allocated.tagsJson,
        );
      };
      /** A batch's records from `from` on; a promise only when the writer must wait. */
      const readBatch = (
        batch: NumberedRecord[],
        from: number,
      ): Promise<void> | undefined => {
        for (let i = from; i < batch.length; i++) {
          const pending = readRecord(batch[i]);
          if (pending) return pending.then(() => readBatch(batch, i + 1));
        }
        return undefined;
      };
      const sink = new Writable({
        objectMode: true,
        highWaterMark: 4,
        write(batch: NumberedRecord[], _encoding, callback) {
          try {
            const pending = readBatch(batch, 0);
            if (pending) pending.then(() => callback(), callback);
            else callback();
          } catch (error) {
            callback(error as Error);
          }
        },
      });
      reading.records.on('error', error => sink.destroy(error));
      reading.records.pipe(sink);
      try {
        await finished(sink);
      } finally {
        reading.close();
      }
      if (!header && problemCount === 0) {
        report({ line: 1, message: 'the file is empty: no FOCUS header' });
      }

      if (problemCount > 0 || !writer) {
        await writer?.discard();
        const refused = await imports.fail({
          importId,
          rows,
          problems,
          problemCount,
        });
        logger.info(
          `Cost import ${importId} of ${file.source} (${
            file.fileName ?? 'upload'
          }) refused: ${problemCount} problems, the first at line ${
            problems[0]?.line
          }`,
        );
        return refused;
      }
      await writer.close();
      const published = await imports.publish({
        importId,
        source: file.source,
        billingPeriods: writer.writtenBillingPeriods(),
        rows: writer.rows,
      });
      logger.info(
        `Cost import ${importId} of ${file.source} (${
          file.fileName ?? 'upload'
        }): ${
          published.rows
        } line items, billing periods ${published.billingPeriods.join(', ')}`,
      );
      return published;
    } catch (error) {
      await writer?.discard().catch(() => undefined);
      await imports.fail({
        importId,
        rows,
        problems: [
          ...problems,
          {
            line: 0,
            message: `the import stopped: ${(error as Error).message}`,
          },
        ].slice(0, MAX_STORED_PROBLEMS),
        problemCount: problemCount + 1,
      });
      throw error;
    }
  }

  /**
   * The file's records in batches (the header first), a way to stop
   * reading early (a bad header), and what to do when done.
   */
  private openRecords(
    file: FocusFileInput,
    report: (problem: FocusProblem) => void,
  ): { records: Readable; stop(): void; close(): void } {
    if (file.format === 'parquet') {
      let stopped = false;
      const records = Readable.from(
        readParquetRecords(file.file, {
          onProblem: report,
          stopped: () => stopped,
        }),
      );
      return {
        records,
        stop: () => {
          stopped = true;
        },
        close: () => records.destroy(),
      };
    }
    const { input } = file;
    const parser = new CsvRecordReader({
      maxRecordBytes: MAX_RECORD_BYTES,
      onProblem: ({ line, message }) =>
        report({ line, message: `not a CSV record: ${message}` }),
    });
    input.on('error', error => parser.destroy(error));
    // An upload cut off (client gone) closes without an end or an error.
    input.on('close', () => {
      if (!input.readableEnded) {
        parser.destroy(new Error('the file ended before its end (cut off)'));
      }
    });
    input.pipe(parser);
    return {
      records: parser,
      stop: () => {
        input.unpipe(parser);
        parser.end();
      },
      close: () => {
        // Whatever was left unread (after a bad header, a failure) is drained.
        if (!input.readableEnded) {
          input.unpipe(parser);
          input.resume();
        }
        parser.destroy();
      },
    };
  }
}
