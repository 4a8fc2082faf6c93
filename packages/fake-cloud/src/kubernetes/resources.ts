import { FakeKubernetesKind } from './types';

/** Where a kind lives in the API: `/api/v1/...` or `/apis/{group}/{version}/...`. */
export type ResourceType = {
  kind: FakeKubernetesKind;
  apiVersion: string;
  /** The path segment, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
};

export const RESOURCE_TYPES: ResourceType[] = [
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    plural: 'deployments',
    namespaced: true,
  },
  {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    plural: 'statefulsets',
    namespaced: true,
  },
  {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    plural: 'daemonsets',
    namespaced: true,
  },
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    plural: 'cronjobs',
    namespaced: true,
  },
  { kind: 'Service', apiVersion: 'v1', plural: 'services', namespaced: true },
  {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    plural: 'ingresses',
    namespaced: true,
  },
  {
    kind: 'Namespace',
    apiVersion: 'v1',
    plural: 'namespaces',
    namespaced: false,
  },
];

export function resourceTypeOf(kind: FakeKubernetesKind): ResourceType {
  const type = RESOURCE_TYPES.find(t => t.kind === kind);
  if (!type) throw new Error(`The fake Kubernetes API does not serve ${kind}`);
  return type;
}

/** The API path prefix of a group/version: `/api/v1` or `/apis/apps/v1`. */
export function apiPrefix(apiVersion: string): string {
  return apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
}

/** What a request path addresses. */
export type ParsedPath = {
  type: ResourceType;
  /** Set for `/namespaces/{ns}/...` paths; unset for all-namespace lists. */
  namespace?: string;
  /** Set for a single object (`.../deployments/{name}`). */
  name?: string;
};

/**
 * Parses `/apis/apps/v1/deployments`, `/apis/apps/v1/namespaces/x/deployments`,
 * `/apis/apps/v1/namespaces/x/deployments/y`, `/api/v1/namespaces` and
 * `/api/v1/namespaces/x`. Anything else is undefined (404).
 */
export function parsePath(path: string): ParsedPath | undefined {
  const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+?)\/?$/.exec(path);
  if (!match) return undefined;
  const apiVersion = match[1] ?? `${match[2]}/${match[3]}`;
  const segments = match[4].split('/').map(decodeURIComponent);
  const ofVersion = RESOURCE_TYPES.filter(t => t.apiVersion === apiVersion);
  const find = (plural: string) => ofVersion.find(t => t.plural === plural);

  if (segments[0] === 'namespaces' && segments.length >= 3) {
    const type = find(segments[2]);
    if (!type?.namespaced || segments.length > 4) return undefined;
    return { type, namespace: segments[1], name: segments[3] };
  }
  const type = find(segments[0]);
  if (!type || segments.length > 2) return undefined;
  if (segments.length === 2) {
    // Only cluster-scoped kinds are read by name without a namespace.
    return type.namespaced ? undefined : { type, name: segments[1] };
  }
  return { type };
}
