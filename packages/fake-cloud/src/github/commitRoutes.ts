import { historyOf, resolveCommit } from './commitHistory';
import {
  blob,
  combinedStatus,
  commit,
  CommitContext,
  commitContext,
  gitRef,
} from './commitResponses';
import { listTree } from './gitObjects';
import { paginate } from './pagination';
import { notFound, ok, Reply } from './replies';
import { DOCUMENTATION_URL, RepoContext } from './responses';
import type { GithubState, RouteRequest } from './routes';

/**
 * A repository's commits (see commitHistory.ts), their combined status and
 * its git blobs — what Backstage's GithubUrlReader.search() and a "who last
 * changed this file" lookup ask for:
 *
 *   GET /repos/{o}/{r}/commits?sha=&path=&since=&until=&per_page=&page=
 *   GET /repos/{o}/{r}/commits/{ref}
 *   GET /repos/{o}/{r}/commits/{ref}/status
 *   GET /repos/{o}/{r}/git/blobs/{sha}
 *   GET /repos/{o}/{r}/git/ref/{ref}, GET /repos/{o}/{r}/git/refs[/{ref}]
 */

const RAW_MEDIA_TYPE = /application\/vnd\.github(\.v3)?\.raw/i;

function noCommit(ref: string): Reply {
  // GitHub answers an unknown ref of "Get a commit" with 422, not 404.
  return {
    status: 422,
    json: {
      message: `No commit found for SHA: ${ref}`,
      documentation_url: DOCUMENTATION_URL,
    },
  };
}

function instant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function listCommits(
  state: GithubState,
  ctx: CommitContext,
  req: RouteRequest,
): Reply {
  const { query } = req;
  const start = resolveCommit(ctx.repo, ctx.tree, query.sha);
  if (!start) return notFound();
  const { commits } = historyOf(ctx.repo, ctx.tree);
  const path = (query.path ?? '').replace(/^\/+|\/+$/g, '');
  const since = instant(query.since);
  const until = instant(query.until);
  const matching = commits.slice(commits.indexOf(start)).filter(c => {
    const at = Date.parse(c.date);
    const changed = c.pushed
      ? c.pushed.changes.map(change => change.path)
      : [c.path ?? []].flat();
    return (
      (!path || changed.some(p => p === path || p.startsWith(`${path}/`))) &&
      (since === undefined || at >= since) &&
      (until === undefined || at <= until)
    );
  });
  const page = paginate(matching, query, {
    url: `${state.org.apiBaseUrl}${req.path}`,
    pageSizeLimit: state.pageSizeLimit,
  });
  return ok(
    page.items.map(c => commit(ctx, c)),
    page.link,
  );
}

function getBlob(ctx: RepoContext, sha: string, req: RouteRequest): Reply {
  const found = listTree(ctx.tree, true).find(
    node => node.type === 'blob' && node.sha === sha.toLowerCase(),
  );
  if (found?.type !== 'blob') return notFound();
  if (RAW_MEDIA_TYPE.test(req.accept)) {
    return {
      status: 200,
      raw: found.content,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'x-github-media-type': 'github.v3; param=raw',
      },
    };
  }
  return ok(blob(ctx, found));
}

/**
 * `GET /repos/{o}/{r}/git/ref/heads/{branch}`: the branch's head commit;
 * `GET /repos/{o}/{r}/git/refs[/{prefix}]`: the one ref of that exact name,
 * else those under the prefix. The fake has branches only, no tags.
 */
function getRefs(state: GithubState, ctx: RepoContext, rest: string[]): Reply {
  const name = rest
    .slice(2)
    .join('/')
    .replace(/^refs\//, '');
  const refs = [...state.branches(ctx.repo)]
    .map(([branch, sha]) => ({ ref: `refs/heads/${branch}`, sha }))
    .sort((a, b) => a.ref.localeCompare(b.ref, 'en'));
  const exact = refs.find(r => r.ref === `refs/${name}`);
  if (rest[1] === 'ref') {
    return exact ? ok(gitRef(ctx, exact.ref, exact.sha)) : notFound();
  }
  if (exact) return ok(gitRef(ctx, exact.ref, exact.sha));
  const prefix = name ? `refs/${name}` : 'refs/';
  const matching = refs.filter(r => r.ref.startsWith(prefix));
  return matching.length > 0
    ? ok(matching.map(r => gitRef(ctx, r.ref, r.sha)))
    : notFound();
}

/**
 * Answers `/repos/{owner}/{repo}/<rest>` for the commit, ref and blob routes;
 * undefined for any other path.
 */
export function routeCommits(
  state: GithubState,
  repoCtx: RepoContext,
  rest: string[],
  req: RouteRequest,
): Reply | undefined {
  if (rest[0] === 'git' && rest[1] === 'blobs') {
    return rest.length === 3 ? getBlob(repoCtx, rest[2], req) : undefined;
  }
  if (
    rest[0] === 'git' &&
    ((rest[1] === 'ref' && rest.length >= 3) || rest[1] === 'refs')
  ) {
    return getRefs(state, repoCtx, rest);
  }
  if (rest[0] !== 'commits') return undefined;
  const ctx = commitContext(repoCtx, state.members(), state.teams());
  if (rest.length === 1) return listCommits(state, ctx, req);
  if (rest.length >= 3 && rest[rest.length - 1] === 'status') {
    const ref = rest.slice(1, -1).join('/');
    const c = resolveCommit(ctx.repo, ctx.tree, ref);
    return c
      ? ok(combinedStatus(ctx, c))
      : notFound(`No commit found for SHA: ${ref}`);
  }
  // A branch may contain slashes (refs/heads/main); other sub-resources
  // (statuses, check-runs, comments, ...) are not served.
  if (
    rest.length > 2 &&
    !(rest[1] === 'refs' && rest[2] === 'heads' && rest.length === 4)
  ) {
    return undefined;
  }
  const ref = rest.slice(1).join('/');
  const c = resolveCommit(ctx.repo, ctx.tree, ref);
  return c ? ok(commit(ctx, c, true)) : noCommit(ref);
}
