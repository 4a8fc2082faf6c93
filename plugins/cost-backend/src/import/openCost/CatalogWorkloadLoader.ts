import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Annotations the Kubernetes workloads provider puts on each workload's Resource. */
export const CLUSTER_ANNOTATION = 'paved.dev/kubernetes-cluster';
export const NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';
export const OBJECT_NAME_ANNOTATION = 'paved.dev/kubernetes-name';
export const ENVIRONMENT_ANNOTATION = 'paved.dev/environment';
/** Set when nothing claims the workload: its owner is then a placeholder, not a squad. */
export const UNOWNED_ANNOTATION = 'paved.dev/unowned';

/** A workload the catalog ingested, as cost allocation needs it. */
export type CatalogWorkload = {
  /** The workload's Resource entity. */
  workloadRef: string;
  /** The Component it belongs to (`dependencyOf`), if any. */
  componentRef: string | null;
  /** The Resource's owner (the Component's, or a team label's). */
  ownerRef: string | null;
  environment: string | null;
};

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** `cluster/namespace/kind/name`, the kind in lower case (`deployment`). */
export const workloadKey = (
  cluster: string,
  namespace: string,
  kind: string,
  name: string,
) => `${cluster}/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;

function refOf(
  entity: Entity,
  relation: string,
  fallback: unknown,
  defaultKind: string,
): string | null {
  const target = entity.relations?.find(r => r.type === relation)?.targetRef;
  if (target) return lower(target);
  const value = Array.isArray(fallback) ? fallback[0] : fallback;
  if (typeof value !== 'string' || value === '') return null;
  try {
    return lower(
      stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind,
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    );
  } catch {
    return null;
  }
}

/** The catalog's Kubernetes workloads by {@link workloadKey}, read once per import. */
export class CatalogWorkloadLoader {
  constructor(
    private readonly deps: { catalog: CatalogService; auth: AuthService },
  ) {}

  async load(): Promise<Map<string, CatalogWorkload>> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'resource',
          [`metadata.annotations.${CLUSTER_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.type',
          'spec.owner',
          'spec.dependencyOf',
          'relations',
        ],
      },
      { credentials },
    );
    const workloads = new Map<string, CatalogWorkload>();
    for (const entity of items) {
      const annotations = entity.metadata.annotations ?? {};
      const type = entity.spec?.type;
      const cluster = annotations[CLUSTER_ANNOTATION];
      const namespace = annotations[NAMESPACE_ANNOTATION];
      const name = annotations[OBJECT_NAME_ANNOTATION];
      if (
        typeof type !== 'string' ||
        !type.startsWith('kubernetes-') ||
        !cluster ||
        !namespace ||
        !name
      ) {
        continue;
      }
      workloads.set(
        workloadKey(cluster, namespace, type.slice('kubernetes-'.length), name),
        {
          workloadRef: lower(stringifyEntityRef(entity)),
          componentRef: refOf(
            entity,
            RELATION_DEPENDENCY_OF,
            entity.spec?.dependencyOf,
            'component',
          ),
          ownerRef:
            annotations[UNOWNED_ANNOTATION] === 'true'
              ? null
              : refOf(entity, RELATION_OWNED_BY, entity.spec?.owner, 'group'),
          environment: annotations[ENVIRONMENT_ANNOTATION]
            ? lower(annotations[ENVIRONMENT_ANNOTATION])
            : null,
        },
      );
    }
    return workloads;
  }
}
