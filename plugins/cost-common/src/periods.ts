/** Calendar arithmetic for cost periods. Every period is UTC and half-open [from, to). */

export const DAY_MS = 86_400_000;

export type Range = { from: Date; to: Date };
export type Interval = 'day' | 'month';

/** The first instant of the month `date` is in. */
export function startOfMonth(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The first instant of the month `months` after (or before) the month `date` is in. */
export function addMonths(date: Date, months: number): Date {
  return new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1),
  );
}

/** 28 to 31. */
export function daysInMonth(monthStart: Date): number {
  return Math.round(
    (addMonths(monthStart, 1).getTime() - startOfMonth(monthStart).getTime()) /
      DAY_MS,
  );
}

/** `2026-03` → 2026-03-01T00:00:00Z; undefined when not a month. */
export function parseMonth(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return new Date(Date.UTC(Number(match[1]), month - 1, 1));
}

/** 2026-03-01T00:00:00Z → `2026-03`. */
export function formatMonth(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** `2026-03-05` → 2026-03-05T00:00:00Z; undefined when not a calendar date. */
export function parseDay(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = new Date(
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])),
  );
  return date.toISOString().slice(0, 10) === text ? date : undefined;
}

/** 2026-03-05T00:00:00Z → `2026-03-05`. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A range cut where whole months can be read from monthly totals:
 * `months` is the whole calendar months inside [from, to) (or undefined when
 * there is none), `edges` the days before and after them.
 */
export function splitAtMonths(range: Range): {
  months?: Range;
  edges: Range[];
} {
  const { from, to } = range;
  const firstWhole =
    startOfMonth(from).getTime() === from.getTime() ? from : addMonths(from, 1);
  const endWhole = startOfMonth(to);
  if (firstWhole >= endWhole) return { edges: [range] };
  const edges: Range[] = [];
  if (from < firstWhole) edges.push({ from, to: firstWhole });
  if (endWhole < to) edges.push({ from: endWhole, to });
  return { months: { from: firstWhole, to: endWhole }, edges };
}

/** The start of every day or month that overlaps [from, to). */
export function periodStarts(range: Range, interval: Interval): Date[] {
  const starts: Date[] = [];
  if (interval === 'day') {
    const first = Date.UTC(
      range.from.getUTCFullYear(),
      range.from.getUTCMonth(),
      range.from.getUTCDate(),
    );
    for (let t = first; t < range.to.getTime(); t += DAY_MS) {
      starts.push(new Date(t));
    }
    return starts;
  }
  for (let m = startOfMonth(range.from); m < range.to; m = addMonths(m, 1)) {
    starts.push(m);
  }
  return starts;
}
