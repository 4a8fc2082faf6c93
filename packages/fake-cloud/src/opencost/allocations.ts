/**
 * OpenCost's `/allocation` computed from per-container, per-day records:
 * pure, so it is tested without a server.
 *
 * Shaped after OpenCost's own source (github.com/opencost/opencost), not from
 * memory:
 * - core/pkg/opencost/allocation_json.go — `AllocationJSON`: the fields, their
 *   order, `formatFloat64ForResponse` (rounding to five decimals),
 *   `rawAllocationOnly` omitted when empty, `pvs` keyed
 *   `cluster=<c>:name=<pv>`;
 * - core/pkg/opencost/allocation.go — `Allocation.add` (averages weighted by
 *   minutes, sums, `RawAllocationOnly` dropped by any sum), `CPUEfficiency`,
 *   `RAMEfficiency`, `TotalEfficiency`, `TotalCost`, `CPUCores`, `Minutes`,
 *   `AggregateBy` (idle kept apart and merged into one `__idle__` unless
 *   split), `AllocationSet.Insert` (window expanded to the set's);
 * - core/pkg/opencost/allocationprops.go — `GenerateKey` (values joined with
 *   `/`, `controllerKind:controller`, `__unallocated__` for a missing label or
 *   controller), `Intersection` (properties shared by all summed items;
 *   labels only with `includeAggregatedMetadata`), `ParseProperty`;
 * - core/pkg/opencost/window.go — `parseWindow` (named windows, `7d` rounded
 *   to whole UTC days, `Nh`, `N offset M`, unix and RFC3339 pairs,
 *   `illegal window: …`);
 * - pkg/costmodel/aggregation.go — `ComputeAllocationHandler` and
 *   `ParseAggregationProperties` (unknown aggregates are ignored, steps
 *   walk forward from the window's start, `accumulate`/`accumulateBy`);
 * - pkg/costmodel/allocation_helpers.go — labels are the namespace's plus the
 *   pod's, CronJob Jobs reported as their CronJob;
 * - the ComputeIdleAllocations of core/pkg/opencost — `<cluster>/__idle__`
 *   carries only the costs of node capacity not allocated, properties
 *   `{cluster}`;
 * - opencost-website static/allocation-example-output.json — a real answer
 *   (`proportionalAssetResourceCosts: {}`, `lbAllocations: null`,
 *   `sharedCostBreakdown: {}`, `pvs: null`).
 */
import {
  OpenCostAllocation,
  OpenCostAllocationProperties,
  OpenCostContainerDay,
  OpenCostDataset,
  OpenCostPVAllocation,
  OpenCostPrices,
} from './types';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const GIB = 1024 ** 3;

/** OpenCost's default prices (its `default.json`), in USD. */
export const OPENCOST_DEFAULT_PRICES: OpenCostPrices = {
  cpuCoreHour: 0.031611,
  ramGiBHour: 0.004237,
  pvGiBHour: 0.04 / 730,
  zoneEgressGiB: 0.01,
  regionEgressGiB: 0.01,
  internetEgressGiB: 0.12,
};

export const IDLE_SUFFIX = '__idle__';
export const UNALLOCATED_SUFFIX = '__unallocated__';

/** A time window, epoch ms, end exclusive. */
export type OpenCostWindow = { start: number; end: number };

/** A query parameter OpenCost rejects; `parameter` tells which. */
export class OpenCostParameterError extends Error {
  constructor(
    readonly parameter: 'window' | 'step' | 'accumulateBy',
    message: string,
  ) {
    super(message);
    this.name = 'OpenCostParameterError';
  }
}

const truncateDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

const UNIT_MS: Record<string, number> = {
  m: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
  w: WEEK_MS,
};

const RFC3339 = String.raw`\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ`;
const RFC_PAIR = new RegExp(`(${RFC3339}),(${RFC3339})`);

/**
 * OpenCost's `parseWindow` in UTC: `today`, `yesterday`, `week` (from
 * Sunday), `lastweek`, `month`, `lastmonth`, durations (`30m`, `24h`, and
 * `7d`/`1w`, which cover whole UTC days up to the end of today), `N offset
 * M`, unix second pairs (`a,b`) and RFC3339 pairs (second precision, `Z`
 * only, as its regular expression has it). Throws `illegal window: …`.
 */
