import { Options, Parser } from 'csv-parse';

/** A CSV record and the line it ends on (1 is the header). */
export type NumberedRecord = { values: string[]; line: number };

/**
 * csv-parse emitting each record with its line number. csv-parse's own
 * `info: true` copies its whole info object for every record, which costs
 * a third of the parse on a million-line file; the line count is read here
 * at the moment the record is pushed instead.
 */
export class LineNumberedCsvParser extends Parser {
  constructor(options: Options) {
    super({ ...options, info: false, columns: false, objname: undefined });
  }

  push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record === null) return super.push(null, encoding);
    const numbered: NumberedRecord = {
      values: record as string[],
      line: this.info.lines,
    };
    return super.push(numbered, encoding);
  }
}
