import { amountToCents, centsToAmount, Money } from './money';

/**
 * Non-production cost and what shutting non-production down outside
 * working hours would save. Pure: the backend feeds it the cost by
 * environment of a period, the frontend only shows what it answers.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** When non-production is needed: these days, from `start` to `end` (`HH:MM`, `24:00` is midnight at the end). */
export type WorkingHours = { days: string[]; start: string; end: string };

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '08:00',
  end: '19:00',
};

export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['production'];

export const HOURS_PER_WEEK = 168;

/** Average days of a month (365.25 / 12). */
const DAYS_PER_MONTH = 30.4375;

/** `"08:30"` → 8.5; `"24:00"` → 24; anything else undefined. */
function hourOf(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) {
    return undefined;
  }
  return hours + minutes / 60;
}

/** The first problem of a schedule, naming its field (`days`, `start`, `end`), or undefined. */
export function workingHoursProblem(
  schedule: WorkingHours,
): { field: string; message: string } | undefined {
  if (!Array.isArray(schedule.days) || schedule.days.length === 0) {
    return { field: 'days', message: 'must name at least one day' };
  }
  const seen = new Set<string>();
  for (const [index, day] of schedule.days.entries()) {
    if (!WEEKDAYS.includes(day)) {
      return {
        field: `days.${index}`,
        message: `"${day}" is not a day; use ${WEEKDAYS.join(', ')}`,
      };
    }
    if (seen.has(day)) {
      return { field: `days.${index}`, message: `"${day}" is listed twice` };
    }
    seen.add(day);
  }
  const start = hourOf(schedule.start);
  if (start === undefined || start === 24) {
    return { field: 'start', message: 'must be a time, HH:MM (00:00–23:59)' };
  }
  const end = hourOf(schedule.end);
  if (end === undefined) {
    return { field: 'end', message: 'must be a time, HH:MM (00:00–24:00)' };
  }
  if (end <= start) {
    return { field: 'end', message: `must be after start (${schedule.start})` };
  }
  return undefined;
}

/** Hours a week the schedule keeps non-production on; throws naming the field of a bad schedule. */
export function hoursOnPerWeek(schedule: WorkingHours): number {
  const problem = workingHoursProblem(schedule);
  if (problem) {
    throw new Error(`workingHours.${problem.field}: ${problem.message}`);
  }
  return (
    schedule.days.length * (hourOf(schedule.end)! - hourOf(schedule.start)!)
  );
}

const DAY_LABELS: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** `{ days: [mon…fri], start: 08:00, end: 19:00 }` → `Mon–Fri 08:00–19:00`; runs of days are ranges. */
export function describeWorkingHours(schedule: WorkingHours): string {
  const indexes = schedule.days
    .map(day => WEEKDAYS.indexOf(day))
    .sort((a, b) => a - b);
  const runs: string[] = [];
  let runStart = 0;
  indexes.forEach((day, i) => {
    if (i + 1 < indexes.length && indexes[i + 1] === day + 1) return;
    const first = indexes[runStart];
    const label = (d: number) => DAY_LABELS[WEEKDAYS[d]];
    if (day === first) runs.push(label(first));
    else if (day === first + 1) runs.push(`${label(first)}, ${label(day)}`);
    else runs.push(`${label(first)}–${label(day)}`);
    runStart = i + 1;
  });
  return `${runs.join(', ')} ${schedule.start}–${schedule.end}`;
}

/** EffectiveCost of one environment (null: unallocated) in one currency, as the summary by environment gives it. */
export type EnvironmentCost = {
  environment: string | null;
  currency: string;
  amount: string;
};

/** One currency's split; amounts never mix currencies. */
export type NonProductionCost = {
  currency: string;
  /** Every cost of the period, unallocated included. */
  total: Money;
  production: Money;
  /** Cost of environments that are not production. */
  nonProduction: Money;
  /** Cost without an environment: counted in the total, not as non-production. */
  unallocated: Money;
  /** nonProduction / total, in percent to one decimal (0 without cost). */
  nonProductionSharePercent: number;
  /** nonProduction × (1 − hours on / 168): over the period… */
  offHoursSaving: Money;
  /** …and per average month (30.44 days). */
  offHoursSavingPerMonth: Money;
};

export type NonProductionReport = {
  productionEnvironments: string[];
  workingHours: WorkingHours;
  hoursOnPerWeek: number;
  /** One per currency, by currency code. */
  currencies: NonProductionCost[];
};

/**
 * Per currency: the total, the non-production cost (every environment not
 * listed as production; unallocated cost is apart) and its share, and the
 * saving if non-production ran only in working hours, assuming its cost
 * is spread evenly over the week.
 */
export function computeNonProduction(input: {
  costs: EnvironmentCost[];
  productionEnvironments: string[];
  workingHours: WorkingHours;
  /** Days the costs cover, for the saving per month. */
  days: number;
}): NonProductionReport {
  const hoursOn = hoursOnPerWeek(input.workingHours);
  if (!(input.days > 0)) throw new Error('days must be positive');
  const production = new Set(
    input.productionEnvironments.map(env => env.toLocaleLowerCase('en-US')),
  );
  const sums = new Map<
    string,
    { production: number; nonProduction: number; unallocated: number }
  >();
  for (const cost of input.costs) {
    let sum = sums.get(cost.currency);
    if (!sum) {
      sum = { production: 0, nonProduction: 0, unallocated: 0 };
      sums.set(cost.currency, sum);
    }
    const cents = amountToCents(cost.amount);
    if (cost.environment === null || cost.environment === '') {
      sum.unallocated += cents;
    } else if (production.has(cost.environment.toLocaleLowerCase('en-US'))) {
      sum.production += cents;
    } else {
      sum.nonProduction += cents;
    }
  }
  const offFraction = 1 - hoursOn / HOURS_PER_WEEK;
  const currencies = [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]): NonProductionCost => {
      const total = sum.production + sum.nonProduction + sum.unallocated;
      const money = (cents: number): Money => ({
        currency,
        amount: centsToAmount(cents),
      });
      const saving = Math.max(0, sum.nonProduction * offFraction);
      return {
        currency,
        total: money(total),
        production: money(sum.production),
        nonProduction: money(sum.nonProduction),
        unallocated: money(sum.unallocated),
        nonProductionSharePercent:
          total === 0 ? 0 : Math.round((sum.nonProduction / total) * 1000) / 10,
        offHoursSaving: money(saving),
        offHoursSavingPerMonth: money((saving * DAYS_PER_MONTH) / input.days),
      };
    });
  return {
    productionEnvironments: [...production],
    workingHours: input.workingHours,
    hoursOnPerWeek: hoursOn,
    currencies,
  };
}
