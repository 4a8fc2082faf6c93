import type { components } from '@octokit/openapi-types';
import { createHash } from 'node:crypto';
import { RepoCommit, HEAD_COMMITTER } from './commitHistory';
import { DeliveryContext, gitPerson, simpleUser } from './deliveryResponses';
import { GitBlob } from './gitObjects';
import { legacyNodeId, repoId } from './identifiers';
import {
  minimalRepository,
  RepoContext,
  WEB_BASE_URL,
  wrappedBase64,
} from './responses';
import { FakeGithubMember, FakeGithubOrgTeam } from './types';

/**
 * Bodies for a repository's commits, their combined status and its blobs,
 * typed after GitHub's OpenAPI description like those of responses.ts.
 */

type Schemas = components['schemas'];

/** A repository, with the organisation's people to name commit authors. */
export type CommitContext = DeliveryContext & { orgTeams: FakeGithubOrgTeam[] };

export function commitContext(
  ctx: RepoContext,
  members: FakeGithubMember[],
  orgTeams: FakeGithubOrgTeam[],
): CommitContext {
  return { ...ctx, delivery: ctx.repo.delivery ?? {}, members, orgTeams };
}

function repoApiUrl(ctx: RepoContext): string {
  return `${ctx.apiBaseUrl}/repos/${ctx.login}/${ctx.repo.name}`;
}

function repoHtmlUrl(ctx: RepoContext): string {
  return `${WEB_BASE_URL}/${ctx.login}/${ctx.repo.name}`;
}

function stableIndex(key: string, length: number): number {
  const hex = createHash('sha1').update(key).digest('hex').slice(0, 8);
  return parseInt(hex, 16) % length;
}

/**
 * Who made a file's last change: a member of the first team with write
 * access to the repository (its owning squad), picked by the commit; the
 * head commit, and files of repositories without such a team, are the bot's.
 */
function authorOf(ctx: CommitContext, c: RepoCommit): string {
  if (!c.path) return HEAD_COMMITTER.login;
  const writers = (ctx.repo.teams ?? []).filter(t =>
    ['push', 'maintain', 'admin'].includes(t.permission),
  );
  for (const entry of writers) {
    const members = ctx.orgTeams.find(t => t.slug === entry.slug)?.members;
    if (members?.length) return members[stableIndex(c.sha, members.length)];
  }
  return HEAD_COMMITTER.login;
}

function person(ctx: CommitContext, login: string, date: string) {
  return login === HEAD_COMMITTER.login
    ? { name: HEAD_COMMITTER.name, email: HEAD_COMMITTER.email, date }
    : { ...gitPerson(ctx, login), date };
}

/** Line count of a text file, for a diff entry's made-up additions. */
function lines(file: GitBlob): number {
  const text = file.content.toString('utf8');
  return text ? text.split('\n').length - (text.endsWith('\n') ? 1 : 0) : 0;
}

function diffEntry(
  ctx: RepoContext,
  c: RepoCommit,
  change: Omit<Schemas['diff-entry'], 'blob_url' | 'raw_url' | 'contents_url'>,
): Schemas['diff-entry'] {
  const path = change.filename.split('/').map(encodeURIComponent).join('/');
  return {
    ...change,
    blob_url: `${repoHtmlUrl(ctx)}/blob/${c.sha}/${path}`,
    raw_url: `${repoHtmlUrl(ctx)}/raw/${c.sha}/${path}`,
    contents_url: `${repoApiUrl(ctx)}/contents/${path}?ref=${c.sha}`,
  };
}

/**
 * The files a commit changed: a pushed commit's real changes; the one file
 * of a file commit; none for the synthetic head commit.
 */
function diffEntries(ctx: RepoContext, c: RepoCommit): Schemas['diff-entry'][] {
  if (c.pushed) {
    return c.pushed.changes.map(change =>
      diffEntry(ctx, c, {
        sha: change.sha,
        filename: change.path,
        status: change.status,
        additions: change.additions,
        deletions: change.deletions,
        changes: change.additions + change.deletions,
      }),
    );
  }
  if (!c.path || !c.blob) return [];
  const total = lines(c.blob);
  const additions = Math.max(1, Math.min(total, 3 + stableIndex(c.sha, 40)));
  const deletions = Math.min(additions, stableIndex(`${c.sha}-`, 12));
  return [
    diffEntry(ctx, c, {
      sha: c.blob.sha,
      filename: c.path,
      status: 'modified',
      additions,
      deletions,
      changes: additions + deletions,
    }),
  ];
}

