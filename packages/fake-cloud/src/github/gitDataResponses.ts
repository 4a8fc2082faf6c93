import type { components } from '@octokit/openapi-types';
import { StoredCommit } from './gitDatabase';
import { legacyNodeId } from './identifiers';
import { DOCUMENTATION_URL, RepoContext, WEB_BASE_URL } from './responses';

/**
 * Bodies for what the git data API creates — blobs, commits — and the
 * messages of its refusals, typed after GitHub's OpenAPI description like
 * those of responses.ts (trees and refs reuse `gitTree` and `gitRef`).
 */

type Schemas = components['schemas'];

function repoApiUrl(ctx: RepoContext): string {
  return `${ctx.apiBaseUrl}/repos/${ctx.login}/${ctx.repo.name}`;
}

/** `POST /repos/{o}/{r}/git/blobs`. */
export function shortBlob(
  ctx: RepoContext,
  sha: string,
): Schemas['short-blob'] {
  return { url: `${repoApiUrl(ctx)}/git/blobs/${sha}`, sha };
}

/** `POST /repos/{o}/{r}/git/commits` and `GET /repos/{o}/{r}/git/commits/{sha}`. */
export function gitCommit(
  ctx: RepoContext,
  commit: StoredCommit,
  signature?: string,
): Schemas['git-commit'] {
  const r = repoApiUrl(ctx);
  const html = `${WEB_BASE_URL}/${ctx.login}/${ctx.repo.name}`;
  return {
    sha: commit.sha,
    node_id: legacyNodeId('Commit', commit.sha),
    url: `${r}/git/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    author: { ...commit.author },
    committer: { ...commit.committer },
    message: commit.message,
    tree: { sha: commit.tree.sha, url: `${r}/git/trees/${commit.tree.sha}` },
    parents: commit.parents.map(sha => ({
      sha,
      url: `${r}/git/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
    })),
    verification: {
      verified: false,
      // The fake knows no one's keys.
      reason: signature ? 'unknown_key' : 'unsigned',
      signature: signature ?? null,
      payload: null,
      verified_at: null,
    },
  };
}

/**
 * A 422 GitHub answers with a message only (`Reference already exists`,
 * `GitRPC::BadObjectState`), with the status as a string like its others.
 */
export function refused(
  message: string,
  documentationUrl = DOCUMENTATION_URL,
): Schemas['basic-error'] & { status: string } {
  return { message, documentation_url: documentationUrl, status: '422' };
}
