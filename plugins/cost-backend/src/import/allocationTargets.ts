import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AllocationComponent,
  AllocationGroup,
  COST_ALLOCATION_ID_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-cost-common';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The owner of a Component: its ownedBy relation, else its spec.owner. */
function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return lower(relation.targetRef);
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') return undefined;
  try {
    return lower(
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    );
  } catch {
    return undefined;
  }
}

/** Catalog Components and Groups → what allocation matches tags against. */
export function toAllocationTargets(
  components: Entity[],
  groups: Entity[],
): { components: AllocationComponent[]; groups: AllocationGroup[] } {
  return {
    components: components.map(entity => {
      const annotations = entity.metadata.annotations ?? {};
      return {
        entityRef: lower(stringifyEntityRef(entity)),
        name: entity.metadata.name,
        ownerRef: ownerOf(entity),
        costAllocationIds: (annotations[COST_ALLOCATION_ID_ANNOTATION] ?? '')
          .split(',')
          .map(id => id.trim())
          .filter(Boolean),
        kubernetesId:
          annotations[KUBERNETES_ID_ANNOTATION]?.trim() || undefined,
      };
    }),
    groups: groups.map(entity => ({
      entityRef: lower(stringifyEntityRef(entity)),
      name: entity.metadata.name,
    })),
  };
}
