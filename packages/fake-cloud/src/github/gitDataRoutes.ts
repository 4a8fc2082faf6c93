import { HEAD_COMMITTER, isEmptyRepo, resolveCommit } from './commitHistory';
import { blob, gitRef } from './commitResponses';
import { DEFAULT_BOT, DeliveryContext, pullRequest } from './deliveryResponses';
import {
  blobSha,
  commitSha,
  diffFiles,
  filesOf,
  GitDatabase,
  StoredCommit,
  treeOfFiles,
} from './gitDatabase';
import { gitCommit, refused, shortBlob } from './gitDataResponses';
import { findTreeBySha, GitTree } from './gitObjects';
import { invalidRequest, validationFailed } from './publishResponses';
import { notFound, ok, Reply } from './replies';
import { basicError, gitTree, RepoContext } from './responses';
import type { GithubState, RouteRequest } from './routes';
import {
  FakeGithubCommit,
  FakeGithubGitSignature,
  FakeGithubOpenedPullRequest,
  FakeGithubPullRequest,
  FakeGithubRepo,
} from './types';

/**
 * Changing a repository without git: the git data API and pull requests —
 * what `octokit-plugin-create-pull-request` (behind the scaffolder's
 * `publish:github:pull-request`) sends, in its order:
 *
 *   GET   /repos/{o}/{r}                         (routes.ts; `permissions`)
 *   GET   /repos/{o}/{r}/commits?sha={base}&per_page=1   (commitRoutes.ts)
 *   POST  /repos/{o}/{r}/git/blobs               one per file sent base64
 *   POST  /repos/{o}/{r}/git/trees               `base_tree` + entries
 *   POST  /repos/{o}/{r}/git/commits
 *   POST  /graphql   repository.ref(qualifiedName).associatedPullRequests
 *   POST  /repos/{o}/{r}/git/refs                a new branch, or
 *   PATCH /repos/{o}/{r}/git/refs/heads/{branch} an existing one (force)
 *   POST  /repos/{o}/{r}/pulls                   or, with `update`,
 *   PATCH /repos/{o}/{r}/pulls/{number}
 *
 * What they create is kept per repository in memory (gitDatabase.ts): a
 * branch is its head commit, whose tree holds every file; `contents?ref=`,
 * `git/trees/{sha}`, `git/blobs/{sha}`, `git/commits/{sha}`, `git/refs` and
 * `/raw/` serve it. A pull request opened here joins the repository's
 * delivery history (`delivery.pullRequests`), numbered after its pull
 * requests and issues, so every pull-request route lists and serves it.
 */

const DOCS = {
  blob: 'https://docs.github.com/rest/git/blobs#create-a-blob',
  tree: 'https://docs.github.com/rest/git/trees#create-a-tree',
  commit: 'https://docs.github.com/rest/git/commits#create-a-commit',
  createRef: 'https://docs.github.com/rest/git/refs#create-a-reference',
  updateRef: 'https://docs.github.com/rest/git/refs#update-a-reference',
  deleteRef: 'https://docs.github.com/rest/git/refs#delete-a-reference',
  createPull: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  updatePull: 'https://docs.github.com/rest/pulls/pulls#update-a-pull-request',
};

const RAW_MEDIA_TYPE = /application\/vnd\.github(\.v3)?\.raw/i;
const SHA = /^[0-9a-f]{40}$/i;
const BLOB_MODES = new Set(['100644', '100755', '120000']);
const TREE_MODE = '040000';

type Json = Record<string, unknown>;

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const unprocessable = (json: unknown): Reply => ({ status: 422, json });

function created(json: unknown, location: string): Reply {
  return { status: 201, json, headers: { location } };
}

function repoApiUrl(ctx: RepoContext): string {
  return `${ctx.apiBaseUrl}/repos/${ctx.login}/${ctx.repo.name}`;
}