export function parseOpenCostWindow(text: string, now: number): OpenCostWindow {
  const today = truncateDay(now);
  const date = new Date(today);
  switch (text) {
    case 'today':
      return { start: today, end: today + DAY_MS };
    case 'yesterday':
      return { start: today - DAY_MS, end: today };
    case 'week':
      return { start: today - date.getUTCDay() * DAY_MS, end: now };
    case 'lastweek': {
      const start = today - (date.getUTCDay() + 7) * DAY_MS;
      return { start, end: start + WEEK_MS };
    }
    case 'month':
      return { start: today - (date.getUTCDate() - 1) * DAY_MS, end: now };
    case 'lastmonth': {
      const end = today - (date.getUTCDate() - 1) * DAY_MS;
      const lastDay = new Date(end - DAY_MS);
      return { start: end - lastDay.getUTCDate() * DAY_MS, end };
    }
    default:
      break;
  }

  let match = /^(\d+)(m|h|d|w)$/.exec(text);
  if (match) {
    let end = now;
    let start = end - Number(match[1]) * UNIT_MS[match[2]];
    if (match[2] === 'd' || match[2] === 'w') {
      end = truncateDay(end) + DAY_MS;
      start = truncateDay(start) + DAY_MS;
    }
    return { start, end };
  }

  match = /^(\d+)(m|h|d|w) offset (\d+)(m|h|d|w)$/.exec(text);
  if (match) {
    // OpenCost multiplies a `w` offset by 24 weeks; kept as it is.
    const offsetUnit = match[4] === 'w' ? 24 * WEEK_MS : UNIT_MS[match[4]];
    const end = now - Number(match[3]) * offsetUnit;
    return { start: end - Number(match[1]) * UNIT_MS[match[2]], end };
  }

  match = /^(\d+)[,|-](\d+)$/.exec(text);
  if (match) {
    return { start: Number(match[1]) * 1000, end: Number(match[2]) * 1000 };
  }

  match = RFC_PAIR.exec(text);
  if (match) {
    return { start: Date.parse(match[1]), end: Date.parse(match[2]) };
  }

  throw new OpenCostParameterError('window', `illegal window: ${text}`);
}

/**
 * A `step`: OpenCost's duration (`30m`, `2h`, `1d`, `90s`) or one of `hour`,
 * `day`, `week`, `month`, `quarter` (the last two step by day).
 */
export function parseOpenCostStep(text: string): number {
  const raw = text.trim().toLowerCase();
  const words: Record<string, number> = {
    hour: HOUR_MS,
    day: DAY_MS,
    week: WEEK_MS,
    month: DAY_MS,
    quarter: DAY_MS,
  };
  if (words[raw]) return words[raw];
  const match = /^(\d+)(s|m|h|d)$/.exec(raw);
  const ms = match
    ? Number(match[1]) * (match[2] === 's' ? 1000 : UNIT_MS[match[2]])
    : 0;
  if (!match || ms <= 0) {
    throw new OpenCostParameterError(
      'step',
      `invalid step "${raw}": must be a Go duration or one of hour, day, week, month, quarter: error parsing duration: ${raw} did not match expected format [0-9+](s|m|d|h)`,
    );
  }
  return ms;
}

/** Prometheus' label name sanitizing, as OpenCost applies it to labels. */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

const PROPERTIES: Record<string, string> = {
  cluster: 'cluster',
  node: 'node',
  container: 'container',
  controller: 'controller',
  controllerkind: 'controllerKind',
  namespace: 'namespace',
  pod: 'pod',
  providerid: 'providerID',
  service: 'service',
  deployment: 'deployment',
  daemonset: 'daemonset',
  statefulset: 'statefulset',
  job: 'job',
  department: 'department',
  environment: 'environment',
  owner: 'owner',
  product: 'product',
  team: 'team',
};

/** The label each aliased property reads, as OpenCost's default LabelConfig has it. */
const ALIASED_LABELS: Record<string, string> = {
  department: 'department',
  environment: 'env',
  owner: 'owner',
  product: 'app',
  team: 'team',
};

/**
 * `aggregate`, split on commas: OpenCost's `ParseAggregationProperties`.
 * Known properties are case-insensitive, `label:` and `annotation:` names are
 * sanitized, anything else is silently dropped (OpenCost does not reject it).
 */
export function parseAggregateBy(values: string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const text = value.trim();
    if (!text) continue;
    const known = PROPERTIES[text.toLowerCase()];
    if (known) {
      out.push(known);
    } else if (text.startsWith('label:') || text.startsWith('annotation:')) {
      const [prefix, ...rest] = text.split(':');
      out.push(`${prefix}:${sanitizeLabelName(rest.join(':').trim())}`);
    }
  }
  return out;
}

