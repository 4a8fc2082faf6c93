/**
 * The months an API import re-imports on `now`: this month and the
 * `months - 1` before it (UTC), as billing periods (their first days) and
 * the half-open range [from, to) they span.
 */
export function importMonths(
  now: Date,
  months: number,
): { billingPeriods: Date[]; from: Date; to: Date } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const billingPeriods = Array.from(
    { length: months },
    (_, i) => new Date(Date.UTC(year, month - (months - 1) + i, 1)),
  );
  return {
    billingPeriods,
    from: billingPeriods[0],
    to: new Date(Date.UTC(year, month + 1, 1)),
  };
}