function deliveryContext(
  state: GithubState,
  ctx: RepoContext,
): DeliveryContext {
  return {
    ...ctx,
    delivery: ctx.repo.delivery ?? {},
    members: state.members(),
  };
}

/** A commit the repository has: one made here, or one of its default branch's. */
function knownCommit(
  ctx: RepoContext,
  db: GitDatabase,
  sha: string,
): { sha: string; tree: GitTree } | undefined {
  const wanted = sha.toLowerCase();
  const made = db.commits.get(wanted);
  if (made) return made;
  if (!SHA.test(wanted)) return undefined;
  const onDefault = resolveCommit(ctx.repo, ctx.tree, wanted);
  return onDefault?.sha === wanted
    ? { sha: wanted, tree: ctx.tree }
    : undefined;
}

/** Whether `ancestor` is `sha` or reachable from it through the commits made here. */
function isAncestor(db: GitDatabase, ancestor: string, sha: string): boolean {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next === ancestor) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(db.commits.get(next)?.parents ?? []));
  }
  return false;
}

/** A branch: its head commit and its files. */
type BranchState = { sha: string; files: Map<string, Buffer> };

function branchState(
  state: GithubState,
  ctx: RepoContext,
  branch: string,
): BranchState | undefined {
  const made = state.gitDatabase(ctx.repo).branchHead(branch);
  if (made) return { sha: made.sha, files: filesOf(made.tree) };
  const defaultBranch = ctx.repo.defaultBranch ?? 'main';
  const head = state.branches(ctx.repo).get(branch);
  // Other pushed branches' files are not read back from git.
  if (branch !== defaultBranch || !head) return undefined;
  return { sha: head, files: filesOf(ctx.tree) };
}

function memberLoginByEmail(state: GithubState, email: string) {
  const wanted = email.toLowerCase();
  return state
    .members()
    .find(
      m =>
        m.email?.toLowerCase() === wanted ||
        m.verifiedEmails?.some(e => e.toLowerCase() === wanted),
    )?.login;
}

// Read routes

/**
 * `GET /repos/{o}/{r}/git/commits/{sha}` of a commit made here,
 * `GET /repos/{o}/{r}/git/blobs/{sha}` of a blob made here and
 * `GET /repos/{o}/{r}/git/matching-refs/{ref}`; undefined for anything else
 * (the default branch's blobs and `git/refs` are commitRoutes.ts's).
 */
export function routeGitData(
  state: GithubState,
  ctx: RepoContext,
  rest: string[],
  req: RouteRequest,
): Reply | undefined {
  if (rest[0] !== 'git') return undefined;
  if (rest[1] === 'matching-refs') {
    // `git/matching-refs/{ref}`: the refs starting with `refs/{ref}`, maybe none.
    const prefix = `refs/${rest.slice(2).join('/')}`;
    return ok(
      [...state.branches(ctx.repo)]
        .map(([name, sha]) => ({ ref: `refs/heads/${name}`, sha }))
        .filter(r => r.ref.startsWith(prefix))
        .sort((a, b) => a.ref.localeCompare(b.ref, 'en'))
        .map(r => gitRef(ctx, r.ref, r.sha)),
    );
  }
  if (rest.length !== 3) return undefined;
  const db = state.gitDatabase(ctx.repo);
  if (rest[1] === 'commits') {
    const commit = db.commits.get(rest[2].toLowerCase());
    return commit ? ok(gitCommit(ctx, commit)) : notFound();
  }
  if (rest[1] === 'blobs') {
    const sha = rest[2].toLowerCase();
    const content = db.findBlob(sha);
    if (!content) return undefined;
    if (RAW_MEDIA_TYPE.test(req.accept)) {
      return {
        status: 200,
        raw: content,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'x-github-media-type': 'github.v3; param=raw',
        },
      };
    }
    return ok(blob(ctx, { type: 'blob', name: '', path: '', sha, content }));
  }
  return undefined;
}

