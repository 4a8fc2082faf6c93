const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** A calendar date as a whole number of days since 1970-01-01. */
type CivilDay = number;

/** The Monday of the week (Monday–Sunday) a day is in; 1970-01-01 was a Thursday. */
const mondayOf = (day: CivilDay): CivilDay => day - ((((day + 3) % 7) + 7) % 7);

/** Reads the calendar date of an instant in a time zone. */
function localCalendar(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });
  const dayOf = (instant: number): CivilDay => {
    const parts = format.formatToParts(new Date(instant));
    const part = (type: Intl.DateTimeFormatPartTypes) =>
      Number(parts.find(p => p.type === type)?.value);
    return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
  };
  /**
   * The first instant of a local day: local midnight, or whenever the day
   * begins where a clock change skips midnight. Zone offsets lie within
   * ±15 hours, so that instant is within 15 hours of the day's UTC midnight.
   */
  const startOf = (day: CivilDay): number => {
    let low = day * DAY_MS - 15 * HOUR_MS;
    let high = day * DAY_MS + 15 * HOUR_MS;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (dayOf(middle) < day) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return { dayOf, startOf };
}

/**
 * For each calendar week (Monday to Sunday in `timeZone`) lying entirely
 * inside the window [from, to), the number of distinct local dates on which
 * something was deployed, in order: 0 for a week without deployments, at
 * most 7. Dates are local: a deployment at 23:30 UTC is on the next day in
 * Berlin, and a week holds 167 or 169 hours when the clocks change in it.
 * Empty when the window holds no whole week.
 *
 * @param deployedAt - when each deployment finished; those outside the whole weeks are ignored
 * @param timeZone - an IANA time zone, e.g. `Europe/Berlin`
 */
export function deployDaysPerWeek(
  deployedAt: Date[],
  window: { from: Date; to: Date },
  timeZone: string,
): number[] {
  const calendar = localCalendar(timeZone);
  const from = window.from.getTime();
  const to = window.to.getTime();

  let monday = mondayOf(calendar.dayOf(from));
  if (calendar.startOf(monday) < from) monday += 7;
  const weeks: CivilDay[] = [];
  for (; calendar.startOf(monday + 7) <= to; monday += 7) weeks.push(monday);
  if (weeks.length === 0) return [];

  const daysByWeek = new Map<CivilDay, Set<CivilDay>>();
  for (const instant of deployedAt) {
    const day = calendar.dayOf(instant.getTime());
    const days = daysByWeek.get(mondayOf(day)) ?? new Set<CivilDay>();
    days.add(day);
    daysByWeek.set(mondayOf(day), days);
  }
  return weeks.map(week => daysByWeek.get(week)?.size ?? 0);
}
