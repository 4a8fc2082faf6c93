export type {
  FakeKubernetesCluster,
  FakeKubernetesFault,
  FakeKubernetesKind,
  FakeKubernetesObject,
  FakeKubernetesOptions,
  FakeKubernetesRequest,
  FakeKubernetesServer,
} from './types';
export { startFakeKubernetes } from './startFakeKubernetes';
export { lumenRetailKubernetesClusters } from './lumenRetailKubernetesClusters';
export { syntheticKubernetesCluster } from './syntheticKubernetesCluster';
export {
  cronJob,
  daemonSet,
  deployment,
  ingress,
  lumenImage,
  service,
  statefulSet,
  type ContainerSpec,
  type WorkloadSpec,
} from './objects';
