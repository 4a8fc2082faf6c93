export type {
  FakeAwsFault,
  FakeAwsRequest,
  FakeAwsResource,
  FakeAwsTaggingOptions,
  FakeAwsTaggingServer,
  FakeCostExplorerOptions,
  FakeCostExplorerRequest,
  FakeCostExplorerServer,
  FakeCostMetric,
  FakeCostRecord,
} from './types';
export { startFakeAwsTagging } from './startFakeAwsTagging';
export { startFakeCostExplorer } from './startFakeCostExplorer';
export {
  LUMEN_RETAIL_AWS_ACCOUNT,
  lumenRetailAwsResources,
  lumenRetailCloud,
  type LumenRetailCloud,
} from './lumenRetailCloud';
export {
  LUMEN_RETAIL_AWS_ACCOUNT_NAME,
  lumenRetailCostExplorer,
  type LumenRetailCostExplorerOptions,
} from './lumenRetailCostExplorer';
export { startFakeS3 } from './startFakeS3';
export type { FakeS3Options, FakeS3Request, FakeS3Server } from './startFakeS3';
