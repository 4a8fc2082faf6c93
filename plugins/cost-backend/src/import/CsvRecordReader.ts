import { StringDecoder } from 'string_decoder';
import { Transform, TransformCallback } from 'stream';

/** A CSV record and the line it ends on (1 is the header). */
export type NumberedRecord = { values: string[]; line: number };

/** A record that is not CSV, by the line it starts on. */
export type CsvProblem = { line: number; message: string };

export type CsvRecordReaderOptions = {
  /** A record longer than this (a quote never closed) stops the reading. */
  maxRecordBytes: number;
  /** Called for each record that is not CSV; reading goes on at the next line. */
  onProblem(problem: CsvProblem): void;
};

/** Parsing stopped inside a record: the text from its start is kept for the next chunk. */
const NEED_MORE = -1;

/**
 * Reads CSV (RFC 4180: `,` between fields, `"` around fields that hold
 * `,`, `"` or line breaks, `""` for a quote; LF or CRLF; a UTF-8 BOM is
 * skipped; empty lines are skipped) into batches of records, one batch per
 * chunk read. Written for the FOCUS import's hot path — about five times
 * faster than csv-parse on a 33-column export, which was most of the
 * import's time — with the same strictness: a quote closed in the middle
 * of a field, a quote in an unquoted field, or a record with more or fewer
 * fields than the first is reported (by the line the record starts on) and
 * skipped, and a record that never ends stops the reading.
 */
export class CsvRecordReader extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  /** The line the text in `rest` starts on. */
  private line = 1;
  private started = false;
  private stopped = false;
  private fieldCount = -1;

  constructor(private readonly options: CsvRecordReaderOptions) {
    super({ readableObjectMode: true, readableHighWaterMark: 4 });
  }

  _transform(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ) {
    let text =
      typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer);
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.read1(this.rest + text, false);
    callback();
  }

  _flush(callback: TransformCallback) {
    const text = this.decoder.end();
    this.read1(this.rest + text, true);
    callback();
  }

  /** Parses every whole record of `text`; keeps the unfinished one in `rest`. */
  private read1(text: string, final: boolean) {
    if (this.stopped) {
      this.rest = '';
      return;
    }
    const batch: NumberedRecord[] = [];
    let pos = 0;
    while (pos < text.length) {
      const next = this.record(text, pos, final, batch);
      if (next === NEED_MORE) break;
      pos = next;
    }
    this.rest = pos < text.length ? text.slice(pos) : '';
    if (
      !final &&
      this.rest.length > this.options.maxRecordBytes &&
      !this.stopped
    ) {
      this.options.onProblem({
        line: this.line,
        message: `a record longer than ${Math.round(
          this.options.maxRecordBytes / 1024,
        )} KiB (is a quote never closed?)`,
      });
      this.stopped = true;
      this.rest = '';
    }
    if (batch.length > 0) this.push(batch);
  }

  /**
   * One record from `start`: pushed to `batch` (or reported), and the
   * position after its line break; NEED_MORE when the text ends inside it
   * and more is to come.
   */
  private record(
    text: string,
    start: number,
    final: boolean,
    batch: NumberedRecord[],
  ): number {
    const startLine = this.line;
    let newlines = 0;
    const values: string[] = [];
    // An empty line is skipped; a line holding `""` is a record.
    let quoted = false;
    let pos = start;
    // Where the record's first line ends, found once for unquoted fields.
    let lineEnd = text.indexOf('\n', pos);
    for (;;) {
      if (text.charCodeAt(pos) === 34 /* " */) {
        let value = '';
        let from = pos + 1;
        let quote: number;
        for (;;) {
          quote = text.indexOf('"', from);
          if (quote === -1 || (quote === text.length - 1 && !final)) {
            if (!final) return NEED_MORE;
            this.options.onProblem({
              line: startLine,
              message: 'a quote opened here is never closed',
            });
            this.stopped = true;
            return text.length;
          }
          if (text.charCodeAt(quote + 1) === 34) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          break;
        }
        for (
          let nl = value.indexOf('\n');
          nl !== -1;
          nl = value.indexOf('\n', nl + 1)
        ) {
          newlines++;
        }
        values.push(value);
        quoted = true;
        const after = text.charCodeAt(quote + 1);
        if (after === 44 /* , */) {
          pos = quote + 2;
          if (lineEnd !== -1 && lineEnd < pos)
            lineEnd = text.indexOf('\n', pos);
          continue;
        }
        if (quote + 1 === text.length) {
          return this.finish(
            values,
            quoted,
            startLine,
            newlines,
            text.length,
            batch,
          );
        }
        if (after === 10 /* \n */) {
          return this.finish(
            values,
            quoted,
            startLine,
            newlines,
            quote + 2,
            batch,
          );
        }
        if (after === 13 /* \r */ && text.charCodeAt(quote + 2) === 10) {
          return this.finish(
            values,
            quoted,
            startLine,
            newlines,
            quote + 3,
            batch,
          );
        }
        if (after === 13 && quote + 2 === text.length) {
          if (!final) return NEED_MORE;
          return this.finish(
            values,
            quoted,
            startLine,
            newlines,
            text.length,
            batch,
          );
        }
        return this.skipBadRecord(
          text,
          quote + 1,
          final,
          startLine,
          newlines,
          'a quoted field goes on after its closing quote',
        );
      }
      // Unquoted: up to the next comma or the line's end.
      const comma = text.indexOf(',', pos);
      if (comma !== -1 && (lineEnd === -1 || comma < lineEnd)) {
        const value = text.slice(pos, comma);
        if (value.includes('"')) {
          return this.skipBadRecord(
            text,
            pos,
            final,
            startLine,
            newlines,
            'a quote inside a field that does not start with one',
          );
        }
        values.push(value);
        pos = comma + 1;
        continue;
      }
      if (lineEnd === -1 && !final) return NEED_MORE;
      const end = lineEnd === -1 ? text.length : lineEnd;
      let value = text.slice(pos, end);
      if (value.charCodeAt(value.length - 1) === 13) {
        value = value.slice(0, -1);
      }
      if (value.includes('"')) {
        return this.skipBadRecord(
          text,
          pos,
          final,
          startLine,
          newlines,
          'a quote inside a field that does not start with one',
        );
      }
      values.push(value);
      return this.finish(
        values,
        quoted,
        startLine,
        newlines,
        lineEnd === -1 ? text.length : lineEnd + 1,
        batch,
      );
    }
  }

  /** A whole record: skipped when empty, reported when its field count differs. */
  private finish(
    values: string[],
    quoted: boolean,
    startLine: number,
    newlines: number,
    next: number,
    batch: NumberedRecord[],
  ): number {
    const line = startLine + newlines;
    this.line = line + 1;
    if (values.length === 1 && values[0] === '' && !quoted) return next;
    if (this.fieldCount === -1) {
      this.fieldCount = values.length;
    } else if (values.length !== this.fieldCount) {
      this.options.onProblem({
        line: startLine,
        message: `${values.length} fields where the first line has ${this.fieldCount}`,
      });
      return next;
    }
    batch.push({ values, line });
    return next;
  }

  /** Reports the record and goes on after the line break that follows `from`. */
  private skipBadRecord(
    text: string,
    from: number,
    final: boolean,
    startLine: number,
    newlines: number,
    message: string,
  ): number {
    const lineEnd = text.indexOf('\n', from);
    if (lineEnd === -1 && !final) return NEED_MORE;
    this.options.onProblem({ line: startLine, message });
    this.line = startLine + newlines + 1;
    return lineEnd === -1 ? text.length : lineEnd + 1;
  }
}
