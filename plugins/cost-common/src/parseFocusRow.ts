import {
  FOCUS_COLUMNS,
  FocusColumn,
  FocusLineItem,
  focusRecordSchema,
  MANDATORY_FOCUS_COLUMNS,
} from './focus';

/** Why a line of a file was not accepted; `line` counts from 1, the header. */
export type FocusProblem = {
  line: number;
  /** The FOCUS column, when the problem is in one. */
  column?: string;
  message: string;
};

export type ParsedFocusRow =
  | { ok: true; item: FocusLineItem }
  | { ok: false; problems: FocusProblem[] };

/**
 * One record of a FOCUS export (keyed by FOCUS column name; extra columns
 * are ignored) → its line item, or every problem of the line with its column.
 */
export function parseFocusRow(
  record: Record<string, unknown>,
  line: number,
): ParsedFocusRow {
  const result = focusRecordSchema.safeParse(record);
  if (result.success) return { ok: true, item: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(issue => {
      const column = issue.path[0];
      return {
        line,
        ...(typeof column === 'string' ? { column } : {}),
        message: issue.message,
      };
    }),
  };
}

const canonicalColumns = new Map<string, FocusColumn>(
  FOCUS_COLUMNS.map(column => [column.toLowerCase(), column]),
);

export type FocusHeader = {
  /** For each position of the file's header, the FOCUS column it holds. */
  columns: (FocusColumn | undefined)[];
  /** Problems with the header (line 1): mandatory columns absent, duplicates. */
  problems: FocusProblem[];
};

/**
 * A file's header → the FOCUS column at each position. Names match the
 * specification's regardless of case and surrounding blanks; other columns
 * (e.g. `x_` provider extensions) are ignored.
 */
export function resolveFocusHeader(header: string[]): FocusHeader {
  const seen = new Set<FocusColumn>();
  const problems: FocusProblem[] = [];
  const columns = header.map(name => {
    const column = canonicalColumns.get(name.trim().toLowerCase());
    if (!column) return undefined;
    if (seen.has(column)) {
      problems.push({ line: 1, column, message: 'appears more than once' });
      return undefined;
    }
    seen.add(column);
    return column;
  });
  for (const column of MANDATORY_FOCUS_COLUMNS) {
    if (!seen.has(column)) {
      problems.push({
        line: 1,
        column,
        message: 'mandatory FOCUS column is missing from the header',
      });
    }
  }
  return { columns, problems };
}

/** A CSV record (values by position) → a record keyed by FOCUS column. */
export function toFocusRecord(
  header: FocusHeader,
  values: string[],
): Record<string, string> {
  const record: Record<string, string> = {};
  const { columns } = header;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    if (column !== undefined) record[column] = values[i];
  }
  return record;
}
