import { resolveFocusHeader } from '@internal/plugin-cost-common';
import {
  AsyncBuffer,
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CsvProblem, NumberedRecord } from './CsvRecordReader';

/** Rows decoded at once: a row group can hold millions. */
const ROWS_PER_SLICE = 20_000;

/** A Parquet value as the text a CSV export would hold. */
function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString();
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  // A MAP column (Tags) decodes as key/value pairs or an object.
  if (
    Array.isArray(value) &&
    value.every(entry => entry && typeof entry === 'object' && 'key' in entry)
  ) {
    return JSON.stringify(
      Object.fromEntries(
        value.map((entry: { key: unknown; value: unknown }) => [
          String(entry.key),
          entry.value === null || entry.value === undefined
            ? ''
            : String(entry.value),
        ]),
      ),
    );
  }
  return JSON.stringify(value);
}

/**
 * A FOCUS Parquet file (AWS, Azure and Google Cloud all export one) read as
 * the records the CSV reader gives: its column names first (line 1), then
 * each row (row N is line N + 1, as in the same export as CSV), in batches
 * of at most 20,000 rows — row group by row group, never the whole file in
 * memory. Only the FOCUS columns are decoded. Timestamps become ISO 8601
 * (UTC), numbers their shortest exact text (DECIMAL columns are read as
 * binary doubles: exact to 15 significant digits), a MAP of tags a JSON
 * object. A file that is not Parquet is one problem, not a failure.
 */
export async function* readParquetRecords(
  source: string | AsyncBuffer,
  options: {
    onProblem(problem: CsvProblem): void;
    /** Checked before each slice: true stops the reading. */
    stopped(): boolean;
  },
): AsyncGenerator<NumberedRecord[]> {
  let file;
  let metadata;
  try {
    file =
      typeof source === 'string' ? await asyncBufferFromFile(source) : source;
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    options.onProblem({
      line: 0,
      message: `not a Parquet file: ${(error as Error).message}`,
    });
    return;
  }
  const names = parquetSchema(metadata).children.map(
    child => child.element.name,
  );
  // Only the FOCUS columns: the rest (x_ extensions…) need no decoding.
  const header = resolveFocusHeader(names);
  const columns = names.filter((_, i) => header.columns[i] !== undefined);
  yield [{ values: columns, line: 1 }];
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = rowStart + Number(group.num_rows);
    for (let start = rowStart; start < groupEnd; start += ROWS_PER_SLICE) {
      if (options.stopped()) return;
      const end = Math.min(start + ROWS_PER_SLICE, groupEnd);
      let rows;
      try {
        rows = await parquetReadObjects({
          file,
          metadata,
          columns,
          rowStart: start,
          rowEnd: end,
          compressors,
        });
      } catch (error) {
        options.onProblem({
          line: start + 2,
          message: `rows ${start + 1}–${end} cannot be read: ${
            (error as Error).message
          }`,
        });
        return;
      }
      yield rows.map((row, i) => ({
        values: columns.map(column => toText(row[column])),
        line: start + i + 2,
      }));
    }
    rowStart = groupEnd;
  }
}
