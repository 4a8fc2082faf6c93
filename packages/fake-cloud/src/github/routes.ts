import { isEmptyRepo, resolveCommit } from './commitHistory';
import { commitContext } from './commitResponses';
import { routeCommits } from './commitRoutes';
import { GitDatabase } from './gitDatabase';
import { routeGitData } from './gitDataRoutes';
import { findByPath, findTreeBySha, GitTree } from './gitObjects';
import { paginate } from './pagination';
import { routeDelivery } from './deliveryRoutes';
import {
  branchProtection,
  memberProfile,
  organizationProfile,
  teamFull,
} from './publishResponses';
import { notFound, ok, Reply } from './replies';
import {
  basicError,
  contentDirectory,
  contentFile,
  fullRepository,
  gitTree,
  minimalRepository,
  OrgContext,
  RepoContext,
  team,
} from './responses';
import { FakeGithubMember, FakeGithubOrgTeam, FakeGithubRepo } from './types';

export { notFound } from './replies';
export type { Reply } from './replies';

export type GithubState = {
  org: OrgContext;
  repos(): FakeGithubRepo[];
  members(): FakeGithubMember[];
  teams(): FakeGithubOrgTeam[];
  treeOf(repo: FakeGithubRepo): GitTree;
  /**
   * Branch -> head commit: a repository served over git has the branches
   * pushed to it; any other has its default branch (none while empty); and
   * both have the branches created through the git data API.
   */
  branches(repo: FakeGithubRepo): ReadonlyMap<string, string>;
  /** What the repository's git data API created: blobs, trees, commits, branches. */
  gitDatabase(repo: FakeGithubRepo): GitDatabase;
  /** Where git clones the repository from, when the fake serves it over git. */
  cloneUrlOf(repo: FakeGithubRepo): string | undefined;
  pageSizeLimit: number;
};

export type RouteRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  accept: string;
};

const RAW_MEDIA_TYPE = /application\/vnd\.github(\.v3)?\.raw/i;

function rawFile(content: Buffer): Reply {
  return {
    status: 200,
    raw: content,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'x-github-media-type': 'github.v3; param=raw',
    },
  };
}

export const sameName = (a: string, b: string) =>
  a.toLowerCase() === b.toLowerCase();

export function repoContext(
  state: GithubState,
  repo: FakeGithubRepo,
): RepoContext {
  return {
    ...state.org,
    repo,
    tree: state.treeOf(repo),
    cloneUrl: state.cloneUrlOf(repo),
  };
}

export function findRepo(
  state: GithubState,
  owner: string,
  name: string,
): RepoContext | undefined {
  if (!sameName(owner, state.org.login)) return undefined;
  const repo = state.repos().find(r => sameName(r.name, name));
  return repo && repoContext(state, repo);
}

/** What GitHub answers for the git data of a repository without commits. */
function emptyRepository(): Reply {
  return { status: 409, json: basicError('Git Repository is empty.') };
}

/**
 * Branch name (or HEAD) or a commit SHA -> root tree; a tree SHA -> that tree.
 * Every commit of the default branch has its current root tree (see
 * commitHistory.ts); a branch, commit or tree made through the git data API
 * has its own (see gitDatabase.ts).
 */