// Blobs, trees, commits

/** `POST /repos/{o}/{r}/git/blobs`: `content` in `utf-8` (default) or `base64`. */
function createBlob(ctx: RepoContext, db: GitDatabase, body: Json): Reply {
  const { content } = body;
  if (typeof content !== 'string') {
    return unprocessable(
      invalidRequest(`"content" wasn't supplied.`, DOCS.blob),
    );
  }
  const encoding = body.encoding ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
    return unprocessable(
      invalidRequest(
        `"encoding" must be one of "utf-8" or "base64", not "${String(
          encoding,
        )}".`,
        DOCS.blob,
      ),
    );
  }
  const bytes = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8');
  const sha = blobSha(bytes);
  db.blobs.set(sha, bytes);
  return created(shortBlob(ctx, sha), `${repoApiUrl(ctx)}/git/blobs/${sha}`);
}

/** A path as a tree entry may name it: relative, no empty, `.` or `..` segments. */
function validPath(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    path !== '' &&
    path
      .split('/')
      .every(segment => segment !== '' && segment !== '.' && segment !== '..')
  );
}

/**
 * `POST /repos/{o}/{r}/git/trees`: the files of `base_tree` (the default
 * branch's root tree, or a tree made here), with each entry's `content` or
 * blob `sha` written at its `path`, a tree `sha` (mode 040000) copied below
 * it, and `sha: null` deleting it (a file or directory that is not there is
 * GitHub's `GitRPC::BadObjectState`). Modes are checked but not kept: every
 * file is served as a regular file.
 */
function createTree(ctx: RepoContext, db: GitDatabase, body: Json): Reply {
  const entries = body.tree;
  if (!Array.isArray(entries)) {
    return unprocessable(invalidRequest(`"tree" wasn't supplied.`, DOCS.tree));
  }
  let files = new Map<string, Buffer>();
  if (body.base_tree !== undefined && body.base_tree !== null) {
    const sha = String(body.base_tree).toLowerCase();
    const base = findTreeBySha(ctx.tree, sha) ?? db.findTree(sha);
    if (!base) {
      return unprocessable(
        refused('base_tree is not a valid tree oid', DOCS.tree),
      );
    }
    files = filesOf(base);
  }

  const invalid = (message: string) =>
    unprocessable(invalidRequest(message, DOCS.tree));
  for (const raw of entries) {
    const entry = (raw ?? {}) as Json;
    const { path, mode, type, sha, content } = entry;
    if (!validPath(path)) {
      return invalid(`"path" ${JSON.stringify(path)} is not a valid path.`);
    }
    if (
      typeof mode !== 'string' ||
      (!BLOB_MODES.has(mode) && mode !== TREE_MODE && mode !== '160000')
    ) {
      return invalid(
        `"mode" for "${path}" must be one of "100644", "100755", "040000", "160000", "120000".`,
      );
    }
    if (mode === '160000' || type === 'commit') {
      return invalid(
        `"${path}": the fake GitHub does not model submodules (mode 160000).`,
      );
    }
    const isTree = mode === TREE_MODE;
    if (type !== undefined && type !== (isTree ? 'tree' : 'blob')) {
      return invalid(`"type" for "${path}" does not match its mode ${mode}.`);
    }
    if (sha !== undefined && content !== undefined) {
      return invalid(
        'Must supply either tree.sha or tree.content. Request will be rejected if both are present.',
      );
    }
    const prefix = `${path}/`;
    const below = [...files.keys()].filter(p => p.startsWith(prefix));
    if (sha === null) {
      if (!files.has(path) && below.length === 0) {
        return unprocessable(refused('GitRPC::BadObjectState', DOCS.tree));
      }
      files.delete(path);
      below.forEach(p => files.delete(p));
      continue;
    }
    if (typeof content === 'string') {
      if (isTree) return invalid(`"${path}": a tree cannot have content.`);
      below.forEach(p => files.delete(p));
      files.set(path, Buffer.from(content, 'utf8'));
      continue;
    }
    if (typeof sha !== 'string') {
      return invalid(`"sha" or "content" must be supplied for "${path}".`);
    }
    if (isTree) {
      const tree =
        findTreeBySha(ctx.tree, sha.toLowerCase()) ?? db.findTree(sha);
      if (!tree) {
        return unprocessable(
          refused(`tree.sha ${sha} is not a valid tree`, DOCS.tree),
        );
      }
      files.delete(path);
      below.forEach(p => files.delete(p));
      for (const [sub, bytes] of filesOf(tree)) {
        files.set(`${path}/${sub}`, bytes);
      }
      continue;
    }
    const bytes =
      db.findBlob(sha) ??
      [...filesOf(ctx.tree).values()].find(
        b => blobSha(b) === sha.toLowerCase(),
      );
    if (!bytes) {
      return unprocessable(
        refused(`tree.sha ${sha} is not a valid blob`, DOCS.tree),
      );
    }
    below.forEach(p => files.delete(p));
    files.set(path, bytes);
  }

  const tree = treeOfFiles(files);
  db.trees.set(tree.sha, tree);
  return created(
    gitTree(ctx, tree, false),
    `${repoApiUrl(ctx)}/git/trees/${tree.sha}`,
  );
}

