import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_INGESTED_BY,
  ANNOTATION_SOURCE_KIND,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_UNOWNED,
} from '@internal/plugin-catalog-ingestion-node';
import {
  CatalogIndex,
  groupRefFromLabel,
  IndexedComponent,
} from './catalogIndex';
import { isWorkloadKind, kindInfo, objectPath, WorkloadKind } from './kinds';
import {
  ContainerFacts,
  KubernetesObjectSummary,
} from './readKubernetesObject';
import { resourceEntityName } from './resourceEntityName';

export const ANNOTATION_ENVIRONMENT = 'paved.dev/environment';
export const ANNOTATION_CLUSTER = 'paved.dev/kubernetes-cluster';
/** The object's own name (the entity's name is made unique with a hash); cost joins on it. */
export const ANNOTATION_OBJECT_NAME = 'paved.dev/kubernetes-name';
/** `component`, `label` or `none`: where the owner came from. */
export const ANNOTATION_OWNER_SOURCE = 'paved.dev/owner-source';
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';

/** Labels that name the owning Component, strongest first. */
const COMPONENT_LABELS = [
  'backstage.io/kubernetes-id',
  'app.kubernetes.io/name',
  'app',
];
/** Labels that name an owning Group, strongest first. */
const OWNER_LABELS = ['backstage.io/owner', 'team'];
const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/** The cluster an object came from, and what the provider is called. */
export type ClusterContext = {
  providerName: string;
  cluster: string;
  environment: string;
  /** The API server URL, for managed-by-location. */
  url: string;
  unownedOwner: string;
};

export type OwnerSource = 'component' | 'label' | 'none';

/** Facts about one workload, for cost and DORA; a row of the workload table. */
export type WorkloadFacts = {
  entityRef: string;
  cluster: string;
  environment: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  componentRef: string | null;
  replicas: { desired: number | null; ready: number | null };
  containers: ContainerFacts[];
  schedule: string | null;
};

export type MappedObject = {
  entity: Entity;
  entityRef: string;
  ownerSource: OwnerSource;
  /** Set for workloads (not Services or Ingresses). */
  facts?: WorkloadFacts;
};

/** The existing Component the object's labels name, if any. */
export function linkComponent(
  labels: Record<string, string>,
  index: CatalogIndex,
): IndexedComponent | undefined {
  for (const label of COMPONENT_LABELS) {
    const value = labels[label];
    if (!value) continue;
    const component =
      (label === ANNOTATION_KUBERNETES_ID
        ? index.componentsByKubernetesId.get(value)
        : undefined) ?? index.componentsByName.get(value);
    if (component) return component;
  }
  return undefined;
}

/**
 * The owner: the linked Component's, else a Group an owner label names and the
 * catalog holds, else the configured unowned owner.
 */
export function resolveOwner(
  labels: Record<string, string>,
  component: IndexedComponent | undefined,
  index: CatalogIndex,
  unownedOwner: string,
): { owner: string; source: OwnerSource } {
  if (component?.owner) return { owner: component.owner, source: 'component' };
  for (const label of OWNER_LABELS) {
    const group = groupRefFromLabel(labels[label]);
    if (group && index.groups.has(group))
      return { owner: group, source: 'label' };
  }
  return { owner: unownedOwner, source: 'none' };
}

/** The System: the one `app.kubernetes.io/part-of` names when it exists, else the Component's. */
export function resolveSystem(
  labels: Record<string, string>,
  component: IndexedComponent | undefined,
  index: CatalogIndex,
): string | undefined {
  const partOf = labels[PART_OF_LABEL];
  if (partOf && index.systems.has(`system:default/${partOf}`)) {
    return `system:default/${partOf}`;
  }
  return component?.system;
}

