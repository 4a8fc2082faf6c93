import { BandsVersion, PerformanceLevel } from './types';

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const SIX_MONTHS = 182 * DAY;

/**
 * One report's performance bands, as the bound each level must meet:
 * deployments per day at least; lead time, failure rate and recovery at most.
 * What meets no bound is `low`.
 */
export type PerformanceBands = {
  version: BandsVersion;
  title: string;
  deploymentsPerDay: Record<Exclude<PerformanceLevel, 'low'>, number>;
  leadTimeSeconds: Record<Exclude<PerformanceLevel, 'low'>, number>;
  changeFailureRate: Record<Exclude<PerformanceLevel, 'low'>, number>;
  recoverySeconds: Record<Exclude<PerformanceLevel, 'low'>, number>;
  /** Where the report's ranges leave gaps or overlap, how the bounds close them. */
  notes: string[];
};

/**
 * The bands of the 2021, 2023 and 2024 Accelerate State of DevOps reports.
 * The reports give ranges ("between once per day and once per week"); each
 * bound here is the slower end of a level's range.
 */
export const PERFORMANCE_BANDS: Record<BandsVersion, PerformanceBands> = {
  '2021': {
    version: '2021',
    title: 'Accelerate State of DevOps 2021',
    deploymentsPerDay: { elite: 1, high: 1 / 30, medium: 1 / 182 },
    leadTimeSeconds: { elite: HOUR, high: WEEK, medium: SIX_MONTHS },
    changeFailureRate: { elite: 0.15, high: 0.3, medium: 0.3 },
    recoverySeconds: { elite: HOUR, high: DAY, medium: WEEK },
    notes: [
      'High, medium and low share a 16–30 % change failure rate: above 15 % is high, above 30 % low.',
    ],
  },
  '2023': {
    version: '2023',
    title: 'Accelerate State of DevOps 2023',
    deploymentsPerDay: { elite: 1, high: 1 / 7, medium: 1 / 30 },
    leadTimeSeconds: { elite: DAY, high: WEEK, medium: MONTH },
    changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
    recoverySeconds: { elite: HOUR, high: DAY, medium: WEEK },
    notes: [
      'The report gives low performers the same deployment frequency and lead time ranges as medium; slower than medium is low.',
    ],
  },
  '2024': {
    version: '2024',
    title: 'Accelerate State of DevOps 2024',
    deploymentsPerDay: { elite: 1, high: 1 / 7, medium: 1 / 30 },
    leadTimeSeconds: { elite: DAY, high: WEEK, medium: MONTH },
    changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.2 },
    recoverySeconds: { elite: HOUR, high: DAY, medium: DAY },
    notes: [
      'The report’s clusters have typical change failure rates of 5 % (elite), 20 % (high), 10 % (medium) and 40 % (low); ranked by rate alone they are 5, 10 and 20 %.',
    ],
  },
};

const LEVELS = ['elite', 'high', 'medium'] as const;

export function deploymentFrequencyLevel(
  deploymentsPerDay: number,
  bands: PerformanceBands,
): PerformanceLevel {
  return (
    LEVELS.find(level => deploymentsPerDay >= bands.deploymentsPerDay[level]) ??
    'low'
  );
}

function atMost(
  value: number | null,
  bounds: Record<Exclude<PerformanceLevel, 'low'>, number>,
  strictElite: boolean,
): PerformanceLevel | null {
  if (value === null) return null;
  if (strictElite ? value < bounds.elite : value <= bounds.elite)
    return 'elite';
  return LEVELS.slice(1).find(level => value <= bounds[level]) ?? 'low';
}

/** "Less than one hour/day" is strict for elite; the other bounds are inclusive. */
export function leadTimeLevel(
  medianSeconds: number | null,
  bands: PerformanceBands,
): PerformanceLevel | null {
  return atMost(medianSeconds, bands.leadTimeSeconds, true);
}

export function changeFailureRateLevel(
  rate: number | null,
  bands: PerformanceBands,
): PerformanceLevel | null {
  return atMost(rate, bands.changeFailureRate, false);
}

export function recoveryTimeLevel(
  medianSeconds: number | null,
  bands: PerformanceBands,
): PerformanceLevel | null {
  return atMost(medianSeconds, bands.recoverySeconds, true);
}