/** The aggregation OpenCost applies when `aggregate` is absent. */
export const DEFAULT_AGGREGATE_BY = [
  'cluster',
  'node',
  'namespace',
  'pod',
  'container',
];

/** What `accumulate`/`accumulateBy` ask for. */
export type OpenCostAccumulate =
  | 'none'
  | 'all'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'quarter';

const PERIODS = new Set(['hour', 'day', 'week', 'month', 'quarter']);

/**
 * `accumulate` (a bool, `all`, or a period; anything else means none, as
 * OpenCost ignores it) overridden by `accumulateBy` (`all`, `none` or a
 * period; anything else is rejected).
 */
export function parseAccumulate(
  accumulate: string | undefined,
  accumulateBy: string | undefined,
): OpenCostAccumulate {
  const by = (accumulateBy ?? '').trim().toLowerCase();
  if (by) {
    if (by === 'all' || by === 'none' || PERIODS.has(by)) {
      return by as OpenCostAccumulate;
    }
    throw new OpenCostParameterError(
      'accumulateBy',
      `invalid accumulateBy option: ${accumulateBy}`,
    );
  }
  const raw = (accumulate ?? '').trim();
  if (raw.toLowerCase() === 'all') return 'all';
  if (PERIODS.has(raw)) return raw as OpenCostAccumulate;
  return parseGoBool(raw) ? 'all' : 'none';
}

/** Go's `strconv.ParseBool`, false when it would fail (as `GetBool` defaults). */
export function parseGoBool(value: string | undefined): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value ?? '');
}

function periodStart(ms: number, period: OpenCostAccumulate): number {
  const date = new Date(ms);
  switch (period) {
    case 'hour':
      return Math.floor(ms / HOUR_MS) * HOUR_MS;
    case 'day':
      return truncateDay(ms);
    case 'week':
      return truncateDay(ms) - date.getUTCDay() * DAY_MS;
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    default: {
      const quarterMonth = Math.floor(date.getUTCMonth() / 3) * 3;
      return Date.UTC(date.getUTCFullYear(), quarterMonth, 1);
    }
  }
}

function nextPeriod(start: number, period: OpenCostAccumulate): number {
  const date = new Date(start);
  switch (period) {
    case 'hour':
      return start + HOUR_MS;
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + WEEK_MS;
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    default:
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 3, 1);
  }
}

/** What to compute: the result of parsing a request. */
export type OpenCostAllocationQuery = {
  /** The windows of the sets computed, in order (the `step`s). */
  steps: OpenCostWindow[];
  /**
   * How the sets are summed: not at all (one map per step), all into one,
   * or into these periods (each set into the period holding its start).
   */
  accumulate: 'none' | 'all' | OpenCostWindow[];
  /** Properties to aggregate by (`parseAggregateBy`); empty for none. */
  aggregateBy: string[];
  includeIdle: boolean;
  shareIdle: boolean;
  /** One `<cluster>/__idle__` per cluster instead of one `__idle__`. */
  splitIdle: boolean;
  /** Keep the labels all summed allocations share (OpenCost drops them otherwise). */
  includeAggregatedMetadata: boolean;
  /** Data exists from `start` to `end` (retention up to now). */
  data: OpenCostWindow;
  /** Only these clusters; all when absent. */
  clusters?: string[];
};

/**
 * The sets OpenCost computes for a window: from its start, `step` at a time,
 * the last one running past the window's end when the step does not divide
 * it (as `ComputeAllocationHandler` walks them). With an accumulation period,
 * the window is first widened to whole periods.
 */
export function planSteps(
  window: OpenCostWindow,
  step: number | undefined,
  accumulate: OpenCostAccumulate,
): Pick<OpenCostAllocationQuery, 'steps' | 'accumulate'> {
  if (accumulate === 'none' || accumulate === 'all') {
    const size = step ?? window.end - window.start;
    const steps: OpenCostWindow[] = [];
    if (size > 0) {
      for (let start = window.start; start < window.end; start += size) {
        steps.push({ start, end: start + size });
      }
    }
    return { steps, accumulate };
  }
  const periods: OpenCostWindow[] = [];
  if (window.end > window.start) {
    for (
      let start = periodStart(window.start, accumulate);
      start < window.end;
      start = nextPeriod(start, accumulate)
    ) {
      periods.push({ start, end: nextPeriod(start, accumulate) });
    }
  }
  let size: number;
  if (accumulate === 'hour') size = HOUR_MS;
  else if (accumulate === 'day') size = step === DAY_MS ? DAY_MS : HOUR_MS;
  else size = accumulate === 'week' && step === WEEK_MS ? WEEK_MS : DAY_MS;
  const steps: OpenCostWindow[] = [];
  if (periods.length) {
    const end = periods[periods.length - 1].end;
    for (let start = periods[0].start; start < end; start += size) {
      steps.push({ start, end: start + size });
    }
  }
  return { steps, accumulate: periods };
}