function describe(
  object: KubernetesObjectSummary,
  ctx: ClusterContext,
): string {
  const where = `${object.kind} ${object.name} in namespace ${object.namespace} of cluster ${ctx.cluster} (${ctx.environment})`;
  if (
    object.replicas?.desired !== null &&
    object.replicas?.desired !== undefined
  ) {
    return `${where}: ${object.replicas.ready ?? 0}/${
      object.replicas.desired
    } ready.`;
  }
  if (object.schedule) return `${where}, on schedule "${object.schedule}".`;
  return `${where}.`;
}

/** Maps one object to its Resource entity (and, for workloads, its facts). */
export function mapToResourceEntity(
  object: KubernetesObjectSummary,
  index: CatalogIndex,
  ctx: ClusterContext,
): MappedObject {
  const { kind, namespace, name, labels } = object;
  const info = kindInfo(kind);
  const component = linkComponent(labels, index);
  const { owner, source } = resolveOwner(
    labels,
    component,
    index,
    ctx.unownedOwner,
  );
  const system = resolveSystem(labels, component, index);
  const location = `url:${ctx.url.replace(/\/+$/, '')}${objectPath(
    kind,
    namespace,
    name,
  )}`;
  const kubernetesId = labels[ANNOTATION_KUBERNETES_ID];
  // Without a kubernetes-id label, the selector lets the Kubernetes tab find the pods.
  let podLookup: Record<string, string> = {};
  if (kubernetesId) {
    podLookup = { [ANNOTATION_KUBERNETES_ID]: kubernetesId };
  } else if (object.selector) {
    podLookup = {
      [ANNOTATION_KUBERNETES_LABEL_SELECTOR]: Object.entries(object.selector)
        .map(([key, value]) => `${key}=${value}`)
        .join(','),
    };
  }

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: resourceEntityName(ctx.cluster, namespace, kind, name),
      title: `${name} (${kind}, ${ctx.cluster}/${namespace})`,
      description: describe(object, ctx),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_INGESTED_BY]: ctx.providerName,
        [ANNOTATION_SOURCE_KIND]: 'kubernetes',
        [ANNOTATION_SOURCE_LOCATION]: `${ctx.cluster}/${namespace}`,
        [ANNOTATION_ENVIRONMENT]: ctx.environment,
        [ANNOTATION_CLUSTER]: ctx.cluster,
        [ANNOTATION_KUBERNETES_NAMESPACE]: namespace,
        [ANNOTATION_OBJECT_NAME]: name,
        ...podLookup,
        [ANNOTATION_OWNER_SOURCE]: source,
        ...(source === 'none' ? { [ANNOTATION_UNOWNED]: 'true' } : {}),
      },
      labels: {
        [ANNOTATION_ENVIRONMENT]: ctx.environment,
        [ANNOTATION_CLUSTER]: ctx.cluster,
      },
      tags: ['kubernetes', kind.toLocaleLowerCase('en-US'), ctx.environment],
    },
    spec: {
      type: info.resourceType,
      owner,
      ...(component ? { dependencyOf: [component.ref] } : {}),
      ...(system ? { system } : {}),
      // A summary for the entity page; the workload table has the detail.
      ...(object.replicas ? { replicas: object.replicas } : {}),
      ...(object.containers
        ? { images: object.containers.map(c => c.image) }
        : {}),
      ...(object.schedule ? { schedule: object.schedule } : {}),
      ...(object.ports ? { ports: object.ports } : {}),
      ...(object.hosts ? { hosts: object.hosts } : {}),
    },
  };
  const entityRef = stringifyEntityRef(entity);

  return {
    entity,
    entityRef,
    ownerSource: source,
    ...(isWorkloadKind(kind)
      ? {
          facts: {
            entityRef,
            cluster: ctx.cluster,
            environment: ctx.environment,
            namespace,
            kind,
            name,
            componentRef: component?.ref ?? null,
            replicas: object.replicas ?? { desired: null, ready: null },
            containers: object.containers ?? [],
            schedule: object.schedule ?? null,
          },
        }
      : {}),
  };
}
