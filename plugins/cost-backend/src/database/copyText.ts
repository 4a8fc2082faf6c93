/**
 * PostgreSQL COPY text format: one line per row, tab-separated, `\N` for
 * null, and backslash, tab, newline and carriage return escaped.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyTextField(value: string | null): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

export function copyTextRow(values: (string | null)[]): string {
  let line = copyTextField(values[0]);
  for (let i = 1; i < values.length; i++) {
    line += `\t${copyTextField(values[i])}`;
  }
  return `${line}\n`;
}