function signature(
  value: unknown,
  fallback: FakeGithubGitSignature,
): FakeGithubGitSignature | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'object') return undefined;
  const { name, email, date } = value as Json;
  const when = date === undefined ? fallback.date : String(date);
  if (Number.isNaN(Date.parse(when))) return undefined;
  return {
    name: typeof name === 'string' ? name : fallback.name,
    email: typeof email === 'string' ? email : fallback.email,
    date: new Date(when).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/**
 * `POST /repos/{o}/{r}/git/commits`: `tree` and `parents` must be objects
 * the repository has. The author defaults to the token's user — the fake
 * does not know whose token it is, so GitHub Actions' bot — and the
 * committer to the author.
 */
function createCommit(ctx: RepoContext, db: GitDatabase, body: Json): Reply {
  const { message, tree: treeSha } = body;
  const parents = body.parents ?? [];
  if (typeof message !== 'string' || typeof treeSha !== 'string') {
    return unprocessable(
      invalidRequest(
        `${
          typeof message !== 'string' ? '"message"' : '"tree"'
        } wasn't supplied.`,
        DOCS.commit,
      ),
    );
  }
  if (!Array.isArray(parents) || parents.some(p => typeof p !== 'string')) {
    return unprocessable(
      invalidRequest('"parents" must be a list of commit SHAs.', DOCS.commit),
    );
  }
  const tree =
    treeSha.toLowerCase() === ctx.tree.sha
      ? ctx.tree
      : db.findTree(treeSha) ?? findTreeBySha(ctx.tree, treeSha.toLowerCase());
  if (!tree) {
    return unprocessable(refused(`Tree SHA does not exist`, DOCS.commit));
  }
  const parentShas: string[] = [];
  for (const parent of parents as string[]) {
    const known = knownCommit(ctx, db, parent);
    if (!known) {
      return unprocessable(
        refused(
          'Parent SHA does not exist or is not a commit object',
          DOCS.commit,
        ),
      );
    }
    parentShas.push(known.sha);
  }
  const now = nowIso();
  const author = signature(body.author, {
    name: HEAD_COMMITTER.name,
    email: HEAD_COMMITTER.email,
    date: now,
  });
  const committer = author && signature(body.committer, author);
  if (!author || !committer) {
    return unprocessable(
      invalidRequest(
        '"author" and "committer" need a name, an email and an ISO 8601 date.',
        DOCS.commit,
      ),
    );
  }
  const commit: Omit<StoredCommit, 'sha'> = {
    tree,
    parents: parentShas,
    message,
    author,
    committer,
  };
  const stored = { sha: commitSha(commit), ...commit };
  db.commits.set(stored.sha, stored);
  return created(
    gitCommit(
      ctx,
      stored,
      typeof body.signature === 'string' ? body.signature : undefined,
    ),
    `${repoApiUrl(ctx)}/git/commits/${stored.sha}`,
  );
}

// Refs

/** `heads/x` or `refs/heads/x` -> `x`; undefined for anything but a branch. */
function branchOf(ref: string): string | undefined {
  const match = /^(?:refs\/)?heads\/(.+)$/.exec(ref);
  return match?.[1];
}

/**
 * `POST /repos/{o}/{r}/git/refs`: a new branch (`refs/heads/<name>`, the
 * only kind of ref the fake has) at a commit the repository has.
 */
function createRef(
  state: GithubState,
  ctx: RepoContext,
  db: GitDatabase,
  body: Json,
): Reply {
  const { ref, sha } = body;
  if (typeof ref !== 'string' || typeof sha !== 'string') {
    return unprocessable(
      invalidRequest(
        `${typeof ref !== 'string' ? '"ref"' : '"sha"'} wasn't supplied.`,
        DOCS.createRef,
      ),
    );
  }
  if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
    return unprocessable(
      refused(
        `${ref} is not a valid ref name: it must start with 'refs' and have at least two slashes.`,
        DOCS.createRef,
      ),
    );
  }
  const branch = ref.startsWith('refs/heads/') ? branchOf(ref) : undefined;
  if (!branch || branch.split('/').some(s => s === '' || s.startsWith('.'))) {
    return unprocessable(
      refused(
        `${ref}: the fake GitHub creates branches only (refs/heads/<name>).`,
        DOCS.createRef,
      ),
    );
  }
  if (state.branches(ctx.repo).has(branch)) {
    return unprocessable(refused('Reference already exists', DOCS.createRef));
  }
  const commit = knownCommit(ctx, db, sha);
  if (!commit) {
    return unprocessable(refused('Object does not exist', DOCS.createRef));
  }
  db.branches.set(branch, { sha: commit.sha, tree: commit.tree });
  return created(
    gitRef(ctx, `refs/heads/${branch}`, commit.sha),
    `${repoApiUrl(ctx)}/git/refs/heads/${branch}`,
  );
}

