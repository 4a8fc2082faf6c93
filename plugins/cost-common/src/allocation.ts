/**
 * Allocation: which Component, owning Group and environment a line item's
 * cost belongs to, from its tags and the catalog. Cost that maps to nothing
 * is kept and shown as unallocated (nulls), never dropped.
 */

/** Tag keys per dimension, in the order they are tried. */
export type AllocationTagKeys = {
  service: string[];
  team: string[];
  environment: string[];
};

export type AllocationRules = {
  tagKeys: AllocationTagKeys;
  /** Environment tag values (lower case) → the environment they mean, e.g. prod → production. */
  environmentAliases: Record<string, string>;
};

export const DEFAULT_ALLOCATION_RULES: AllocationRules = {
  tagKeys: {
    service: ['service', 'app', 'component'],
    team: ['team', 'squad', 'owner'],
    environment: ['environment', 'env', 'stage'],
  },
  environmentAliases: {
    prod: 'production',
    prd: 'production',
    live: 'production',
    stage: 'staging',
    stg: 'staging',
    dev: 'development',
  },
};

/** The annotation a Component names its cost allocation ids with (comma-separated). */
export const COST_ALLOCATION_ID_ANNOTATION = 'paved.dev/cost-allocation-id';
/** The Kubernetes id a Component's workloads are labelled with. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** A catalog Component as allocation sees it. */
export type AllocationComponent = {
  /** `component:namespace/name`, lower case. */
  entityRef: string;
  name: string;
  /** The owning Group (or User), lower case; undefined when it has none. */
  ownerRef?: string;
  /** Values of `paved.dev/cost-allocation-id`. */
  costAllocationIds: string[];
  /** The value of `backstage.io/kubernetes-id`. */
  kubernetesId?: string;
};

/** A catalog Group as allocation sees it. */
export type AllocationGroup = { entityRef: string; name: string };

export type Allocation = {
  entityRef: string | null;
  ownerRef: string | null;
  environment: string | null;
};

export type AllocationIndex = {
  components: Map<string, AllocationComponent>;
  groups: Map<string, string>;
  /** Tag values two Components (or Groups) claim alike; they match neither. */
  conflicts: string[];
};

/** How strongly a value names a Component: an explicit id beats a name. */
const PRIORITY = { costAllocationId: 3, kubernetesId: 2, name: 1 } as const;

const normalise = (value: string) => value.trim().toLocaleLowerCase('en-US');

/**
 * The lookup tables allocation uses: a Component by its full ref, its
 * `paved.dev/cost-allocation-id`s, its `backstage.io/kubernetes-id` or its
 * name (in that order of strength; a name in two namespaces prefers
 * `default`); a Group by its ref or name. A value two entities claim at the
 * same strength matches neither and is reported in `conflicts`.
 */
export function buildAllocationIndex(catalog: {
  components: AllocationComponent[];
  groups: AllocationGroup[];
}): AllocationIndex {
  const claims = new Map<
    string,
    { component: AllocationComponent; priority: number; ambiguous: boolean }
  >();
  const claim = (
    rawKey: string,
    component: AllocationComponent,
    priority: number,
  ) => {
    const key = normalise(rawKey);
    if (key === '') return;
    const existing = claims.get(key);
    if (!existing || existing.priority < priority) {
      claims.set(key, { component, priority, ambiguous: false });
    } else if (
      existing.priority === priority &&
      existing.component.entityRef !== component.entityRef
    ) {
      const preferDefault =
        priority === PRIORITY.name
          ? [existing.component, component].filter(c =>
              c.entityRef.startsWith('component:default/'),
            )
          : [];
      if (preferDefault.length === 1) {
        claims.set(key, {
          component: preferDefault[0],
          priority,
          ambiguous: false,
        });
      } else {
        existing.ambiguous = true;
      }
    }
  };
  for (const component of components(catalog)) {
    claim(component.entityRef, component, PRIORITY.costAllocationId + 1);
    for (const id of component.costAllocationIds) {
      claim(id, component, PRIORITY.costAllocationId);
    }
    if (component.kubernetesId) {
      claim(component.kubernetesId, component, PRIORITY.kubernetesId);
    }
    claim(component.name, component, PRIORITY.name);
  }
  const conflicts: string[] = [];
  const index = new Map<string, AllocationComponent>();
  for (const [key, { component, ambiguous }] of claims) {
    if (ambiguous) conflicts.push(key);
    else index.set(key, component);
  }

  const groupClaims = new Map<string, string | null>();
  for (const group of catalog.groups) {
    const ref = normalise(group.entityRef);
    groupClaims.set(ref, ref);
    const name = normalise(group.name);
    const existing = groupClaims.get(name);
    if (existing === undefined) {
      groupClaims.set(name, ref);
    } else if (existing !== ref) {
      const preferDefault = [existing, ref].filter(r =>
        r?.startsWith('group:default/'),
      );
      groupClaims.set(
        name,
        preferDefault.length === 1 ? preferDefault[0] : null,
      );
    }
  }
  const groups = new Map<string, string>();
  for (const [key, ref] of groupClaims) {
    if (ref === null) conflicts.push(key);
    else groups.set(key, ref);
  }
  return { components: index, groups, conflicts: conflicts.sort() };
}

function components(catalog: { components: AllocationComponent[] }) {
  // Sorted, so that which of two claims wins never depends on catalog order.
  return [...catalog.components].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
}

/**
 * Tags with lower-case keys; a key with a provider prefix (`user:team`,
 * `label:app`) also answers to the part after the last `:`, unless the
 * tags also have that key without a prefix.
 */
function tagLookup(tags: Record<string, string>): Map<string, string> {
  const lookup = new Map<string, string>();
  const prefixed: [string, string][] = [];
  for (const [key, value] of Object.entries(tags)) {
    const lower = key.toLocaleLowerCase('en-US');
    lookup.set(lower, value);
    const colon = lower.lastIndexOf(':');
    if (colon >= 0) prefixed.push([lower.slice(colon + 1), value]);
  }
  for (const [key, value] of prefixed) {
    if (!lookup.has(key)) lookup.set(key, value);
  }
  return lookup;
}

/**
 * A line item's allocation: the first service tag (in `tagKeys.service`
 * order) whose value names a Component gives the Component and its owner;
 * without one, the first team tag that names a Group gives the owner; the
 * first environment tag gives the environment (through the aliases).
 */
export function allocateLineItem(
  tags: Record<string, string>,
  index: AllocationIndex,
  rules: AllocationRules,
): Allocation {
  const lookup = tagLookup(tags);
  let entityRef: string | null = null;
  let ownerRef: string | null = null;
  for (const key of rules.tagKeys.service) {
    const value = lookup.get(key);
    if (value === undefined) continue;
    const component = index.components.get(normalise(value));
    if (component) {
      entityRef = component.entityRef;
      ownerRef = component.ownerRef ?? null;
      break;
    }
  }
  if (!ownerRef) {
    for (const key of rules.tagKeys.team) {
      const value = lookup.get(key);
      if (value === undefined) continue;
      const group = index.groups.get(normalise(value));
      if (group) {
        ownerRef = group;
        break;
      }
    }
  }
  let environment: string | null = null;
  for (const key of rules.tagKeys.environment) {
    const value = lookup.get(key);
    if (value === undefined || value.trim() === '') continue;
    const name = normalise(value);
    environment = rules.environmentAliases[name] ?? name;
    break;
  }
  return { entityRef, ownerRef, environment };
}
