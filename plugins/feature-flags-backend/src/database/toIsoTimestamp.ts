/** A timestamp column's value (pg returns Date, other paths strings) as ISO 8601. */
export const toIsoTimestamp = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();
