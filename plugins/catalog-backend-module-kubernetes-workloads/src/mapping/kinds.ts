/** The workload kinds whose facts (replicas, images, requests) are kept. */
export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'CronJob';

/** Every kind the provider reads. */
export type ObjectKind = WorkloadKind | 'Service' | 'Ingress';

export type KindInfo = {
  kind: ObjectKind;
  apiVersion: string;
  /** Lower-case plural, the path segment: `deployments`. */
  plural: string;
  /** `spec.type` of the Resource: `kubernetes-deployment`. */
  resourceType: string;
  workload: boolean;
};

export const KINDS: readonly KindInfo[] = [
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    plural: 'deployments',
    resourceType: 'kubernetes-deployment',
    workload: true,
  },
  {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    plural: 'statefulsets',
    resourceType: 'kubernetes-statefulset',
    workload: true,
  },
  {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    plural: 'daemonsets',
    resourceType: 'kubernetes-daemonset',
    workload: true,
  },
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    plural: 'cronjobs',
    resourceType: 'kubernetes-cronjob',
    workload: true,
  },
  {
    kind: 'Service',
    apiVersion: 'v1',
    plural: 'services',
    resourceType: 'kubernetes-service',
    workload: false,
  },
  {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    plural: 'ingresses',
    resourceType: 'kubernetes-ingress',
    workload: false,
  },
];

export function kindInfo(kind: ObjectKind): KindInfo {
  return KINDS.find(k => k.kind === kind)!;
}

export function isWorkloadKind(kind: ObjectKind): kind is WorkloadKind {
  return kindInfo(kind).workload;
}

/** The API path of a kind across all namespaces: `/apis/apps/v1/deployments`. */
export function collectionPath(kind: ObjectKind): string {
  const { apiVersion, plural } = kindInfo(kind);
  return `${apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`}/${plural}`;
}

/** The API path of one object: `/apis/apps/v1/namespaces/x/deployments/y`. */
export function objectPath(
  kind: ObjectKind,
  namespace: string,
  name: string,
): string {
  const { apiVersion, plural } = kindInfo(kind);
  const prefix = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
  return `${prefix}/namespaces/${namespace}/${plural}/${name}`;
}
