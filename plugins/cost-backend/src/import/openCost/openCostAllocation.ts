import { z } from 'zod';

/**
 * The part of OpenCost's `/allocation` answer Paved reads (opencost
 * `core/pkg/opencost/allocation_json.go`): one map of allocations per step,
 * keyed by the aggregated properties joined with `/`. Numbers OpenCost
 * could not compute come as null; they read as 0.
 */
const amount = z
  .number()
  .nullable()
  .optional()
  .transform(value => value ?? 0);

const peak = z
  .number()
  .nullable()
  .optional()
  .transform(value => value ?? null);

export const openCostAllocationSchema = z.object({
  name: z.string(),
  properties: z
    .object({
      cluster: z.string().optional(),
      namespace: z.string().optional(),
      controllerKind: z.string().optional(),
      controller: z.string().optional(),
      pod: z.string().optional(),
      container: z.string().optional(),
      labels: z.record(z.string(), z.string()).nullable().optional(),
    })
    .nullable()
    .optional()
    .transform(value => value ?? {}),
  window: z.object({ start: z.string(), end: z.string() }),
  start: z.string(),
  end: z.string(),
  minutes: amount,
  cpuCoreRequestAverage: amount,
  cpuCoreUsageAverage: amount,
  cpuCoreHours: amount,
  cpuCost: amount,
  cpuCostAdjustment: amount,
  gpuCost: amount,
  gpuCostAdjustment: amount,
  networkCost: amount,
  loadBalancerCost: amount,
  pvCost: amount,
  pvCostAdjustment: amount,
  ramByteRequestAverage: amount,
  ramByteUsageAverage: amount,
  ramByteHours: amount,
  ramCost: amount,
  ramCostAdjustment: amount,
  sharedCost: amount,
  externalCost: amount,
  totalCost: amount,
  rawAllocationOnly: z
    .object({ cpuCoreUsageMax: peak, ramByteUsageMax: peak })
    .nullable()
    .optional(),
});

export type OpenCostAllocation = z.infer<typeof openCostAllocationSchema>;

export const openCostAllocationResponseSchema = z.object({
  code: z.number(),
  data: z.array(
    z
      .record(z.string(), openCostAllocationSchema)
      .nullable()
      .transform(value => value ?? {}),
  ),
});

/** Keys OpenCost gives what is not a workload's: idle capacity, and pods it could not place. */
export const IDLE_KEY = '__idle__';
export const UNALLOCATED_KEY = '__unallocated__';

/** The aggregation Paved asks for: per pod and container, so peaks and per-pod requests stay exact. */
export const OPENCOST_AGGREGATE = [
  'cluster',
  'namespace',
  'controllerKind',
  'controller',
  'pod',
  'container',
].join(',');
