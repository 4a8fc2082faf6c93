/**
 * Catalog module: Components inferred for GitHub repositories that have no
 * catalog-info.yaml.
 *
 * @packageDocumentation
 */
export { catalogModuleGithubInference as default } from './module';
export {
  GithubInferenceEntityProvider,
  type InferenceRunSummary,
} from './providers/GithubInferenceEntityProvider';
export { GithubRepositoryReader } from './providers/GithubRepositoryReader';
export { ConditionalRequestCache } from './providers/ConditionalRequestCache';
export {
  inferComponent,
  ANNOTATION_INFERRED,
  ANNOTATION_OWNER_SOURCE,
  type RepositorySnapshot,
  type InferredComponent,
  type OwnerSource,
} from './inference/inferComponent';
export { RepositoryFactsStore } from './database/RepositoryFactsStore';
export { type RepositoryFacts } from './inference/repositoryFacts';
