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

/** Ids GitHub gives to a repository's own delivery objects, by kind. */
export type DeliveryIdKind =
  | 'deployment'
  | 'deployment-status'
  | 'pull-request'
  | 'issue'
  | 'review'
  | 'workflow'
  | 'workflow-run'
  | 'check-suite'
  | 'release'
  | 'label';

/** Where each kind's ids start, and how far apart the repositories' blocks are, near GitHub's current ids. */
const DELIVERY_ID_RANGES: Record<
  DeliveryIdKind,
  { base: number; blocks: number; blockSize: number }
> = {
  deployment: { base: 1_000_000_000, blocks: 10_000, blockSize: 100_000 },
  'deployment-status': {
    base: 2_000_000_000,
    blocks: 10_000,
    blockSize: 1_000_000,
  },
  'pull-request': { base: 1_500_000_000, blocks: 10_000, blockSize: 100_000 },
  issue: { base: 2_400_000_000, blocks: 10_000, blockSize: 100_000 },
  review: { base: 2_200_000_000, blocks: 10_000, blockSize: 100_000 },
  workflow: { base: 80_000_000, blocks: 10_000, blockSize: 10_000 },
  'workflow-run': {
    base: 10_000_000_000,
    blocks: 10_000,
    blockSize: 1_000_000,
  },
  'check-suite': { base: 25_000_000_000, blocks: 10_000, blockSize: 1_000_000 },
  release: { base: 150_000_000, blocks: 10_000, blockSize: 10_000 },
  label: { base: 5_000_000_000, blocks: 10_000, blockSize: 100_000 },
};

/**
 * The first id of a repository's block of ids of one kind: the fake numbers a
 * repository's deployments (runs, releases…) from there in creation order, so
 * ids grow over time like GitHub's, and repositories' blocks rarely meet.
 */
export function deliveryIdBase(kind: DeliveryIdKind, fullName: string): number {
  const { base, blocks, blockSize } = DELIVERY_ID_RANGES[kind];
  return (
    base +
    stableNumber(`${kind}:${fullName.toLowerCase()}`, 0, blocks) * blockSize
  );
}

/**
 * A repository's id of one kind: the block's base plus `offset` when a number
 * (a pull request's number, a deployment's position), or plus a hash of it
 * when a name (a label's, a workflow file's path).
 */
export function deliveryId(
  kind: DeliveryIdKind,
  fullName: string,
  offset: number | string,
): number {
  const { blockSize } = DELIVERY_ID_RANGES[kind];
  const within =
    typeof offset === 'number'
      ? offset
      : stableNumber(
          `${kind}:${fullName.toLowerCase()}:${offset}`,
          0,
          blockSize,
        );
  return deliveryIdBase(kind, fullName) + within;
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
    | 'RepositoryTopic'
    | 'Deployment'
    | 'DeploymentStatus'
    | 'PullRequest'
    | 'PullRequestReview'
    | 'Issue'
    | 'Commit'
    | 'Label'
    | 'Workflow'
    | 'WorkflowRun'
    | 'CheckSuite'
    | 'Release'
    | 'RepositoryInvitation'
    | 'Bot',
  id: number | string,
): string {
  const prefix = `0${type.length}`;
  return Buffer.from(`${prefix}:${type}${id}`).toString('base64');
}