/**
 * `PATCH /repos/{o}/{r}/git/refs/heads/{branch}` of a branch made here: to
 * a descendant of its head, or anywhere with `force`. Open pull requests
 * from the branch follow it.
 */
function updateRef(
  state: GithubState,
  ctx: RepoContext,
  db: GitDatabase,
  ref: string,
  body: Json,
): Reply {
  const { sha } = body;
  if (typeof sha !== 'string') {
    return unprocessable(
      invalidRequest(`"sha" wasn't supplied.`, DOCS.updateRef),
    );
  }
  const branch = branchOf(ref);
  if (!branch || !state.branches(ctx.repo).has(branch)) {
    return unprocessable(refused('Reference does not exist', DOCS.updateRef));
  }
  const current = db.branches.get(branch);
  if (current === undefined) {
    return unprocessable(
      refused(
        `${ref}: the fake GitHub moves only branches created through the git data API; push to move this one.`,
        DOCS.updateRef,
      ),
    );
  }
  const commit = knownCommit(ctx, db, sha);
  if (!commit) {
    return unprocessable(refused('Object does not exist', DOCS.updateRef));
  }
  if (body.force !== true && !isAncestor(db, current.sha, commit.sha)) {
    return unprocessable(
      refused('Update is not a fast forward', DOCS.updateRef),
    );
  }
  db.branches.set(branch, { sha: commit.sha, tree: commit.tree });
  followBranch(state, ctx, branch);
  return ok(gitRef(ctx, `refs/heads/${branch}`, commit.sha));
}

