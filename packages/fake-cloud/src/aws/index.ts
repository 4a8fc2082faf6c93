export type {
  FakeAwsFault,
  FakeAwsRequest,
  FakeAwsResource,
  FakeAwsTaggingOptions,
  FakeAwsTaggingServer,
} from './types';
export { startFakeAwsTagging } from './startFakeAwsTagging';
export {
  LUMEN_RETAIL_AWS_ACCOUNT,
  lumenRetailAwsResources,
  lumenRetailCloud,
  type LumenRetailCloud,
} from './lumenRetailCloud';
