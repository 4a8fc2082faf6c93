import { createHash } from 'node:crypto';
import { CloudResource } from '../sources/types';

const MAX_NAME = 63;
const HASH_LENGTH = 6;

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The service without its vendor prefix: `rds`, `documentdb` (from `microsoft.documentdb`). */
export function shortService(resource: CloudResource): string {
  return slug(resource.service.replace(/^microsoft\./, ''));
}

/** `aws-rds-orders-prod`, before any uniqueness suffix. */
export function baseEntityName(resource: CloudResource): string {
  return slug(
    `${resource.provider}-${shortService(resource)}-${resource.name}`,
  );
}

function withHash(base: string, resource: CloudResource): string {
  const hash = createHash('sha256')
    .update(`${resource.provider}:${resource.id.toLowerCase()}`)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const head = base.slice(0, MAX_NAME - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

/**
 * Entity names for resources, valid (`[a-z0-9-]`, at most 63 characters)
 * and unique: `aws-rds-orders-prod`; where two resources (in different
 * regions or accounts) would share a name, or the name is taken by an
 * entity from elsewhere, or it is too long, each gets a short hash of its
 * id: `aws-lambda-image-resizer-3f9a2c`. Names therefore only change when
 * such a clash appears or goes.
 */
export function entityNames(
  resources: CloudResource[],
  taken: ReadonlySet<string>,
): Map<CloudResource, string> {
  const bases = new Map(resources.map(r => [r, baseEntityName(r)]));
  const uses = new Map<string, number>();
  for (const base of bases.values()) uses.set(base, (uses.get(base) ?? 0) + 1);
  const names = new Map<CloudResource, string>();
  for (const [resource, base] of bases) {
    const clash =
      uses.get(base)! > 1 || taken.has(base) || base.length > MAX_NAME;
    names.set(
      resource,
      clash || base === ''
        ? withHash(base || resource.provider, resource)
        : base,
    );
  }
  return names;
}