/** `DELETE /repos/{o}/{r}/git/refs/heads/{branch}` of a branch made here. */
function deleteRef(ctx: RepoContext, db: GitDatabase, ref: string): Reply {
  const branch = branchOf(ref);
  if (!branch || !db.branches.has(branch)) {
    return unprocessable(refused('Reference does not exist', DOCS.deleteRef));
  }
  db.branches.delete(branch);
  for (const pr of openedPulls(ctx.repo, db)) {
    if (!pr.closedAt && pr.mergedAt === undefined && pr.headRef === branch) {
      pr.closedAt = nowIso();
      pr.updatedAt = pr.closedAt;
    }
  }
  return { status: 204 };
}

// Pull requests

function openedPulls(
  repo: FakeGithubRepo,
  db: GitDatabase,
): FakeGithubPullRequest[] {
  const pulls = repo.delivery?.pullRequests ?? [];
  return db.pullNumbers
    .map(number => pulls.find(pr => pr.number === number))
    .filter((pr): pr is FakeGithubPullRequest => pr !== undefined);
}

/**
 * The commits `head` has that `base` has not, oldest first: the first-parent
 * chain of commits made here, down to the base's head.
 */
function commitsSince(
  state: GithubState,
  db: GitDatabase,
  head: string,
  base: string,
): FakeGithubCommit[] {
  const chain: StoredCommit[] = [];
  let sha: string | undefined = head;
  while (sha && sha !== base) {
    const commit = db.commits.get(sha);
    if (!commit || chain.includes(commit)) break;
    chain.push(commit);
    sha = commit.parents[0];
  }
  return chain.reverse().map(c => ({
    sha: c.sha,
    message: c.message,
    author: memberLoginByEmail(state, c.author.email) ?? DEFAULT_BOT,
    authoredAt: c.author.date,
    committedAt: c.committer.date,
    git: { author: c.author, committer: c.committer, tree: c.tree.sha },
  }));
}

/** A pull request's commits and files, against its base branch as it is now. */
function refreshPull(
  state: GithubState,
  ctx: RepoContext,
  pr: FakeGithubPullRequest,
  head: BranchState,
  base: BranchState,
) {
  const db = state.gitDatabase(ctx.repo);
  pr.commits = commitsSince(state, db, head.sha, base.sha);
  pr.files = diffFiles(base.files, head.files);
}

/** Open pull requests from `branch` follow its new head. */
function followBranch(state: GithubState, ctx: RepoContext, branch: string) {
  const head = branchState(state, ctx, branch);
  if (!head) return;
  for (const pr of openedPulls(ctx.repo, state.gitDatabase(ctx.repo))) {
    if (pr.closedAt || pr.mergedAt || pr.headRef !== branch) continue;
    const base = branchState(
      state,
      ctx,
      pr.baseRef ?? ctx.repo.defaultBranch ?? 'main',
    );
    if (!base) continue;
    refreshPull(state, ctx, pr, head, base);
    pr.updatedAt = nowIso();
  }
}

function pullValidation(
  errors: Array<{ field?: string; code: string; message?: string }>,
  documentationUrl: string,
): Reply {
  return unprocessable(
    validationFailed(
      'Validation Failed',
      errors.map(e => ({ resource: 'PullRequest', ...e })),
      documentationUrl,
    ),
  );
}

/** The next issue / pull request number: they share one sequence. */
function nextNumber(repo: FakeGithubRepo): number {
  const delivery = repo.delivery ?? {};
  return (
    Math.max(
      0,
      ...(delivery.pullRequests ?? []).map(pr => pr.number),
      ...(delivery.issues ?? []).map(issue => issue.number),
    ) + 1
  );
}

/**
 * `POST /repos/{o}/{r}/pulls`: from a branch made here (`head`, or
 * `{org}:head`; no forks) into the default branch or another branch made
 * here. Refused like GitHub: a missing title, an unknown head or base, no
 * commits between them, or an open pull request for the same head and base
 * (`A pull request already exists for {org}:{head}.`).
 */
