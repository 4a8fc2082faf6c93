import { createHash } from 'node:crypto';
import { ObjectKind } from './kinds';

const MAX_LENGTH = 63;
const HASH_LENGTH = 6;

/**
 * The Resource's `metadata.name` for one object: readable
 * (`cart-service-deployment-production-checkout`) and always ending in a
 * short hash of the exact cluster, namespace, kind and name. The hash keeps
 * names unique where the readable part is not — dashes shifting between
 * namespace and name, dots in a Deployment name, truncation to 63
 * characters — and stable, since it depends on nothing else.
 */
export function resourceEntityName(
  cluster: string,
  namespace: string,
  kind: ObjectKind,
  name: string,
): string {
  const readable = `${name}-${kind}-${cluster}-${namespace}`
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const hash = createHash('sha256')
    .update(`${cluster}\u0000${namespace}\u0000${kind}\u0000${name}`)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const room = MAX_LENGTH - HASH_LENGTH - 1;
  return `${readable.slice(0, room).replace(/-+$/, '')}-${hash}`;
}