type Properties = {
  cluster?: string;
  node?: string;
  container?: string;
  controller?: string;
  controllerKind?: string;
  namespace?: string;
  pod?: string;
  services?: string[];
  providerID?: string;
  labels?: Record<string, string>;
  namespaceLabels?: Record<string, string>;
};

type PVAcc = { byteHours: number; cost: number; providerID: string };

/** An allocation while it is summed: averages kept as value × ms. */
type Acc = {
  name: string;
  idle: boolean;
  props: Properties;
  windowStart: number;
  windowEnd: number;
  start: number;
  end: number;
  cpuRequestMs: number;
  cpuLimitMs: number;
  cpuUsageMs: number;
  ramRequestMs: number;
  ramLimitMs: number;
  ramUsageMs: number;
  cpuCoreHours: number;
  ramByteHours: number;
  cpuCost: number;
  ramCost: number;
  cpuCostIdle: number;
  ramCostIdle: number;
  networkTransferBytes: number;
  networkReceiveBytes: number;
  networkCrossZoneCost: number;
  networkCrossRegionCost: number;
  networkInternetCost: number;
  pvs: Map<string, PVAcc> | null;
  cpuCoreUsageMax: number;
  ramByteUsageMax: number;
  /** Allocations summed into this one; `rawAllocationOnly` only when 1. */
  members: number;
};

function emptyAcc(
  name: string,
  props: Properties,
  window: OpenCostWindow,
  start: number,
  end: number,
): Acc {
  return {
    name,
    idle: false,
    props,
    windowStart: window.start,
    windowEnd: window.end,
    start,
    end,
    cpuRequestMs: 0,
    cpuLimitMs: 0,
    cpuUsageMs: 0,
    ramRequestMs: 0,
    ramLimitMs: 0,
    ramUsageMs: 0,
    cpuCoreHours: 0,
    ramByteHours: 0,
    cpuCost: 0,
    ramCost: 0,
    cpuCostIdle: 0,
    ramCostIdle: 0,
    networkTransferBytes: 0,
    networkReceiveBytes: 0,
    networkCrossZoneCost: 0,
    networkCrossRegionCost: 0,
    networkInternetCost: 0,
    pvs: null,
    cpuCoreUsageMax: 0,
    ramByteUsageMax: 0,
    members: 1,
  };
}

function addRecord(
  acc: Acc,
  record: OpenCostContainerDay,
  start: number,
  end: number,
  prices: OpenCostPrices,
) {
  const ms = end - start;
  const hours = ms / HOUR_MS;
  acc.start = Math.min(acc.start, start);
  acc.end = Math.max(acc.end, end);
  acc.cpuRequestMs += record.cpuCoreRequest * ms;
  acc.cpuLimitMs += record.cpuCoreLimit * ms;
  acc.cpuUsageMs += record.cpuCoreUsageAverage * ms;
  acc.ramRequestMs += record.ramByteRequest * ms;
  acc.ramLimitMs += record.ramByteLimit * ms;
  acc.ramUsageMs += record.ramByteUsageAverage * ms;
  // OpenCost allocates (and charges) the larger of request and usage.
  const cores = Math.max(record.cpuCoreRequest, record.cpuCoreUsageAverage);
  const bytes = Math.max(record.ramByteRequest, record.ramByteUsageAverage);
  acc.cpuCoreHours += cores * hours;
  acc.cpuCost += cores * hours * prices.cpuCoreHour;
  acc.ramByteHours += bytes * hours;
  acc.ramCost += (bytes / GIB) * hours * prices.ramGiBHour;
  const share = ms / (record.end - record.start);
  acc.networkTransferBytes += record.networkTransferBytes * share;
  acc.networkReceiveBytes += record.networkReceiveBytes * share;
  acc.networkCrossZoneCost +=
    (record.networkCrossZoneBytes / GIB) * share * prices.zoneEgressGiB;
  acc.networkCrossRegionCost +=
    (record.networkCrossRegionBytes / GIB) * share * prices.regionEgressGiB;
  acc.networkInternetCost +=
    (record.networkInternetBytes / GIB) * share * prices.internetEgressGiB;
  if (record.pv) {
    acc.pvs ??= new Map();
    const key = `cluster=${record.cluster}:name=${record.pv.name}`;
    const pv = acc.pvs.get(key) ?? {
      byteHours: 0,
      cost: 0,
      providerID: record.pv.providerID,
    };
    pv.byteHours += record.pv.bytes * hours;
    pv.cost += (record.pv.bytes / GIB) * hours * prices.pvGiBHour;
    acc.pvs.set(key, pv);
  }
  acc.cpuCoreUsageMax = Math.max(acc.cpuCoreUsageMax, record.cpuCoreUsageMax);
  acc.ramByteUsageMax = Math.max(acc.ramByteUsageMax, record.ramByteUsageMax);
}