/** The organisation member whose public or verified email this is. */
function memberByEmail(ctx: CommitContext, email: string): string | undefined {
  const wanted = email.toLowerCase();
  return ctx.members.find(
    m =>
      m.email?.toLowerCase() === wanted ||
      m.verifiedEmails?.some(e => e.toLowerCase() === wanted),
  )?.login;
}

/** Who authored and committed a commit: as git recorded them, and the GitHub users they are (null when unknown). */
function people(ctx: CommitContext, c: RepoCommit) {
  if (c.pushed) {
    const { author, committer } = c.pushed;
    const user = (email: string) => {
      const login = memberByEmail(ctx, email);
      return login ? simpleUser(ctx, login) : null;
    };
    return {
      gitAuthor: { ...author },
      gitCommitter: { ...committer },
      author: user(author.email),
      committer: user(committer.email),
    };
  }
  const login = authorOf(ctx, c);
  return {
    gitAuthor: person(ctx, login, c.date),
    gitCommitter: person(ctx, login, c.date),
    author: simpleUser(ctx, login),
    committer: simpleUser(ctx, login),
  };
}

/**
 * A commit as `GET /repos/{o}/{r}/commits` lists it; with `detail`, as
 * `GET /repos/{o}/{r}/commits/{ref}` answers, with its stats and files.
 */
export function commit(
  ctx: CommitContext,
  c: RepoCommit,
  detail = false,
): Schemas['commit'] {
  const r = repoApiUrl(ctx);
  const html = repoHtmlUrl(ctx);
  const who = people(ctx, c);
  const parents = c.pushed?.parents ?? (c.parent ? [c.parent] : []);
  const files = detail ? diffEntries(ctx, c) : undefined;
  const additions = files?.reduce((sum, f) => sum + f.additions, 0) ?? 0;
  const deletions = files?.reduce((sum, f) => sum + f.deletions, 0) ?? 0;
  return {
    url: `${r}/commits/${c.sha}`,
    sha: c.sha,
    node_id: legacyNodeId('Commit', c.sha),
    html_url: `${html}/commit/${c.sha}`,
    comments_url: `${r}/commits/${c.sha}/comments`,
    commit: {
      url: `${r}/git/commits/${c.sha}`,
      author: who.gitAuthor,
      committer: who.gitCommitter,
      message: c.message,
      comment_count: 0,
      tree: { sha: ctx.tree.sha, url: `${r}/git/trees/${ctx.tree.sha}` },
      verification: {
        verified: false,
        reason: 'unsigned',
        payload: null,
        signature: null,
        verified_at: null,
      },
    },
    author: who.author,
    committer: who.committer,
    parents: parents.map(sha => ({
      sha,
      url: `${r}/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
    })),
    ...(files
      ? {
          stats: { additions, deletions, total: additions + deletions },
          files,
        }
      : {}),
  };
}

/**
 * `GET /repos/{o}/{r}/commits/{ref}/status`: the fake records no commit
 * statuses, and with none GitHub's combined state is `pending`.
 */
export function combinedStatus(
  ctx: RepoContext,
  c: RepoCommit,
): Schemas['combined-commit-status'] {
  const r = repoApiUrl(ctx);
  return {
    state: 'pending',
    statuses: [],
    sha: c.sha,
    total_count: 0,
    repository: minimalRepository(ctx),
    commit_url: `${r}/commits/${c.sha}`,
    url: `${r}/commits/${c.sha}/status`,
  };
}

/** `GET /repos/{o}/{r}/git/blobs/{sha}`: the content base64-encoded, wrapped like GitHub's. */
export function blob(ctx: RepoContext, b: GitBlob): Schemas['blob'] {
  return {
    content: wrappedBase64(b.content),
    encoding: 'base64',
    url: `${repoApiUrl(ctx)}/git/blobs/${b.sha}`,
    sha: b.sha,
    size: b.content.length,
    node_id: legacyNodeId('Blob', b.sha),
  };
}

/** A ref (`refs/heads/main`) pointing at a commit. */
export function gitRef(
  ctx: RepoContext,
  ref: string,
  sha: string,
): Schemas['git-ref'] {
  const r = repoApiUrl(ctx);
  return {
    ref,
    // as GraphQL's Ref id for it
    node_id: legacyNodeId(
      'Ref',
      `${repoId(`${ctx.login}/${ctx.repo.name}`)}:${ref}`,
    ),
    url: `${r}/git/${ref}`,
    object: { type: 'commit', sha, url: `${r}/git/commits/${sha}` },
  };
}
