import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

export type IndexedComponent = {
  /** `component:default/cart-service` */
  ref: string;
  /** Full ref of its owner: `group:default/checkout-squad`. */
  owner?: string;
  /** Full ref of its system, when it names one. */
  system?: string;
};

/**
 * What the catalog holds that workloads link to, read once per run: the
 * Components (by name and by their `backstage.io/kubernetes-id`), Systems
 * and Groups of the default namespace.
 */
export type CatalogIndex = {
  componentsByName: Map<string, IndexedComponent>;
  componentsByKubernetesId: Map<string, IndexedComponent>;
  /** Full refs. */
  systems: Set<string>;
  /** Full refs. */
  groups: Set<string>;
};

/** The fields {@link buildCatalogIndex} needs, for a narrow catalog query. */
export const CATALOG_INDEX_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

export const CATALOG_INDEX_FILTER = [
  { kind: 'Component' },
  { kind: 'System' },
  { kind: 'Group' },
];

function fullRef(
  ref: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}

export function buildCatalogIndex(entities: Entity[]): CatalogIndex {
  const index: CatalogIndex = {
    componentsByName: new Map(),
    componentsByKubernetesId: new Map(),
    systems: new Set(),
    groups: new Set(),
  };
  for (const entity of entities) {
    const namespace = entity.metadata.namespace ?? 'default';
    const ref = stringifyEntityRef({
      kind: entity.kind,
      namespace,
      name: entity.metadata.name,
    });
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind === 'system') index.systems.add(ref);
    if (kind === 'group') index.groups.add(ref);
    if (kind !== 'component' || namespace !== 'default') continue;
    const component: IndexedComponent = {
      ref,
      owner: fullRef(entity.spec?.owner, 'group', namespace),
      system: fullRef(entity.spec?.system, 'system', namespace),
    };
    index.componentsByName.set(entity.metadata.name, component);
    const kubernetesId = entity.metadata.annotations?.[KUBERNETES_ID];
    if (kubernetesId)
      index.componentsByKubernetesId.set(kubernetesId, component);
  }
  return index;
}

export const emptyCatalogIndex = (): CatalogIndex => buildCatalogIndex([]);

/** Exported for mapping: the owner a label names, as a full Group ref. */
export function groupRefFromLabel(
  value: string | undefined,
): string | undefined {
  return fullRef(value, 'group', 'default');
}
