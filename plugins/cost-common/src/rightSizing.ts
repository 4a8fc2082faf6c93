/**
 * Right-sizing Kubernetes containers: requests against what they use, and
 * the request to set instead. Pure: the backend feeds it a container's
 * daily usage (from OpenCost), the frontend only shows what it answers.
 */

/** One container of one workload on one day (UTC), per replica. */
export type ContainerUsageDay = {
  /** `YYYY-MM-DD`. */
  day: string;
  /** Pods running on average over the day (pod-minutes / minutes of the day covered). */
  replicas: number;
  /** Requested cores per pod, averaged over the time it ran. */
  cpuRequestCores: number;
  /** Cores used per pod, averaged over the time it ran. */
  cpuUsageAvgCores: number;
  /** The highest per-pod usage sample of the day; null when the source had none. */
  cpuUsageMaxCores: number | null;
  memoryRequestBytes: number;
  memoryUsageAvgBytes: number;
  memoryUsageMaxBytes: number | null;
  /** What the day's CPU and memory cost (all replicas), in the source's currency. */
  cpuCost: number;
  memoryCost: number;
  /** Core-hours and byte-hours that cost was charged on (all replicas). */
  cpuCoreHours: number;
  memoryByteHours: number;
};

export type RightSizingRules = {
  /** Added on top of the usage a request is sized to (0.2 = 20 %). */
  cpuHeadroom: number;
  memoryHeadroom: number;
  /** A request is changed only when the suggestion differs by more than this share (0.2 = 20 %). */
  minChange: number;
  /** Days of data a container needs before anything is suggested. */
  minDays: number;
};

export const DEFAULT_RIGHT_SIZING_RULES: RightSizingRules = {
  cpuHeadroom: 0.2,
  memoryHeadroom: 0.2,
  minChange: 0.2,
  minDays: 7,
};

/** Smallest CPU and memory requests suggested, and their rounding steps. */
export const MIN_CPU_REQUEST_CORES = 0.01;
export const CPU_STEP_CORES = 0.01;
export const MIN_MEMORY_REQUEST_BYTES = 32 * 1024 * 1024;
export const MEMORY_STEP_BYTES = 4 * 1024 * 1024;

const HOURS_PER_MONTH = 730;

export type RightSizingAction = 'decrease' | 'increase' | 'keep';

export type ResourceSizing = {
  /** Per pod, as requested on the last day. */
  request: number;
  /** Average use per pod over the days. */
  usageAverage: number;
  /**
   * What the suggestion is sized to: for CPU a typical day's peak (the
   * median of the daily peaks: past its request a container borrows idle
   * CPU up to its limit, and is throttled, not killed, when there is none);
   * for memory the highest daily peak (past its request a container is the
   * first evicted, past its limit OOM-killed).
   */
  usagePeak: number;
  /** Whether `usagePeak` comes from daily peaks, or only from averages (no peaks in the data). */
  peakFromAverages: boolean;
  suggested: number;
  action: RightSizingAction;
};

export type RightSizing = {
  days: number;
  /** Average replicas over the days. */
  replicas: number;
  cpu: ResourceSizing;
  memory: ResourceSizing;
  /**
   * What the suggested requests would save a month (730 hours) at the
   * replicas and prices of the days; negative when raising them costs more.
   * Only resources whose action is not `keep` count.
   */
  monthlySaving: number;
};

/** The p-th percentile (0–1), linear between ranks. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

function roundUp(value: number, step: number, min: number): number {
  // Floating point noise (0.30000000000000004) must not add a step.
  const steps = Math.ceil(value / step - 1e-9);
  return Math.max(min, Number((steps * step).toFixed(9)));
}

/**
 * A container's days of usage summed up: what sizing needs, and what the
 * database computes in one row per container (`percentile_cont` is
 * {@link percentile}).
 */
export type ContainerUsageSummary = {
  days: number;
  /** Average replicas over the days. */
  replicas: number;
  /** The requests of the last day, per pod. */
  cpuRequestCores: number;
  memoryRequestBytes: number;
  /** Use per pod, averaged over the days weighted by replicas. */
  cpuUsageAvgCores: number;
  memoryUsageAvgBytes: number;
  /** The median of the daily CPU peaks, and the highest daily memory peak; null when a day had none. */
  cpuUsagePeakCores: number | null;
  memoryUsagePeakBytes: number | null;
  /** The same from the daily averages, when the peaks are missing. */
  cpuUsageMedianOfAveragesCores: number;
  memoryUsageMaxOfAveragesBytes: number;
  cpuCost: number;
  memoryCost: number;
  cpuCoreHours: number;
  memoryByteHours: number;
};

