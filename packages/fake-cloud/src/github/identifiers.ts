import { createHash } from 'node:crypto';

/**
 * Stable numeric ids and GraphQL node ids: the same org, repository or team
 * name always gets the same id, however the fixture is reordered or replaced.
 */

function stableNumber(key: string, base: number, span: number): number {
  const hex = createHash('sha1').update(key).digest('hex').slice(0, 8);
  return base + (parseInt(hex, 16) % span);
}

export function orgId(login: string): number {
  return stableNumber(`org:${login.toLowerCase()}`, 90_000_000, 9_000_000);
}

export function repoId(fullName: string): number {
  return stableNumber(
    `repo:${fullName.toLowerCase()}`,
    600_000_000,
    300_000_000,
  );
}

export function teamId(orgLogin: string, slug: string): number {
  return stableNumber(
    `team:${orgLogin.toLowerCase()}/${slug}`,
    9_000_000,
    900_000,
  );
}

export function userId(login: string): number {
  return stableNumber(`user:${login.toLowerCase()}`, 1_000_000, 80_000_000);
}

/**
 * GitHub's legacy (still accepted) node id format: the type name's length,
 * zero-padded, then type and id, e.g. base64('010:Repository1296269').
 */
export function legacyNodeId(
  type:
    | 'Organization'
    | 'Repository'
    | 'Team'
    | 'User'
    | 'Blob'
    | 'Tree'
    | 'Ref'
    | 'Language'
    | 'Topic'
    | 'RepositoryTopic',
  id: number | string,
): string {
  const prefix = `0${type.length}`;
  return Buffer.from(`${prefix}:${type}${id}`).toString('base64');
}
