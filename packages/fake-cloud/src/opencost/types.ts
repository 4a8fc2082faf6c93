/**
 * Types of the fake OpenCost server: the data it serves, the allocation JSON
 * it answers with (field for field and in the order of OpenCost's
 * `AllocationJSON`, core/pkg/opencost/allocation_json.go), and the server's
 * options, recorded requests and faults.
 */

/** List prices OpenCost charges when it cannot price a node (its defaults). */
export type OpenCostPrices = {
  /** USD per core-hour; OpenCost's default `CPU` is 0.031611. */
  cpuCoreHour: number;
  /** USD per GiB-hour; default `RAM` 0.004237. */
  ramGiBHour: number;
  /** USD per GiB-hour of persistent volume; default `storage` 0.04 per GiB-month. */
  pvGiBHour: number;
  /** USD per GiB sent to another zone; default `zoneNetworkEgress` 0.01. */
  zoneEgressGiB: number;
  /** USD per GiB sent to another region; default `regionNetworkEgress` 0.01. */
  regionEgressGiB: number;
  /** USD per GiB sent to the internet; default `internetNetworkEgress` 0.12. */
  internetEgressGiB: number;
};

/** A node of a cluster: its capacity is what idle is computed against. */
export type OpenCostNode = {
  /** E.g. `ip-10-20-17-4.eu-west-1.compute.internal`. */
  name: string;
  /** As OpenCost reports it for AWS: the instance id, e.g. `i-0a1b2c3d4e5f60718`. */
  providerID: string;
  cpuCores: number;
  ramBytes: number;
};

/** One cluster OpenCost reports on (its `CLUSTER_ID`) and its nodes. */
export type OpenCostCluster = {
  name: string;
  nodes: OpenCostNode[];
};

/**
 * One container of one pod during one UTC day (or the part of it the pod
 * ran): the unit the fake computes allocations from. Labels are already
 * sanitized as OpenCost reports them (`app.kubernetes.io/name` →
 * `app_kubernetes_io_name`) and include the namespace's labels.
 */
export type OpenCostContainerDay = {
  cluster: string;
  node: string;
  providerID: string;
  namespace: string;
  /** Lower case as OpenCost reports it: `deployment`, `statefulset`, `daemonset`, `job`; empty for bare pods. */
  controllerKind: string;
  /** For a CronJob's pods the CronJob's name, as OpenCost strips the Job's timestamp. */
  controller: string;
  pod: string;
  container: string;
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  /** Services selecting the pod. */
  services: string[];
  /** Epoch ms; within one UTC day. */
  start: number;
  /** Epoch ms, exclusive; within the same UTC day as `start` (at most its end). */
  end: number;
  cpuCoreRequest: number;
  /** 0 when the container has no limit. */
  cpuCoreLimit: number;
  cpuCoreUsageAverage: number;
  /** The highest usage sample of the interval. */
  cpuCoreUsageMax: number;
  ramByteRequest: number;
  ramByteLimit: number;
  ramByteUsageAverage: number;
  ramByteUsageMax: number;
  /** The persistent volume the pod mounts, if any. */
  pv?: { name: string; bytes: number; providerID: string };
  /** Over the whole interval. */
  networkTransferBytes: number;
  networkReceiveBytes: number;
  /** The parts of `networkTransferBytes` that left the zone, the region, or went to the internet. */
  networkCrossZoneBytes: number;
  networkCrossRegionBytes: number;
  networkInternetBytes: number;
};

/**
 * What the fake serves: clusters and their nodes, prices, and, per UTC day,
 * the containers that ran. `containersOn` must be deterministic (the same
 * day gives the same records); the fake calls it per request and only for
 * days in the requested window.
 */
export type OpenCostDataset = {
  clusters: OpenCostCluster[];
  prices: OpenCostPrices;
  /** Every container record of the UTC day starting at `dayStart` (epoch ms). */
  containersOn(dayStart: number): OpenCostContainerDay[];
};

/** `properties` of an allocation, in the order and with the omissions OpenCost's JSON has. */
export type OpenCostAllocationProperties = {
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
  annotations?: Record<string, string>;
  namespaceLabels?: Record<string, string>;
  namespaceAnnotations?: Record<string, string>;
};

