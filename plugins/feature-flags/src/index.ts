/**
 * Feature flags in the portal: the Feature flags tab of Components and the
 * org page with every squad's flags, pending approvals and stale flags.
 *
 * @packageDocumentation
 */
export { featureFlagsPlugin as default } from './plugin';
export { featureFlagsApiRef, FeatureFlagsClient } from './api/FeatureFlagsApi';
export type {
  DownloadedFile,
  EntityFlagsResponse,
  FeatureFlagsApi,
  SaveDefinitionResult,
} from './api/FeatureFlagsApi';
