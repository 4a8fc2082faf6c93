import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ANNOTATION_INGESTED_BY } from '@internal/plugin-catalog-ingestion-node';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** What mapping needs to know of the catalog: who exists, who owns what. */
export type CatalogIndex = {
  /** Refs of Groups, lower case: `group:default/checkout-squad`. */
  groups: ReadonlySet<string>;
  /** Components by lower-case ref, with their owner and system refs. */
  components: ReadonlyMap<string, { owner?: string; system?: string }>;
  /** Names of Resources in the default namespace that another source emitted. */
  takenResourceNames: ReadonlySet<string>;
};

/** A tag value (`checkout-squad`, `group:default/checkout-squad`) as a lower-case ref, or undefined. */
export function toRef(
  value: string | undefined,
  kind: 'group' | 'component' | 'system',
  namespace = 'default',
): string | undefined {
  if (!value?.trim()) return undefined;
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: kind,
      defaultNamespace: namespace,
    });
    return ref.kind.toLowerCase() === kind
      ? stringifyEntityRef(ref).toLowerCase()
      : undefined;
  } catch {
    return undefined;
  }
}

/** Builds a {@link CatalogIndex} from Components, Groups and Resources. */
export function indexCatalog(
  entities: Entity[],
  providerName: string,
): CatalogIndex {
  const groups = new Set<string>();
  const components = new Map<string, { owner?: string; system?: string }>();
  const takenResourceNames = new Set<string>();
  for (const entity of entities) {
    const kind = entity.kind.toLowerCase();
    const namespace = entity.metadata.namespace ?? 'default';
    const ref = stringifyEntityRef(entity).toLowerCase();
    if (kind === 'group') {
      groups.add(ref);
    } else if (kind === 'component') {
      const spec = (entity.spec ?? {}) as { owner?: unknown; system?: unknown };
      const owner = typeof spec.owner === 'string' ? spec.owner : undefined;
      const system = typeof spec.system === 'string' ? spec.system : undefined;
      components.set(ref, {
        owner: owner && toRef(owner, 'group', namespace),
        system: system && toRef(system, 'system', namespace),
      });
    } else if (
      kind === 'resource' &&
      namespace === 'default' &&
      entity.metadata.annotations?.[ANNOTATION_INGESTED_BY] !== providerName
    ) {
      takenResourceNames.add(entity.metadata.name.toLowerCase());
    }
  }
  return { groups, components, takenResourceNames };
}

/**
 * Reads the Components, Groups and Resources once per run, with the
 * plugin's own service credentials.
 */
export async function readCatalogIndex(
  catalog: CatalogService,
  auth: AuthService,
  providerName: string,
): Promise<CatalogIndex> {
  const credentials = await auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntities(
    {
      filter: [{ kind: 'Component' }, { kind: 'Group' }, { kind: 'Resource' }],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        // Annotation keys hold dots, which field paths cannot address.
        'metadata.annotations',
        'spec.owner',
        'spec.system',
      ],
    },
    { credentials },
  );
  return indexCatalog(items, providerName);
}