function createPull(
  state: GithubState,
  ctx: RepoContext,
  db: GitDatabase,
  body: Json,
): Reply {
  const { title, head: headParam, base: baseName } = body;
  if (typeof title !== 'string' || title.trim() === '') {
    return pullValidation(
      [{ field: 'title', code: 'missing_field' }],
      DOCS.createPull,
    );
  }
  if (typeof headParam !== 'string' || typeof baseName !== 'string') {
    return pullValidation(
      [
        {
          field: typeof headParam !== 'string' ? 'head' : 'base',
          code: 'missing_field',
        },
      ],
      DOCS.createPull,
    );
  }
  const colon = headParam.indexOf(':');
  const headOwner = colon >= 0 ? headParam.slice(0, colon) : ctx.login;
  const headName = colon >= 0 ? headParam.slice(colon + 1) : headParam;
  const head =
    headOwner.toLowerCase() === ctx.login.toLowerCase() &&
    db.branches.has(headName)
      ? branchState(state, ctx, headName)
      : undefined;
  const base = branchState(state, ctx, baseName);
  const invalid = [
    ...(head ? [] : [{ field: 'head', code: 'invalid' }]),
    ...(base ? [] : [{ field: 'base', code: 'invalid' }]),
  ];
  if (!head || !base) return pullValidation(invalid, DOCS.createPull);

  const label = `${ctx.login}:${headName}`;
  // Opened here or in the delivery history alike.
  const existing = ctx.repo.delivery?.pullRequests ?? [];
  if (
    existing.some(
      pr =>
        !pr.closedAt &&
        !pr.mergedAt &&
        pr.headRef === headName &&
        (pr.baseRef ?? ctx.repo.defaultBranch ?? 'main') === baseName,
    )
  ) {
    return pullValidation(
      [
        {
          code: 'custom',
          message: `A pull request already exists for ${label}.`,
        },
      ],
      DOCS.createPull,
    );
  }
  const commits = commitsSince(state, db, head.sha, base.sha);
  if (commits.length === 0) {
    return pullValidation(
      [
        {
          code: 'custom',
          message: `No commits between ${baseName} and ${headName}`,
        },
      ],
      DOCS.createPull,
    );
  }

  const repo = ctx.repo;
  const delivery = (repo.delivery ??= {});
  const now = nowIso();
  const pr: FakeGithubPullRequest = {
    number: nextNumber(repo),
    title,
    body: typeof body.body === 'string' ? body.body : null,
    user: DEFAULT_BOT,
    createdAt: now,
    updatedAt: now,
    headRef: headName,
    baseRef: baseName,
    draft: body.draft === true,
    baseSha: base.sha,
    commits: [],
  };
  refreshPull(state, ctx, pr, head, base);
  (delivery.pullRequests ??= []).push(pr);
  db.pullNumbers.push(pr.number);
  return created(
    pullRequest(deliveryContext(state, ctx), pr),
    `${repoApiUrl(ctx)}/pulls/${pr.number}`,
  );
}