function mapIntersection(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(a ?? {})) {
    if (b?.[key] === value) out[key] = value;
  }
  return out;
}

/** `AllocationProperties.Intersection`: what two summed allocations share. */
function intersection(
  p: Properties,
  q: Properties,
  keepLabels: boolean,
): Properties {
  const out: Properties = {};
  if (p.cluster === q.cluster) out.cluster = p.cluster;
  if (p.node === q.node) out.node = p.node;
  if (p.container === q.container) out.container = p.container;
  if (p.controller === q.controller) out.controller = p.controller;
  if (p.controllerKind === q.controllerKind) {
    out.controllerKind = p.controllerKind;
  }
  if (p.namespace === q.namespace) {
    out.namespace = p.namespace;
    out.namespaceLabels = { ...p.namespaceLabels };
    if (keepLabels) out.labels = mapIntersection(p.labels, q.labels);
  }
  if (p.pod === q.pod) out.pod = p.pod;
  if (p.providerID === q.providerID) out.providerID = p.providerID;
  return out;
}

/** `Allocation.add`: sums `that` into `acc`. */
function addAcc(acc: Acc, that: Acc, keepLabels: boolean) {
  acc.props = intersection(acc.props, that.props, keepLabels);
  acc.windowStart = Math.min(acc.windowStart, that.windowStart);
  acc.windowEnd = Math.max(acc.windowEnd, that.windowEnd);
  acc.start = Math.min(acc.start, that.start);
  acc.end = Math.max(acc.end, that.end);
  acc.cpuRequestMs += that.cpuRequestMs;
  acc.cpuLimitMs += that.cpuLimitMs;
  acc.cpuUsageMs += that.cpuUsageMs;
  acc.ramRequestMs += that.ramRequestMs;
  acc.ramLimitMs += that.ramLimitMs;
  acc.ramUsageMs += that.ramUsageMs;
  acc.cpuCoreHours += that.cpuCoreHours;
  acc.ramByteHours += that.ramByteHours;
  acc.cpuCost += that.cpuCost;
  acc.ramCost += that.ramCost;
  acc.cpuCostIdle += that.cpuCostIdle;
  acc.ramCostIdle += that.ramCostIdle;
  acc.networkTransferBytes += that.networkTransferBytes;
  acc.networkReceiveBytes += that.networkReceiveBytes;
  acc.networkCrossZoneCost += that.networkCrossZoneCost;
  acc.networkCrossRegionCost += that.networkCrossRegionCost;
  acc.networkInternetCost += that.networkInternetCost;
  if (that.pvs) {
    const pvs = new Map<string, PVAcc>();
    for (const [key, pv] of acc.pvs ?? []) pvs.set(key, { ...pv });
    for (const [key, pv] of that.pvs) {
      const mine = pvs.get(key);
      if (!mine) {
        pvs.set(key, { ...pv });
      } else {
        mine.byteHours += pv.byteHours;
        mine.cost += pv.cost;
        if (mine.providerID !== pv.providerID) mine.providerID = '';
      }
    }
    acc.pvs = pvs;
  }
  acc.members += that.members;
}

function cloneAcc(acc: Acc): Acc {
  return {
    ...acc,
    pvs: acc.pvs
      ? new Map([...acc.pvs].map(([key, pv]) => [key, { ...pv }]))
      : null,
  };
}