/** Sums up a container's days (in any order). */
export function summariseContainerUsage(
  days: ContainerUsageDay[],
): ContainerUsageSummary {
  const ordered = [...days].sort((a, b) => a.day.localeCompare(b.day));
  const last = ordered[ordered.length - 1];
  const sum = (pick: (d: ContainerUsageDay) => number) =>
    ordered.reduce((total, d) => total + pick(d), 0);
  const replicaDays = sum(d => d.replicas);
  const weightedAverage = (pick: (d: ContainerUsageDay) => number) =>
    replicaDays > 0 ? sum(d => pick(d) * d.replicas) / replicaDays : 0;
  const peaks = (pick: (d: ContainerUsageDay) => number | null) => {
    const values = ordered.map(pick);
    return values.every(v => v !== null) ? (values as number[]) : undefined;
  };
  const cpuPeaks = peaks(d => d.cpuUsageMaxCores);
  const memoryPeaks = peaks(d => d.memoryUsageMaxBytes);
  return {
    days: ordered.length,
    replicas: ordered.length > 0 ? replicaDays / ordered.length : 0,
    cpuRequestCores: last?.cpuRequestCores ?? 0,
    memoryRequestBytes: last?.memoryRequestBytes ?? 0,
    cpuUsageAvgCores: weightedAverage(d => d.cpuUsageAvgCores),
    memoryUsageAvgBytes: weightedAverage(d => d.memoryUsageAvgBytes),
    cpuUsagePeakCores: cpuPeaks ? percentile(cpuPeaks, 0.5) : null,
    memoryUsagePeakBytes: memoryPeaks ? Math.max(...memoryPeaks) : null,
    cpuUsageMedianOfAveragesCores: percentile(
      ordered.map(d => d.cpuUsageAvgCores),
      0.5,
    ),
    memoryUsageMaxOfAveragesBytes: Math.max(
      0,
      ...ordered.map(d => d.memoryUsageAvgBytes),
    ),
    cpuCost: sum(d => d.cpuCost),
    memoryCost: sum(d => d.memoryCost),
    cpuCoreHours: sum(d => d.cpuCoreHours),
    memoryByteHours: sum(d => d.memoryByteHours),
  };
}

function sizeResource(
  request: number,
  usageAverage: number,
  peak: number | null,
  peakOfAverages: number,
  options: {
    headroom: number;
    minChange: number;
    step: number;
    min: number;
    /** Whether a peak above the request is an increase whatever the headroom (memory). */
    peakAboveRequestIncreases: boolean;
  },
): ResourceSizing {
  const peakFromAverages = peak === null;
  const usagePeak = peak ?? peakOfAverages;
  const sized = roundUp(
    usagePeak * (1 + options.headroom),
    options.step,
    options.min,
  );
  let action: RightSizingAction = 'keep';
  if (request <= 0) {
    // No request at all: the scheduler guarantees nothing; always set one.
    action = 'increase';
  } else if (
    (options.peakAboveRequestIncreases && usagePeak > request) ||
    sized > request * (1 + options.minChange)
  ) {
    action = 'increase';
  } else if (sized < request * (1 - options.minChange)) {
    action = 'decrease';
  }
  return {
    request,
    usageAverage,
    usagePeak,
    peakFromAverages,
    suggested: action === 'keep' ? request : sized,
    action,
  };
}

/**
 * The right size of one container from its usage (days, or their
 * summary): undefined until it has `minDays` days. Requests per pod are
 * sized to use plus headroom — CPU to the median of the daily peaks,
 * memory to the highest — rounded up (10 millicores, 4 MiB) and never
 * below 10m / 32 MiB; a request within `minChange` of that is kept. Memory
 * that peaked above its request is always an increase. The saving prices
 * each resource by what the days cost per core-hour (byte-hour) at the
 * days' average replicas.
 */
export function rightSizeContainer(
  usage: ContainerUsageDay[] | ContainerUsageSummary,
  rules: RightSizingRules = DEFAULT_RIGHT_SIZING_RULES,
): RightSizing | undefined {
  const summary = Array.isArray(usage) ? summariseContainerUsage(usage) : usage;
  if (summary.days < rules.minDays || summary.days === 0) return undefined;

  const cpu = sizeResource(
    summary.cpuRequestCores,
    summary.cpuUsageAvgCores,
    summary.cpuUsagePeakCores,
    summary.cpuUsageMedianOfAveragesCores,
    {
      headroom: rules.cpuHeadroom,
      minChange: rules.minChange,
      step: CPU_STEP_CORES,
      min: MIN_CPU_REQUEST_CORES,
      peakAboveRequestIncreases: false,
    },
  );
  const memory = sizeResource(
    summary.memoryRequestBytes,
    summary.memoryUsageAvgBytes,
    summary.memoryUsagePeakBytes,
    summary.memoryUsageMaxOfAveragesBytes,
    {
      headroom: rules.memoryHeadroom,
      minChange: rules.minChange,
      step: MEMORY_STEP_BYTES,
      min: MIN_MEMORY_REQUEST_BYTES,
      peakAboveRequestIncreases: true,
    },
  );

  const unitPrice = (cost: number, hours: number) =>
    hours > 0 ? cost / hours : 0;
  const cpuPrice = unitPrice(summary.cpuCost, summary.cpuCoreHours);
  const memoryPrice = unitPrice(summary.memoryCost, summary.memoryByteHours);
  // OpenCost charges max(request, usage): a change saves from what was charged.
  const charged = (sizing: ResourceSizing) =>
    Math.max(sizing.request, sizing.usageAverage);
  const saving = (sizing: ResourceSizing, price: number) =>
    sizing.action === 'keep'
      ? 0
      : (charged(sizing) - Math.max(sizing.suggested, sizing.usageAverage)) *
        summary.replicas *
        price *
        HOURS_PER_MONTH;

  return {
    days: summary.days,
    replicas: summary.replicas,
    cpu,
    memory,
    monthlySaving: saving(cpu, cpuPrice) + saving(memory, memoryPrice),
  };
}

/** `0.25` → `"250m"`, `2` → `"2"`: cores as a Kubernetes quantity. */
export function formatCpuQuantity(cores: number): string {
  const millicores = Math.round(cores * 1000);
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** Bytes as a Kubernetes quantity: whole `Gi` when exact, else `Mi` (rounded up). */
export function formatMemoryQuantity(bytes: number): string {
  const mebibytes = Math.ceil(bytes / (1024 * 1024) - 1e-9);
  return mebibytes % 1024 === 0 && mebibytes > 0
    ? `${mebibytes / 1024}Gi`
    : `${mebibytes}Mi`;
}
