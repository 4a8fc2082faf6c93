/**
 * Rows → CSV (RFC 4180: comma-separated, CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled). Arrays are joined
 * with spaces; absent values are empty. A text field a spreadsheet would
 * run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is
 * prefixed with `'` — PR titles and incident titles come from users.
 */
export function toCsv<T extends object>(
  rows: T[],
  columns: (keyof T & string)[],
): string {
  const lines = [columns.map(escapeField).join(',')];
  for (const row of rows) {
    lines.push(
      columns.map(column => escapeField(fieldOf(row[column]))).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function fieldOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function escapeField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
