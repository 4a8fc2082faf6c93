/**
 * The scaffolder action `paved:feature-flags:create`, with which Paved's
 * service templates create a new service's first feature flags.
 *
 * @packageDocumentation
 */
export { scaffolderModuleFeatureFlags as default } from './module';
export {
  CREATE_FEATURE_FLAGS_ACTION_ID,
  createFeatureFlagsCreateAction,
} from './actions/createFeatureFlagsAction';