function resolveTree(
  state: GithubState,
  ctx: RepoContext,
  ref: string | undefined,
): GitTree | undefined {
  const branch = ctx.repo.defaultBranch ?? 'main';
  if (
    !ref ||
    ref === 'HEAD' ||
    ref === branch ||
    ref === `refs/heads/${branch}`
  ) {
    return ctx.tree;
  }
  const db = state.gitDatabase(ctx.repo);
  const created =
    db.branchHead(ref.replace(/^refs\/heads\//, '')) ??
    db.commits.get(ref.toLowerCase());
  if (created) return created.tree;
  return (
    findTreeBySha(ctx.tree, ref) ??
    db.findTree(ref) ??
    (resolveCommit(ctx.repo, ctx.tree, ref) ? ctx.tree : undefined)
  );
}

function listOrgRepos(state: GithubState, req: RouteRequest): Reply {
  const type = req.query.type ?? 'all';
  const repos = state
    .repos()
    .filter(repo => {
      const visibility = repo.visibility ?? 'private';
      if (type === 'public') return visibility === 'public';
      if (type === 'private') return visibility !== 'public';
      return type !== 'forks'; // none of these repositories is a fork
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const page = paginate(repos, req.query, {
    url: `${state.org.apiBaseUrl}${req.path}`,
    pageSizeLimit: state.pageSizeLimit,
  });
  return ok(
    page.items.map(repo => minimalRepository(repoContext(state, repo))),
    page.link,
  );
}

/** `GET /users/{username}`: the organisation itself, or one of its members. */
function getUser(state: GithubState, login: string): Reply {
  if (sameName(login, state.org.login)) {
    return ok(
      organizationProfile(state.org, {
        publicRepos: state.repos().filter(r => r.visibility === 'public')
          .length,
      }),
    );
  }
  const member = state.members().find(m => sameName(m.login, login));
  return member ? ok(memberProfile(state.org, member)) : notFound();
}

function getTeam(state: GithubState, slug: string): Reply {
  const orgTeam = state.teams().find(t => t.slug === slug.toLowerCase());
  return orgTeam
    ? ok(teamFull(state.org, orgTeam, state.teams(), state.repos()))
    : notFound();
}

function getBranchProtection(
  state: GithubState,
  ctx: RepoContext,
  branch: string,
): Reply {
  if (!state.branches(ctx.repo).has(branch)) {
    return notFound('Branch not found');
  }
  const set = ctx.repo.branchProtection?.[branch];
  if (!set) return notFound('Branch not protected');
  return ok(
    branchProtection(
      commitContext(ctx, state.members(), state.teams()),
      state.teams(),
      branch,
      set,
    ),
  );
}

function getContents(
  state: GithubState,
  ctx: RepoContext,
  path: string,
  req: RouteRequest,
): Reply {
  const ref = req.query.ref ?? ctx.repo.defaultBranch ?? 'main';
  const tree = resolveTree(state, ctx, ref);
  if (!tree) return notFound(`No commit found for the ref ${ref}`);
  const node = findByPath(tree, path);
  if (!node) return notFound();
  if (node.type === 'tree') return ok(contentDirectory(ctx, node, ref));
  return RAW_MEDIA_TYPE.test(req.accept)
    ? rawFile(node.content)
    : ok(contentFile(ctx, node, ref));
}

function listTeams(
  state: GithubState,
  ctx: RepoContext,
  req: RouteRequest,
): Reply {
  const page = paginate(ctx.repo.teams ?? [], req.query, {
    url: `${state.org.apiBaseUrl}${req.path}`,
    pageSizeLimit: state.pageSizeLimit,
  });
  const orgTeams = state.teams();
  return ok(
    page.items.map(entry => team(state.org, entry, orgTeams)),
    page.link,
  );
}

export function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Routes a GET (or HEAD) request to the fake's endpoints. */
export function route(state: GithubState, req: RouteRequest): Reply {
  if (req.method !== 'GET' && req.method !== 'HEAD') return notFound();
  const parts = req.path.split('/').filter(Boolean).map(decode);

  if (parts[0] === 'orgs' && parts[2] === 'repos' && parts.length === 3) {
    return sameName(parts[1], state.org.login)
      ? listOrgRepos(state, req)
      : notFound();
  }
  if (parts[0] === 'orgs' && parts[2] === 'teams' && parts.length === 4) {
    return sameName(parts[1], state.org.login)
      ? getTeam(state, parts[3])
      : notFound();
  }
  if (parts[0] === 'users' && parts.length === 2) {
    return getUser(state, parts[1]);
  }

  if (parts[0] === 'raw' && parts.length >= 5) {
    const ctx = findRepo(state, parts[1], parts[2]);
    if (!ctx || isEmptyRepo(ctx.repo)) return notFound();
    // A branch name may hold slashes (runbook/x): the first split of the
    // rest into <ref>/<path> that names a file wins.
    for (let end = 4; end < parts.length; end++) {
      const tree = resolveTree(state, ctx, parts.slice(3, end).join('/'));
      const node = tree && findByPath(tree, parts.slice(end).join('/'));
      if (node?.type === 'blob') return rawFile(node.content);
    }
    return notFound();
  }

  if (parts[0] !== 'repos' || parts.length < 3) return notFound();
  const ctx = findRepo(state, parts[1], parts[2]);
  if (!ctx) return notFound();
  const rest = parts.slice(3);

  if (rest.length === 0) return ok(fullRepository(ctx));
  if (rest[0] === 'teams' && rest.length === 1)
    return listTeams(state, ctx, req);
  if (
    rest[0] === 'branches' &&
    rest.length >= 3 &&
    rest[rest.length - 1] === 'protection'
  )
    return getBranchProtection(state, ctx, rest.slice(1, -1).join('/'));
  if (isEmptyRepo(ctx.repo)) {
    if (rest[0] === 'contents') return notFound('This repository is empty.');
    if (rest[0] === 'git' || rest[0] === 'commits') return emptyRepository();
  }
  if (rest[0] === 'contents')
    return getContents(state, ctx, rest.slice(1).join('/'), req);
  if (rest[0] === 'git' && rest[1] === 'trees' && rest.length >= 3) {
    const tree = resolveTree(state, ctx, rest.slice(2).join('/'));
    // Like GitHub, any value of `recursive` (even 0 or false) recurses; only omitting it does not.
    const recursive = req.query.recursive !== undefined;
    return tree ? ok(gitTree(ctx, tree, recursive)) : notFound();
  }
  return (
    routeGitData(state, ctx, rest, req) ??
    routeCommits(state, ctx, rest, req) ??
    routeDelivery(state, ctx, rest, req) ??
    notFound()
  );
}
