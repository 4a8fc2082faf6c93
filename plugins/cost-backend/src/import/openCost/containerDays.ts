import {
  IDLE_KEY,
  OpenCostAllocation,
  UNALLOCATED_KEY,
} from './openCostAllocation';

/** One workload container over one day: its pods summed, per-pod figures averaged over the time they ran. */
export type ContainerDay = {
  namespace: string;
  /** Lower case, as OpenCost writes it (`deployment`, `statefulset`, `job`…); `pod` for bare pods. */
  controllerKind: string;
  controller: string;
  container: string;
  /** The labels of the pod that ran longest. */
  labels: Record<string, string>;
  replicas: number;
  cpuRequestCores: number;
  cpuUsageAvgCores: number;
  cpuUsageMaxCores: number | null;
  memoryRequestBytes: number;
  memoryUsageAvgBytes: number;
  memoryUsageMaxBytes: number | null;
  cpuCost: number;
  memoryCost: number;
  cpuCoreHours: number;
  memoryByteHours: number;
  /** Everything the pods cost: CPU, memory, GPU, volumes, network, load balancers, shared and external. */
  totalCost: number;
};

export type OpenCostDaySummary = {
  containers: ContainerDay[];
  /** The cluster's capacity no pod requested (`__idle__`). */
  idleCost: number;
};

const present = (value: string | undefined) =>
  value && value !== UNALLOCATED_KEY ? value : undefined;

/**
 * A day of OpenCost allocations per pod and container → per workload
 * container. Pods of one controller and container are one row: costs and
 * hours add up, requests and usage are per pod weighted by the minutes
 * each pod ran, the peak is the highest pod's, replicas are pod-minutes
 * over the day's minutes. Pods without a controller count as their own
 * workload (`pod`).
 */
export function summariseOpenCostDay(
  allocations: OpenCostAllocation[],
): OpenCostDaySummary {
  const byContainer = new Map<
    string,
    { rows: OpenCostAllocation[]; parts: Omit<ContainerDay, 'labels'> }
  >();
  let idleCost = 0;
  for (const allocation of allocations) {
    if (allocation.name.split('/').includes(IDLE_KEY)) {
      idleCost += allocation.totalCost;
      continue;
    }
    const properties = allocation.properties;
    const pod = present(properties.pod) ?? allocation.name;
    const controller = present(properties.controller);
    const namespace = present(properties.namespace) ?? UNALLOCATED_KEY;
    const controllerKind = controller
      ? (present(properties.controllerKind) ?? 'unknown').toLocaleLowerCase(
          'en-US',
        )
      : 'pod';
    const key = {
      namespace,
      controllerKind,
      controller: controller ?? pod,
      container: present(properties.container) ?? UNALLOCATED_KEY,
    };
    const id = `${key.namespace}/${key.controllerKind}/${key.controller}/${key.container}`;
    let entry = byContainer.get(id);
    if (!entry) {
      entry = {
        rows: [],
        parts: {
          ...key,
          replicas: 0,
          cpuRequestCores: 0,
          cpuUsageAvgCores: 0,
          cpuUsageMaxCores: null,
          memoryRequestBytes: 0,
          memoryUsageAvgBytes: 0,
          memoryUsageMaxBytes: null,
          cpuCost: 0,
          memoryCost: 0,
          cpuCoreHours: 0,
          memoryByteHours: 0,
          totalCost: 0,
        },
      };
      byContainer.set(id, entry);
    }
    entry.rows.push(allocation);
  }

  const containers = [...byContainer.values()].map(({ rows, parts }) => {
    const minutes = rows.reduce((sum, row) => sum + row.minutes, 0);
    const weighted = (pick: (row: OpenCostAllocation) => number) =>
      minutes > 0
        ? rows.reduce((sum, row) => sum + pick(row) * row.minutes, 0) / minutes
        : 0;
    const peak = (pick: (row: OpenCostAllocation) => number | null) => {
      const peaks = rows
        .map(row => (row.rawAllocationOnly ? pick(row) : null))
        .filter((value): value is number => value !== null);
      return peaks.length > 0 ? Math.max(...peaks) : null;
    };
    const sum = (pick: (row: OpenCostAllocation) => number) =>
      rows.reduce((total, row) => total + pick(row), 0);
    const window = rows[0].window;
    const windowMinutes =
      (Date.parse(window.end) - Date.parse(window.start)) / 60_000;
    const longest = rows.reduce((a, b) => (b.minutes > a.minutes ? b : a));
    return {
      ...parts,
      labels: longest.properties.labels ?? {},
      replicas: windowMinutes > 0 ? minutes / windowMinutes : 0,
      cpuRequestCores: weighted(row => row.cpuCoreRequestAverage),
      cpuUsageAvgCores: weighted(row => row.cpuCoreUsageAverage),
      cpuUsageMaxCores: peak(row => row.rawAllocationOnly!.cpuCoreUsageMax),
      memoryRequestBytes: weighted(row => row.ramByteRequestAverage),
      memoryUsageAvgBytes: weighted(row => row.ramByteUsageAverage),
      memoryUsageMaxBytes: peak(row => row.rawAllocationOnly!.ramByteUsageMax),
      cpuCost: sum(row => row.cpuCost + row.cpuCostAdjustment),
      memoryCost: sum(row => row.ramCost + row.ramCostAdjustment),
      cpuCoreHours: sum(row => row.cpuCoreHours),
      memoryByteHours: sum(row => row.ramByteHours),
      totalCost: sum(row => row.totalCost),
    };
  });
  return { containers, idleCost };
}
