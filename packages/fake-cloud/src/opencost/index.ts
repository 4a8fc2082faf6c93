export type {
  FakeOpenCostFault,
  FakeOpenCostOptions,
  FakeOpenCostRequest,
  FakeOpenCostServer,
  OpenCostAllocation,
  OpenCostAllocationProperties,
  OpenCostAllocationResponse,
  OpenCostCluster,
  OpenCostContainerDay,
  OpenCostDataset,
  OpenCostNode,
  OpenCostPVAllocation,
  OpenCostPrices,
} from './types';
export { startFakeOpenCost } from './startFakeOpenCost';
export {
  LUMEN_RETAIL_OPENCOST_STORY,
  lumenRetailOpenCost,
  parseKubernetesQuantity,
} from './lumenRetailOpenCost';
export {
  OPENCOST_DEFAULT_PRICES,
  parseAggregateBy,
  parseOpenCostWindow,
  planSteps,
  queryAllocations,
  type OpenCostAccumulate,
  type OpenCostAllocationQuery,
  type OpenCostWindow,
} from './allocations';
