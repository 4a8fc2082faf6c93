/**
 * Catalog module: Deployments, StatefulSets, DaemonSets, CronJobs, Services
 * and Ingresses of configured Kubernetes clusters as Resources, linked to
 * their Components, Systems and owners, with workload facts for cost and DORA.
 *
 * @packageDocumentation
 */
export { catalogModuleKubernetesWorkloads as default } from './module';
export {
  KubernetesWorkloadsEntityProvider,
  type KubernetesWorkloadsProviderOptions,
  type ListRunSummary,
} from './providers/KubernetesWorkloadsEntityProvider';
export {
  KubernetesClusterReader,
  KubernetesReadError,
} from './providers/KubernetesClusterReader';
export {
  readKubernetesWorkloadsConfig,
  type KubernetesClusterConnection,
  type KubernetesWorkloadsClusterConfig,
  type KubernetesWorkloadsConfig,
  type NamespaceFilter,
} from './config/readKubernetesWorkloadsConfig';
export { WorkloadStore, type StoredWorkload } from './database/WorkloadStore';
export {
  mapToResourceEntity,
  ANNOTATION_CLUSTER,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_OWNER_SOURCE,
  type ClusterContext,
  type MappedObject,
  type OwnerSource,
  type WorkloadFacts,
} from './mapping/mapToResourceEntity';
export {
  buildCatalogIndex,
  emptyCatalogIndex,
  type CatalogIndex,
} from './mapping/catalogIndex';
export {
  parseImageReference,
  type ImageReference,
} from './mapping/parseImageReference';
export {
  readKubernetesObject,
  type ContainerFacts,
  type KubernetesObjectSummary,
} from './mapping/readKubernetesObject';
export { resourceEntityName } from './mapping/resourceEntityName';
export type { ObjectKind, WorkloadKind } from './mapping/kinds';
