import { createHash } from 'node:crypto';
import { GitBlob, GitTree, listTree } from './gitObjects';
import { DEFAULT_PUSHED_AT } from './responses';
import { FakeGithubGitCommit, FakeGithubRepo } from './types';

/**
 * A repository's commits on its default branch, as far as the fake models
 * them: each file's last change is a commit of its own (dated by the repo's
 * `fileDates`, else `pushedAt`), and the head commit sits on top of them,
 * dated `pushedAt`, pointing at the root tree. History is linear, oldest
 * file commit first. The fake keeps no older versions of a file, so every
 * commit's tree is the current root tree: reading a file at any of these
 * commits gives its current content, which is what it was when that file
 * last changed.
 *
 * A repository that was pushed to over git has its real history instead
 * (`FakeGithubRepo.commits`): the pushed commits, with their SHAs, messages,
 * authors and changes — still each served with the current root tree.
 */

export type RepoCommit = {
  sha: string;
  /** ISO timestamp, second precision. */
  date: string;
  message: string;
  /** The file this commit last changed; undefined for the head commit. */
  path?: string;
  /** That file's blob. */
  blob?: GitBlob;
  /** The previous commit; undefined for the first. */
  parent?: string;
  /** For a pushed commit: the commit as git recorded it. */
  pushed?: FakeGithubGitCommit;
};

export type RepoHistory = {
  head: RepoCommit;
  /** Newest first, the head commit first, as GitHub lists commits. */
  commits: RepoCommit[];
  bySha: Map<string, RepoCommit>;
};

/** A bot identity, as GitHub Actions commits under it. */
export const HEAD_COMMITTER = {
  login: 'github-actions[bot]',
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** '2026-11-20T10:00:00.000Z' and '2026-11-20T10:00:00Z' alike -> '2026-11-20T10:00:00Z'. */
function isoSeconds(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`Not an ISO timestamp: ${value}`);
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

const HEAD_MESSAGE = 'chore: sync default branch';

/**
 * The head commit's SHA: git's hash of a commit object for the root tree,
 * authored and committed at `date` — so changing any file (which changes the
 * tree) or the date changes it, and nothing else does.
 */
export function headCommitSha(treeSha: string, date: string): string {
  const seconds = epoch(date);
  const who = `${HEAD_COMMITTER.name} <${HEAD_COMMITTER.email}>`;
  const body =
    `tree ${treeSha}\n` +
    `author ${who} ${seconds} +0000\n` +
    `committer ${who} ${seconds} +0000\n\n` +
    `${HEAD_MESSAGE}\n`;
  return createHash('sha1')
    .update(`commit ${Buffer.byteLength(body)}\0${body}`)
    .digest('hex');
}

/** The SHA of the commit that last changed a file: from its path, content and date only. */
export function fileCommitSha(
  path: string,
  blobSha: string,
  date: string,
): string {
  return sha1(`commit\0${path}\0${blobSha}\0${epoch(date)}`);
}

function fileCommitMessage(path: string): string {
  const name = path.split('/').pop()!;
  if (/^docs\/runbooks\//.test(path)) {
    return `docs(runbooks): update ${name.replace(/\.md$/i, '')}`;
  }
  if (path.startsWith('docs/')) return `docs: update ${name}`;
  if (path.startsWith('.github/')) return `ci: update ${name}`;
  return `chore: update ${path}`;
}

const cache = new WeakMap<GitTree, RepoHistory>();

/** A repository without commits yet (created through the API, not pushed to). */
export function isEmptyRepo(repo: FakeGithubRepo): boolean {
  return repo.commits?.length === 0;
}

function pushedHistory(pushed: FakeGithubGitCommit[]): RepoHistory {
  const commits: RepoCommit[] = pushed.map(c => ({
    sha: c.sha,
    date: isoSeconds(c.committer.date),
    message: c.message,
    parent: c.parents[0],
    pushed: c,
  }));
  return {
    head: commits[0],
    commits,
    bySha: new Map(commits.map(c => [c.sha, c])),
  };
}

/**
 * The repository's commits (see the module comment); cached per tree. An
 * empty repository has none: callers check `isEmptyRepo` first.
 */
export function historyOf(repo: FakeGithubRepo, tree: GitTree): RepoHistory {
  const cached = cache.get(tree);
  if (cached) return cached;
  if (repo.commits) {
    if (repo.commits.length === 0) {
      throw new Error(`${repo.name} is empty: it has no commits`);
    }
    const pushed = pushedHistory(repo.commits);
    cache.set(tree, pushed);
    return pushed;
  }
  const pushedAt = isoSeconds(repo.pushedAt ?? DEFAULT_PUSHED_AT);
  const fileDates = repo.fileDates ?? {};
  const oldestFirst: RepoCommit[] = listTree(tree, true)
    .filter((node): node is GitBlob => node.type === 'blob')
    .map(blob => {
      const date = isoSeconds(fileDates[blob.path] ?? pushedAt);
      return {
        sha: fileCommitSha(blob.path, blob.sha, date),
        date,
        message: fileCommitMessage(blob.path),
        path: blob.path,
        blob,
      };
    })
    .sort(
      (a, b) =>
        Date.parse(a.date) - Date.parse(b.date) ||
        Buffer.compare(Buffer.from(a.path!), Buffer.from(b.path!)),
    );
  oldestFirst.forEach((c, index) => {
    if (index > 0) c.parent = oldestFirst[index - 1].sha;
  });
  const head: RepoCommit = {
    sha: headCommitSha(tree.sha, pushedAt),
    date: pushedAt,
    message: HEAD_MESSAGE,
    parent: oldestFirst[oldestFirst.length - 1]?.sha,
  };
  const commits = [head, ...oldestFirst.reverse()];
  const history = {
    head,
    commits,
    bySha: new Map(commits.map(c => [c.sha, c])),
  };
  cache.set(tree, history);
  return history;
}

/**
 * The commit a ref names: the default branch (`main`, `refs/heads/main`),
 * `HEAD`, or a commit SHA (full, or an unambiguous prefix of 7+ characters).
 */
export function resolveCommit(
  repo: FakeGithubRepo,
  tree: GitTree,
  ref: string | undefined,
): RepoCommit | undefined {
  if (isEmptyRepo(repo)) return undefined;
  const history = historyOf(repo, tree);
  const branch = repo.defaultBranch ?? 'main';
  if (
    !ref ||
    ref === 'HEAD' ||
    ref === branch ||
    ref === `refs/heads/${branch}`
  ) {
    return history.head;
  }
  const exact = history.bySha.get(ref.toLowerCase());
  if (exact) return exact;
  if (!/^[0-9a-f]{7,39}$/i.test(ref)) return undefined;
  const matches = history.commits.filter(c =>
    c.sha.startsWith(ref.toLowerCase()),
  );
  return matches.length === 1 ? matches[0] : undefined;
}