/** One entry of `pvs`, keyed `cluster=<cluster>:name=<pv>`. */
export type OpenCostPVAllocation = {
  byteHours: number;
  cost: number;
  providerID: string;
  adjustment: number;
};

/**
 * One allocation as `/allocation` returns it. Numbers are rounded to five
 * decimals as OpenCost's `formatFloat64ForResponse` does; `rawAllocationOnly`
 * is only present on allocations that are not the sum of others.
 */
export type OpenCostAllocation = {
  name: string;
  properties: OpenCostAllocationProperties;
  window: { start: string; end: string };
  start: string;
  end: string;
  minutes: number;
  cpuCores: number;
  cpuCoreRequestAverage: number;
  cpuCoreLimitAverage: number;
  cpuCoreUsageAverage: number;
  cpuCoreHours: number;
  cpuCost: number;
  cpuCostAdjustment: number;
  cpuCostIdle: number;
  cpuEfficiency: number;
  gpuCount: number;
  gpuHours: number;
  gpuCost: number;
  gpuCostAdjustment: number;
  gpuCostIdle: number;
  gpuEfficiency: number;
  networkTransferBytes: number;
  networkReceiveBytes: number;
  networkCost: number;
  networkCrossZoneCost: number;
  networkCrossRegionCost: number;
  networkInternetCost: number;
  networkCostAdjustment: number;
  loadBalancerCost: number;
  loadBalancerCostAdjustment: number;
  pvBytes: number;
  pvByteHours: number;
  pvCost: number;
  pvs: Record<string, OpenCostPVAllocation> | null;
  pvCostAdjustment: number;
  ramBytes: number;
  ramByteRequestAverage: number;
  ramByteLimitAverage: number;
  ramByteUsageAverage: number;
  ramByteHours: number;
  ramCost: number;
  ramCostAdjustment: number;
  ramCostIdle: number;
  ramEfficiency: number;
  externalCost: number;
  sharedCost: number;
  totalCost: number;
  totalEfficiency: number;
  rawAllocationOnly?: { cpuCoreUsageMax: number; ramByteUsageMax: number };
  proportionalAssetResourceCosts: Record<string, unknown>;
  lbAllocations: Record<string, unknown> | null;
  sharedCostBreakdown: Record<string, unknown>;
  gpuAllocation: Record<string, unknown> | null;
};

/** The body of a successful `/allocation`: one name → allocation map per step. */
export type OpenCostAllocationResponse = {
  code: 200;
  data: Array<Record<string, OpenCostAllocation>>;
};

export type FakeOpenCostOptions = {
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /** What to serve; defaults to `lumenRetailOpenCost()`. */
  dataset?: OpenCostDataset;
  /**
   * Serve only these clusters, like an OpenCost installed in each cluster
   * (one fake per cluster); defaults to every cluster of the dataset, like a
   * federated OpenCost.
   */
  clusters?: string[];
  /**
   * The fake's clock: relative windows (`7d`, `today`) end here and data
   * ends here (the current day is partial). Defaults to the real time of
   * each request.
   */
  now?: Date;
  /** Days of data kept before `now`, like Prometheus retention; defaults to 100. */
  retentionDays?: number;
  /**
   * Windows longer than this many hours answer 504 with an ingress
   * gateway's HTML page, as a big cluster's OpenCost times out behind
   * ingress-nginx. Defaults to no limit.
   */
  maxWindowHours?: number;
};

/** A request the fake answered, oldest first. */
export type FakeOpenCostRequest = {
  /** `Date.now()` when the request arrived. */
  at: number;
  method: string;
  /** Without the query string, e.g. `/allocation`. */
  path: string;
  query: Record<string, string>;
  status: number;
};

/**
 * The next `count` (default 1) allocation requests answer `status` with
 * `body` verbatim, or, without a body, with what sits in front of OpenCost
 * would send: nginx's HTML page for 502, 503 and 504, OpenCost's error JSON
 * otherwise.
 */
export type FakeOpenCostFault = {
  status: number;
  body?: string;
  count?: number;
};

export interface FakeOpenCostServer {
  /** E.g. http://127.0.0.1:PORT — what an importer is configured with. */
  readonly url: string;
  /** Every request served so far, oldest first. */
  readonly requests: FakeOpenCostRequest[];
  failNext(fault: FakeOpenCostFault): void;
  close(): Promise<void>;
}