/** `AllocationProperties.GenerateKey`. */
export function generateKey(
  props: OpenCostAllocationProperties,
  aggregateBy: string[],
): string {
  const names: string[] = [];
  const labelOr = (name: string) => props.labels?.[name] ?? UNALLOCATED_SUFFIX;
  for (const agg of aggregateBy) {
    switch (agg) {
      case 'cluster':
        names.push(props.cluster ?? '');
        break;
      case 'node':
        names.push(props.node ?? '');
        break;
      case 'namespace':
        names.push(props.namespace ?? '');
        break;
      case 'controllerKind':
        names.push(props.controllerKind || UNALLOCATED_SUFFIX);
        break;
      case 'daemonset':
      case 'statefulset':
      case 'deployment':
      case 'job':
        names.push(
          agg === props.controllerKind && props.controller
            ? props.controller
            : UNALLOCATED_SUFFIX,
        );
        break;
      case 'controller':
        if (!props.controller) names.push(UNALLOCATED_SUFFIX);
        else if (props.controllerKind) {
          names.push(`${props.controllerKind}:${props.controller}`);
        } else names.push(props.controller);
        break;
      case 'pod':
        names.push(props.pod ?? '');
        break;
      case 'container':
        names.push(props.container ?? '');
        break;
      case 'service':
        names.push(props.services?.[0] ?? UNALLOCATED_SUFFIX);
        break;
      default:
        if (agg.startsWith('label:')) {
          names.push(props.labels ? labelOr(agg.slice(6)) : UNALLOCATED_SUFFIX);
        } else if (agg.startsWith('annotation:')) {
          names.push(UNALLOCATED_SUFFIX);
        } else if (ALIASED_LABELS[agg]) {
          names.push(labelOr(ALIASED_LABELS[agg]));
        }
      // providerID makes no part of a key in OpenCost either.
    }
  }
  return names.join('/');
}

/** Go's `math.Round(f*100000)/100000`: half away from zero, five decimals. */
export function roundForResponse(value: number): number {
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 1e5)) / 1e5;
  return rounded === 0 ? 0 : rounded;
}

/** Go's `time.RFC3339`: whole seconds. */
const iso = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of [...entries].sort(([a], [b]) =>
    a < b ? -1 : Number(a > b),
  )) {
    out[key] = value;
  }
  return out;
}

function toProperties(props: Properties): OpenCostAllocationProperties {
  const out: OpenCostAllocationProperties = {};
  if (props.cluster) out.cluster = props.cluster;
  if (props.node) out.node = props.node;
  if (props.container) out.container = props.container;
  if (props.controller) out.controller = props.controller;
  if (props.controllerKind) out.controllerKind = props.controllerKind;
  if (props.namespace) out.namespace = props.namespace;
  if (props.pod) out.pod = props.pod;
  if (props.services?.length) out.services = [...props.services];
  if (props.providerID) out.providerID = props.providerID;
  if (props.labels && Object.keys(props.labels).length) {
    out.labels = sortedRecord(Object.entries(props.labels));
  }
  if (props.namespaceLabels && Object.keys(props.namespaceLabels).length) {
    out.namespaceLabels = sortedRecord(Object.entries(props.namespaceLabels));
  }
  return out;
}

function efficiency(
  requestAverage: number,
  usageAverage: number,
  cost: number,
): number {
  if (requestAverage > 0) return usageAverage / requestAverage;
  return usageAverage === 0 || cost === 0 ? 0 : 1;
}

