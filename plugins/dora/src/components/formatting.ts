import {
  ChangeDetail,
  PerformanceBands,
  PerformanceLevel,
} from '@internal/plugin-dora-common';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** At most one decimal, none when it is zero: 3.24 → "3.2", 3.04 → "3". */
const oneDecimal = (value: number) => String(Number(value.toFixed(1)));

/** Under 10 with one decimal, from 10 on whole: how precise a glance needs. */
const glance = (value: number) =>
  value < 10 ? oneDecimal(value) : Math.round(value).toLocaleString('en-US');

/** Shown where a metric has nothing to measure (no change, no incident). */
export const NO_VALUE = '—';

/**
 * A duration for people: `42 s`, `45 min`, `3.2 h`, `14 h`, `1 day`,
 * `2.1 days`, `40 days`. `null` (nothing measured) is `—`.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) {
    return NO_VALUE;
  }
  const s = Math.max(0, seconds);
  if (Math.round(s) < MINUTE) return `${Math.round(s)} s`;
  if (Math.round(s / MINUTE) < 60) return `${Math.round(s / MINUTE)} min`;
  const hours = s / HOUR;
  const shownHours = hours < 10 ? Number(hours.toFixed(1)) : Math.round(hours);
  if (shownHours < 24) return `${shownHours} h`;
  const days = glance(s / DAY);
  return `${days} ${days === '1' ? 'day' : 'days'}`;
}

/** A count of days, as a median may be fractional: `1 day`, `2.5 days`, `4 days`. */
export function formatDays(days: number): string {
  const value = oneDecimal(days);
  return `${value} ${value === '1' ? 'day' : 'days'}`;
}

/** A rate (0–1) as a percentage: `0 %`, `8.3 %`, `15 %`; `null` is `—`. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) {
    return NO_VALUE;
  }
  return `${glance(rate * 100)} %`;
}

/** Deployments per day: `12 / day`, `1.4 / day`, `0.29 / day`. */
export function formatPerDay(perDay: number): string {
  let value: string;
  if (perDay >= 1) value = glance(perDay);
  else if (perDay > 0) value = String(Number(perDay.toPrecision(2)));
  else value = '0';
  return `${value} / day`;
}

/** Deployments per day as per week: `2.1 / week`. */
export function formatPerWeek(perDay: number): string {
  return `${glance(perDay * 7)} / week`;
}

/** `7 days`, `30 days`, `90 days`, `1 year`. */
export function windowLabel(days: number): string {
  return days === 365 ? '1 year' : `${days} days`;
}

/** `1 deployment`, `3 deployments`. */
export function plural(count: number, noun: string, nouns = `${noun}s`) {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}

/** A timestamp in the reader's locale and zone, to the minute. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return NO_VALUE;
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A short day label for chart axes: `Nov 3`. */
export function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
  });
}

/** `Elite`, `High`, `Medium`, `Low`; `No data` when there is nothing to rank. */
export function levelLabel(level: PerformanceLevel | null | undefined) {
  if (!level) return 'No data';
  return level.charAt(0).toUpperCase() + level.slice(1);
}

/** A deployment-frequency bound of the reports: `once a day`, `once a week`. */
export function formatFrequencyBound(perDay: number): string {
  if (perDay >= 1) {
    return perDay === 1 ? 'once a day' : `${glance(perDay)} times a day`;
  }
  const days = Math.round(1 / perDay);
  const named: Record<number, string> = {
    7: 'once a week',
    30: 'once a month',
    182: 'once every 6 months',
  };
  return named[days] ?? `once every ${days} days`;
}

/** A duration bound of the reports: `1 hour`, `1 day`, `1 week`, `1 month`, `6 months`. */
export function formatDurationBound(seconds: number): string {
  const named: Record<number, string> = {
    [HOUR]: '1 hour',
    [DAY]: '1 day',
    [WEEK]: '1 week',
    [30 * DAY]: '1 month',
    [182 * DAY]: '6 months',
  };
  return named[seconds] ?? formatDuration(seconds);
}

/** The metrics the reports rank, by the bounds of `PerformanceBands`. */
export type RankedMetric =
  | 'deploymentFrequency'
  | 'leadTime'
  | 'changeFailureRate'
  | 'recovery';

/**
 * What each level needs for one metric under one report's bands, one line a
 * level: `Elite: at least once a day`, …, `Low: less often`.
 */
export function bandLines(
  metric: RankedMetric,
  bands: PerformanceBands,
): string[] {
  switch (metric) {
    case 'deploymentFrequency': {
      const b = bands.deploymentsPerDay;
      return [
        `Elite: at least ${formatFrequencyBound(b.elite)}`,
        `High: at least ${formatFrequencyBound(b.high)}`,
        `Medium: at least ${formatFrequencyBound(b.medium)}`,
        'Low: less often',
      ];
    }
    case 'changeFailureRate': {
      const b = bands.changeFailureRate;
      return [
        `Elite: at most ${formatPercent(b.elite)}`,
        `High: at most ${formatPercent(b.high)}`,
        `Medium: at most ${formatPercent(b.medium)}`,
        'Low: higher',
      ];
    }
    default: {
      const b =
        metric === 'leadTime' ? bands.leadTimeSeconds : bands.recoverySeconds;
      return [
        `Elite: under ${formatDurationBound(b.elite)}`,
        `High: at most ${formatDurationBound(b.high)}`,
        `Medium: at most ${formatDurationBound(b.medium)}`,
        'Low: longer',
      ];
    }
  }
}

const secondsBetween = (from: string, to: string) =>
  Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/**
 * One pull request's lead-time stages, as the metrics count them: coding
 * (first commit → opened), pickup (opened → first review, reviewed ones only),
 * review (first review or opened → merged), deploy (merged → deployed);
 * negative spans (clock skew) are 0.
 */
export function changeStages(change: ChangeDetail): {
  coding: number;
  pickup: number | null;
  review: number;
  deploy: number;
} {
  return {
    coding: secondsBetween(change.firstCommitAt, change.openedAt),
    pickup: change.firstReviewAt
      ? secondsBetween(change.openedAt, change.firstReviewAt)
      : null,
    review: secondsBetween(
      change.firstReviewAt ?? change.openedAt,
      change.mergedAt,
    ),
    deploy: secondsBetween(change.mergedAt, change.deployedAt),
  };
}

/** `coding 2 days · pickup 3 h · review 5 h · deploy 45 min` (pickup only when reviewed). */
export function formatChangeStages(change: ChangeDetail): string {
  const stages = changeStages(change);
  return [
    `coding ${formatDuration(stages.coding)}`,
    ...(stages.pickup === null
      ? []
      : [`pickup ${formatDuration(stages.pickup)}`]),
    `review ${formatDuration(stages.review)}`,
    `deploy ${formatDuration(stages.deploy)}`,
  ].join(' · ');
}
