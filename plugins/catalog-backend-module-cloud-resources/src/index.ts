/**
 * Catalog module: tagged cloud resources (AWS, Azure) as catalog Resources
 * linked to the Components and Groups their tags name.
 *
 * @packageDocumentation
 */
export { catalogModuleCloudResources as default } from './module';
export {
  CloudResourcesEntityProvider,
  sourcesFromConfig,
  type CloudResourcesRunSummary,
} from './providers/CloudResourcesEntityProvider';
export {
  readCloudResourcesConfigs,
  type CloudResourcesConfig,
} from './config/readCloudResourcesConfigs';
export type {
  CloudProvider,
  CloudResource,
  CloudResourceSource,
  SourceListing,
} from './sources/types';
export { AwsTaggingSource } from './sources/AwsTaggingSource';
export { AzureResourceGraphSource } from './sources/AzureResourceGraphSource';
export { parseArn, type Arn } from './sources/parseArn';
export {
  mapCloudResources,
  ANNOTATION_CLOUD_RESOURCE_ID,
  ANNOTATION_OWNER_SOURCE,
  type OwnerSource,
} from './mapping/mapCloudResources';
export { RESOURCE_TYPES, FALLBACK_TYPE } from './mapping/resourceTypes';