/** The allocation JSON of a summed allocation, as `AllocationJSON.BuildFromAllocation`. */
function toAllocation(acc: Acc): OpenCostAllocation {
  const ms = acc.end - acc.start;
  const minutes = ms / MINUTE_MS;
  const hours = minutes / 60;
  const perMs = (value: number) => (ms > 0 ? value / ms : 0);
  const perHour = (value: number) => (minutes > 0 ? value / hours : 0);
  const cpuRequest = perMs(acc.cpuRequestMs);
  const cpuUsage = perMs(acc.cpuUsageMs);
  const ramRequest = perMs(acc.ramRequestMs);
  const ramUsage = perMs(acc.ramUsageMs);
  const cpuEfficiency = efficiency(cpuRequest, cpuUsage, acc.cpuCost);
  const ramEfficiency = efficiency(ramRequest, ramUsage, acc.ramCost);
  let pvByteHours = 0;
  let pvCost = 0;
  for (const pv of acc.pvs?.values() ?? []) {
    pvByteHours += pv.byteHours;
    pvCost += pv.cost;
  }
  const networkCost =
    acc.networkCrossZoneCost +
    acc.networkCrossRegionCost +
    acc.networkInternetCost;
  const totalCost = acc.cpuCost + acc.ramCost + pvCost + networkCost;
  const cpuAndRam = acc.cpuCost + acc.ramCost;
  const totalEfficiency =
    cpuAndRam > 0
      ? (ramEfficiency * acc.ramCost + cpuEfficiency * acc.cpuCost) / cpuAndRam
      : 0;
  const r = roundForResponse;
  return {
    name: acc.name,
    properties: toProperties(acc.props),
    window: { start: iso(acc.windowStart), end: iso(acc.windowEnd) },
    start: iso(acc.start),
    end: iso(acc.end),
    minutes: r(minutes),
    cpuCores: r(perHour(acc.cpuCoreHours)),
    cpuCoreRequestAverage: r(cpuRequest),
    cpuCoreLimitAverage: r(perMs(acc.cpuLimitMs)),
    cpuCoreUsageAverage: r(cpuUsage),
    cpuCoreHours: r(acc.cpuCoreHours),
    cpuCost: r(acc.cpuCost),
    cpuCostAdjustment: 0,
    cpuCostIdle: r(acc.cpuCostIdle),
    cpuEfficiency: r(cpuEfficiency),
    gpuCount: 0,
    gpuHours: 0,
    gpuCost: 0,
    gpuCostAdjustment: 0,
    gpuCostIdle: 0,
    gpuEfficiency: 0,
    networkTransferBytes: r(acc.networkTransferBytes),
    networkReceiveBytes: r(acc.networkReceiveBytes),
    networkCost: r(networkCost),
    networkCrossZoneCost: r(acc.networkCrossZoneCost),
    networkCrossRegionCost: r(acc.networkCrossRegionCost),
    networkInternetCost: r(acc.networkInternetCost),
    networkCostAdjustment: 0,
    loadBalancerCost: 0,
    loadBalancerCostAdjustment: 0,
    pvBytes: r(perHour(pvByteHours)),
    pvByteHours: r(pvByteHours),
    pvCost: r(pvCost),
    pvs: acc.pvs
      ? sortedRecord<OpenCostPVAllocation>(
          [...acc.pvs].map(([key, pv]) => [key, { ...pv, adjustment: 0 }]),
        )
      : null,
    pvCostAdjustment: 0,
    ramBytes: r(perHour(acc.ramByteHours)),
    ramByteRequestAverage: r(ramRequest),
    ramByteLimitAverage: r(perMs(acc.ramLimitMs)),
    ramByteUsageAverage: r(ramUsage),
    ramByteHours: r(acc.ramByteHours),
    ramCost: r(acc.ramCost),
    ramCostAdjustment: 0,
    ramCostIdle: r(acc.ramCostIdle),
    ramEfficiency: r(ramEfficiency),
    externalCost: 0,
    sharedCost: 0,
    totalCost: r(totalCost),
    totalEfficiency: r(totalEfficiency),
    ...(acc.members === 1 && !acc.idle
      ? {
          rawAllocationOnly: {
            cpuCoreUsageMax: acc.cpuCoreUsageMax,
            ramByteUsageMax: acc.ramByteUsageMax,
          },
        }
      : {}),
    proportionalAssetResourceCosts: {},
    lbAllocations: null,
    sharedCostBreakdown: {},
    gpuAllocation: null,
  };
}

/** The raw allocations (one per pod container) and idle of one set. */
function computeSet(
  dataset: OpenCostDataset,
  window: OpenCostWindow,
  query: OpenCostAllocationQuery,
): { raw: Acc[]; idle: Acc[] } {
  const from = Math.max(window.start, query.data.start);
  const to = Math.min(window.end, query.data.end);
  if (to <= from) return { raw: [], idle: [] };
  const served = (cluster: string) =>
    !query.clusters || query.clusters.includes(cluster);

  const raws = new Map<string, Acc>();
  for (let day = truncateDay(from); day < to; day += DAY_MS) {
    for (const record of dataset.containersOn(day)) {
      const start = Math.max(record.start, from);
      const end = Math.min(record.end, to);
      if (end <= start || !served(record.cluster)) continue;
      const name = `${record.cluster}/${record.node}/${record.namespace}/${record.pod}/${record.container}`;
      let acc = raws.get(name);
      if (!acc) {
        acc = emptyAcc(
          name,
          {
            cluster: record.cluster,
            node: record.node,
            container: record.container,
            controller: record.controller,
            controllerKind: record.controllerKind,
            namespace: record.namespace,
            pod: record.pod,
            services: record.services,
            providerID: record.providerID,
            labels: record.labels,
            namespaceLabels: record.namespaceLabels,
          },
          window,
          start,
          end,
        );
        raws.set(name, acc);
      }
      addRecord(acc, record, start, end, dataset.prices);
    }
  }
  const raw = [...raws.values()];
  if (!query.includeIdle && !query.shareIdle) return { raw, idle: [] };

  const idle: Acc[] = [];
  const hours = (to - from) / HOUR_MS;
  for (const cluster of dataset.clusters.filter(c => served(c.name))) {
    const mine = raw.filter(a => a.props.cluster === cluster.name);
    const cores = cluster.nodes.reduce((sum, n) => sum + n.cpuCores, 0);
    const bytes = cluster.nodes.reduce((sum, n) => sum + n.ramBytes, 0);
    const cpuAllocated = mine.reduce((sum, a) => sum + a.cpuCost, 0);
    const ramAllocated = mine.reduce((sum, a) => sum + a.ramCost, 0);
    const idleCpu = cores * hours * dataset.prices.cpuCoreHour - cpuAllocated;
    const idleRam =
      (bytes / GIB) * hours * dataset.prices.ramGiBHour - ramAllocated;
    if (query.shareIdle && mine.length) {
      // Shared weighted by each allocation's own cost of the resource.
      for (const a of mine) {
        const cpuShare = cpuAllocated > 0 ? a.cpuCost / cpuAllocated : 0;
        const ramShare = ramAllocated > 0 ? a.ramCost / ramAllocated : 0;
        a.cpuCost += idleCpu * cpuShare;
        a.cpuCostIdle += idleCpu * cpuShare;
        a.ramCost += idleRam * ramShare;
        a.ramCostIdle += idleRam * ramShare;
      }
      continue;
    }
    const acc = emptyAcc(
      `${cluster.name}/${IDLE_SUFFIX}`,
      { cluster: cluster.name },
      window,
      mine.length ? Math.min(...mine.map(a => a.start)) : window.start,
      mine.length ? Math.max(...mine.map(a => a.end)) : window.end,
    );
    acc.idle = true;
    acc.cpuCost = idleCpu;
    acc.ramCost = idleRam;
    idle.push(acc);
  }
  return { raw, idle };
}