/** `PATCH /repos/{o}/{r}/pulls/{number}`: title, body, state, base. */
function updatePull(
  state: GithubState,
  ctx: RepoContext,
  number: number,
  body: Json,
): Reply {
  const pr = (ctx.repo.delivery?.pullRequests ?? []).find(
    p => p.number === number,
  );
  if (!pr) return notFound();
  const { title, state: wanted, base: baseName } = body;
  if (wanted !== undefined && wanted !== 'open' && wanted !== 'closed') {
    return pullValidation(
      [{ field: 'state', code: 'invalid' }],
      DOCS.updatePull,
    );
  }
  if (baseName !== undefined) {
    const base =
      typeof baseName === 'string'
        ? branchState(state, ctx, baseName)
        : undefined;
    if (!base) {
      return pullValidation(
        [{ field: 'base', code: 'invalid' }],
        DOCS.updatePull,
      );
    }
    pr.baseRef = baseName as string;
    const head = pr.headRef ? branchState(state, ctx, pr.headRef) : undefined;
    if (head && pr.files) refreshPull(state, ctx, pr, head, base);
  }
  if (typeof title === 'string' && title.trim() !== '') pr.title = title;
  if (typeof body.body === 'string') pr.body = body.body;
  const now = nowIso();
  if (wanted === 'closed' && !pr.closedAt && !pr.mergedAt) pr.closedAt = now;
  if (wanted === 'open' && !pr.mergedAt) delete pr.closedAt;
  pr.updatedAt = now;
  return ok(pullRequest(deliveryContext(state, ctx), pr));
}

/**
 * Routes the git data API's and pull requests' writes on
 * `/repos/{o}/{r}/<rest>`; undefined for any other.
 */
export function routeGitDataWrite(
  state: GithubState,
  ctx: RepoContext,
  rest: string[],
  method: string,
  body: Json,
): Reply | undefined {
  const db = state.gitDatabase(ctx.repo);
  const isGit = rest[0] === 'git';
  const isPull = rest[0] === 'pulls';
  if (!isGit && !isPull) return undefined;
  if (isGit && isEmptyRepo(ctx.repo)) {
    return { status: 409, json: basicError('Git Repository is empty.') };
  }
  if (method === 'POST' && rest.length === 2) {
    switch (rest[1]) {
      case 'blobs':
        return isGit ? createBlob(ctx, db, body) : undefined;
      case 'trees':
        return isGit ? createTree(ctx, db, body) : undefined;
      case 'commits':
        return isGit ? createCommit(ctx, db, body) : undefined;
      case 'refs':
        return isGit ? createRef(state, ctx, db, body) : undefined;
      default:
        return undefined;
    }
  }
  if (isPull && method === 'POST' && rest.length === 1) {
    return createPull(state, ctx, db, body);
  }
  if (isPull && method === 'PATCH' && rest.length === 2) {
    const number = /^\d+$/.test(rest[1]) ? Number(rest[1]) : NaN;
    return Number.isNaN(number)
      ? notFound()
      : updatePull(state, ctx, number, body);
  }
  if (isGit && rest[1] === 'refs' && rest.length >= 3) {
    const ref = rest.slice(2).join('/');
    if (method === 'PATCH') return updateRef(state, ctx, db, ref, body);
    if (method === 'DELETE') return deleteRef(ctx, db, ref);
  }
  return undefined;
}

/** A pull request opened here, as `FakeGithubServer.pullRequests()` reports it. */
export function openedPullRequests(
  state: GithubState,
  ctx: RepoContext,
): FakeGithubOpenedPullRequest[] {
  const deliveryCtx = deliveryContext(state, ctx);
  return openedPulls(ctx.repo, state.gitDatabase(ctx.repo)).map(pr => {
    const body = pullRequest(deliveryCtx, pr);
    return {
      number: pr.number,
      htmlUrl: body.html_url,
      title: pr.title,
      body: pr.body ?? null,
      head: body.head.ref,
      base: body.base.ref,
      headSha: body.head.sha,
      draft: pr.draft ?? false,
      state: body.state as 'open' | 'closed',
      createdAt: pr.createdAt,
      updatedAt: body.updated_at,
      files: structuredClone(pr.files ?? []),
    };
  });
}

/** A branch's files (utf8), made here or the default branch; undefined if there is none. */
export function branchFiles(
  state: GithubState,
  ctx: RepoContext,
  branch: string,
): Record<string, string> | undefined {
  const found = branchState(state, ctx, branch);
  return (
    found &&
    Object.fromEntries(
      [...found.files].map(([path, bytes]) => [path, bytes.toString('utf8')]),
    )
  );
}
