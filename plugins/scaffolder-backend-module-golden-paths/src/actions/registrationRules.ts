import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** What a template may register: what a service's own repository declares. */
export const REGISTRABLE_KINDS = ['Component', 'API', 'Resource'];

/** The entity's owner as a full ref (a bare name is a Group), or undefined. */
export function ownerRef(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'Group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Why these entities may not be registered on behalf of a user whose
 * ownership refs are `claims` (none when they may): only Components, APIs
 * and Resources, each owned by one of the user's groups — unless the user
 * is in the platform squad, who may register anything.
 */
export function registrationProblems(
  entities: Entity[],
  user: { userEntityRef: string; ownershipEntityRefs: string[] },
  platformGroupRef: string,
): string[] {
  const claims = new Set(
    user.ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US')),
  );
  if (claims.has(platformGroupRef.toLocaleLowerCase('en-US'))) return [];
  // The catalog answers with the Location it generates for the file itself.
  const declared = entities.filter(
    e => !(e.kind === 'Location' && e.metadata.name.startsWith('generated-')),
  );
  if (declared.length === 0) return ['it declares no entities'];
  const problems: string[] = [];
  for (const entity of declared) {
    const ref = stringifyEntityRef(entity);
    if (!REGISTRABLE_KINDS.includes(entity.kind)) {
      problems.push(
        `${ref} is a ${
          entity.kind
        }; a template registers only ${REGISTRABLE_KINDS.join(
          ', ',
        )} (the platform squad registers the rest)`,
      );
      continue;
    }
    const owner = ownerRef(entity);
    if (!owner) {
      problems.push(`${ref} has no owner`);
    } else if (!claims.has(owner)) {
      problems.push(
        `${ref} is owned by ${owner}, and ${user.userEntityRef} is not a member of it`,
      );
    }
  }
  return problems;
}