function insert(
  set: Map<string, Acc>,
  name: string,
  acc: Acc,
  keepLabels: boolean,
) {
  const existing = set.get(name);
  if (existing) {
    addAcc(existing, acc, keepLabels);
  } else {
    acc.name = name;
    set.set(name, acc);
  }
}

function aggregateSet(
  raw: Acc[],
  idle: Acc[],
  query: OpenCostAllocationQuery,
): Map<string, Acc> {
  const keepLabels = query.includeAggregatedMetadata;
  const set = new Map<string, Acc>();
  for (const acc of raw) {
    const key = query.aggregateBy.length
      ? generateKey(acc.props, query.aggregateBy)
      : acc.name;
    insert(set, key, acc, keepLabels);
  }
  for (const acc of idle) {
    insert(set, query.splitIdle ? acc.name : IDLE_SUFFIX, acc, keepLabels);
  }
  return set;
}

/**
 * Computes `/allocation`'s `data`: one name → allocation map per step (or per
 * accumulation), each allocation summed from the containers that ran in its
 * set, aggregated by the query's properties the way OpenCost sums them.
 */
export function queryAllocations(
  dataset: OpenCostDataset,
  query: OpenCostAllocationQuery,
): Array<Record<string, OpenCostAllocation>> {
  // Steps shorter than a day read the same day again: generate it once.
  const days = new Map<number, OpenCostContainerDay[]>();
  const cached: OpenCostDataset = {
    ...dataset,
    containersOn(day) {
      let records = days.get(day);
      if (!records) {
        records = dataset.containersOn(day);
        days.set(day, records);
      }
      return records;
    },
  };
  const sets = query.steps.map(window => {
    const { raw, idle } = computeSet(cached, window, query);
    return { window, set: aggregateSet(raw, idle, query) };
  });

  let results: Array<Map<string, Acc>>;
  if (query.accumulate === 'none') {
    results = sets.map(s => s.set);
  } else {
    const periods =
      query.accumulate === 'all'
        ? [{ start: -Infinity, end: Infinity }]
        : query.accumulate;
    results = periods.map(period => {
      const merged = new Map<string, Acc>();
      const within = sets.filter(
        ({ window }) =>
          window.start >= period.start && window.start < period.end,
      );
      for (const { set } of within) {
        for (const [name, acc] of set) {
          insert(merged, name, cloneAcc(acc), query.includeAggregatedMetadata);
        }
      }
      // The accumulated set spans all its sets, and so does each allocation.
      for (const acc of merged.values()) {
        acc.windowStart = Math.min(...within.map(s => s.window.start));
        acc.windowEnd = Math.max(...within.map(s => s.window.end));
      }
      return merged;
    });
  }

  return results.map(set =>
    sortedRecord([...set].map(([name, acc]) => [name, toAllocation(acc)])),
  );
}
