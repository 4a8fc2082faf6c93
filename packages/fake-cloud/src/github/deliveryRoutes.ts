import {
  DeliveryContext,
  deployment,
  deploymentStatus,
  issue,
  issueUpdatedAt,
  pullRequest,
  pullRequestAsIssue,
  pullRequestClosedAt,
  pullRequestCommits,
  pullRequestFiles,
  pullRequestSimple,
  pullRequestUpdatedAt,
  release,
  review,
  workflow,
  workflowFileName,
  workflowId,
  workflowRun,
  workflowsOf,
  FakeWorkflow,
} from './deliveryResponses';
import { paginate } from './pagination';
import { notFound, ok, Reply } from './replies';
import { DOCUMENTATION_URL, RepoContext } from './responses';
import type { GithubState, RouteRequest } from './routes';
import {
  FakeGithubDeployment,
  FakeGithubIssue,
  FakeGithubPullRequest,
  FakeGithubWorkflowRun,
} from './types';

/**
 * The read side of a repository's delivery history, as GitHub's REST API
 * serves it: deployments and their statuses, pull requests with commits and
 * reviews, issues (pull requests among them), Actions workflow runs, releases.
 */

type Request = { state: GithubState; ctx: DeliveryContext; req: RouteRequest };

function list<T>(
  { state, req }: Request,
  items: T[],
  body: (item: T) => unknown,
): Reply {
  const page = paginate(items, req.query, {
    url: `${state.org.apiBaseUrl}${req.path}`,
    pageSizeLimit: state.pageSizeLimit,
  });
  return ok(page.items.map(body), page.link);
}

function validationFailed(field: string, value: string): Reply {
  return {
    status: 422,
    json: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Search',
          field,
          code: 'invalid',
          message: `Invalid value '${value}' for ${field}`,
        },
      ],
      documentation_url: DOCUMENTATION_URL,
    },
  };
}

/** Newest first, the way GitHub lists by default; ties by the larger number or id. */
function byDesc<T>(key: (item: T) => string, tie: (item: T) => number) {
  return (a: T, b: T) => key(b).localeCompare(key(a)) || tie(b) - tie(a);
}

function positiveInteger(segment: string | undefined): number | undefined {
  if (!segment || !/^\d+$/.test(segment)) return undefined;
  return Number(segment);
}

const stripHeads = (ref: string) => ref.replace(/^refs\/heads\//, '');

// Deployments

function listDeployments(r: Request): Reply {
  const { query } = r.req;
  const branch = r.ctx.repo.defaultBranch ?? 'main';
  const deployments = (r.ctx.delivery.deployments ?? [])
    .filter(
      d =>
        (query.sha === undefined || d.sha === query.sha) &&
        (query.ref === undefined ||
          stripHeads(d.ref ?? branch) === stripHeads(query.ref)) &&
        (query.task === undefined || (d.task ?? 'deploy') === query.task) &&
        (query.environment === undefined ||
          d.environment === query.environment),
    )
    .sort((a, b) => b.id - a.id);
  return list(r, deployments, d => deployment(r.ctx, d));
}

function findDeployment(
  r: Request,
  segment: string,
): FakeGithubDeployment | undefined {
  const id = positiveInteger(segment);
  return (r.ctx.delivery.deployments ?? []).find(d => d.id === id);
}

function routeDeployments(r: Request, rest: string[]): Reply | undefined {
  if (rest.length === 1) return listDeployments(r);
  const d = findDeployment(r, rest[1]);
  if (!d) return notFound();
  if (rest.length === 2) return ok(deployment(r.ctx, d));
  if (rest[2] !== 'statuses' || rest.length > 4) return undefined;
  const statuses = d.statuses.map((status, index) =>
    deploymentStatus(r.ctx, d, status, index),
  );
  if (rest.length === 4) {
    const status = statuses.find(s => String(s.id) === rest[3]);
    return status ? ok(status) : notFound();
  }
  const newestFirst = statuses
    .map((status, index) => ({ status, index }))
    .sort(
      (a, b) =>
        b.status.created_at.localeCompare(a.status.created_at) ||
        b.index - a.index,
    )
    .map(entry => entry.status);
  return list(r, newestFirst, status => status);
}

// Pull requests

type PullState = 'open' | 'closed' | 'all';

function matchesState(closedAt: string | undefined, state: PullState) {
  if (state === 'all') return true;
  return state === 'closed' ? Boolean(closedAt) : !closedAt;
}

function parseState(value: string | undefined): PullState | undefined {
  const state = value ?? 'open';
  return state === 'open' || state === 'closed' || state === 'all'
    ? state
    : undefined;
}

function listPullRequests(r: Request): Reply {
  const { query } = r.req;
  const state = parseState(query.state);
  if (!state) return validationFailed('state', query.state);
  const sort = query.sort === 'updated' ? 'updated' : 'created';
  // GitHub: desc when sorting by creation (or not at all), else asc.
  const direction =
    query.direction ??
    (query.sort === undefined || query.sort === 'created' ? 'desc' : 'asc');
  const branch = r.ctx.repo.defaultBranch ?? 'main';
  const head = query.head?.includes(':')
    ? query.head.slice(query.head.indexOf(':') + 1)
    : query.head;
  const headOwner = query.head?.includes(':')
    ? query.head.slice(0, query.head.indexOf(':'))
    : undefined;
  const key = (pr: FakeGithubPullRequest) =>
    sort === 'updated' ? pullRequestUpdatedAt(pr) : pr.createdAt;
  const pulls = (r.ctx.delivery.pullRequests ?? [])
    .filter(
      pr =>
        matchesState(pullRequestClosedAt(pr), state) &&
        (query.base === undefined || (pr.baseRef ?? branch) === query.base) &&
        (head === undefined ||
          ((pr.headRef ?? `feature/${pr.number}`) === head &&
            (headOwner === undefined ||
              headOwner.toLowerCase() === r.ctx.login.toLowerCase()))),
    )
    .sort((a, b) => {
      const order = key(a).localeCompare(key(b)) || a.number - b.number;
      return direction === 'asc' ? order : -order;
    });
  return list(r, pulls, pr => pullRequestSimple(r.ctx, pr));
}

function routePulls(r: Request, rest: string[]): Reply | undefined {
  if (rest.length === 1) return listPullRequests(r);
  const number = positiveInteger(rest[1]);
  const pr = (r.ctx.delivery.pullRequests ?? []).find(p => p.number === number);
  if (!pr) return notFound();
  if (rest.length === 2) return ok(pullRequest(r.ctx, pr));
  if (rest.length !== 3) return undefined;
  if (rest[2] === 'commits')
    return list(r, pullRequestCommits(r.ctx, pr), c => c);
  if (rest[2] === 'files') {
    const files = pullRequestFiles(r.ctx, pr);
    return files ? list(r, files, f => f) : undefined;
  }
  if (rest[2] === 'reviews') {
    const reviews = [...(pr.reviews ?? [])].sort(
      (a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id - b.id,
    );
    return list(r, reviews, rv => review(r.ctx, pr, rv));
  }
  return undefined;
}

// Issues (pull requests among them)

type IssueEntry =
  | { kind: 'issue'; item: FakeGithubIssue }
  | { kind: 'pull'; item: FakeGithubPullRequest };

function entryFacts(entry: IssueEntry) {
  if (entry.kind === 'issue') {
    const i = entry.item;
    return {
      number: i.number,
      user: i.user,
      labels: i.labels,
      createdAt: i.createdAt,
      updatedAt: issueUpdatedAt(i),
      closedAt: i.closedAt,
    };
  }
  const pr = entry.item;
  return {
    number: pr.number,
    user: pr.user,
    labels: pr.labels ?? [],
    createdAt: pr.createdAt,
    updatedAt: pullRequestUpdatedAt(pr),
    closedAt: pullRequestClosedAt(pr),
  };
}

function issueBody(ctx: DeliveryContext, entry: IssueEntry) {
  return entry.kind === 'issue'
    ? issue(ctx, entry.item)
    : pullRequestAsIssue(ctx, entry.item);
}

function issueEntries(ctx: DeliveryContext): IssueEntry[] {
  return [
    ...(ctx.delivery.issues ?? []).map(item => ({
      kind: 'issue' as const,
      item,
    })),
    ...(ctx.delivery.pullRequests ?? []).map(item => ({
      kind: 'pull' as const,
      item,
    })),
  ];
}

function listIssues(r: Request): Reply {
  const { query } = r.req;
  const state = parseState(query.state);
  if (!state) return validationFailed('state', query.state);
  const wanted = (query.labels ?? '')
    .split(',')
    .map(name => name.trim().toLowerCase())
    .filter(Boolean);
  let since: string | undefined;
  if (query.since !== undefined) {
    const time = Date.parse(query.since);
    if (Number.isNaN(time)) return validationFailed('since', query.since);
    since = new Date(time).toISOString();
  }
  const sort = query.sort === 'updated' ? 'updated' : 'created';
  const direction = query.direction === 'asc' ? 'asc' : 'desc';
  const entries = issueEntries(r.ctx)
    .map(entry => ({ entry, facts: entryFacts(entry) }))
    .filter(({ facts }) => {
      const labels = facts.labels.map(name => name.toLowerCase());
      return (
        matchesState(facts.closedAt, state) &&
        wanted.every(name => labels.includes(name)) &&
        // Timestamps are compared as instants: the data's are second-precision ISO.
        (since === undefined ||
          Date.parse(facts.updatedAt) >= Date.parse(since)) &&
        (query.creator === undefined ||
          facts.user.toLowerCase() === query.creator.toLowerCase())
      );
    })
    .sort((a, b) => {
      const key = (f: ReturnType<typeof entryFacts>) =>
        sort === 'updated' ? f.updatedAt : f.createdAt;
      const order =
        key(a.facts).localeCompare(key(b.facts)) ||
        a.facts.number - b.facts.number;
      return direction === 'asc' ? order : -order;
    });
  return list(r, entries, ({ entry }) => issueBody(r.ctx, entry));
}

function routeIssues(r: Request, rest: string[]): Reply | undefined {
  if (rest.length === 1) return listIssues(r);
  if (rest.length !== 2) return undefined;
  const number = positiveInteger(rest[1]);
  const entry = issueEntries(r.ctx).find(e => e.item.number === number);
  return entry ? ok(issueBody(r.ctx, entry)) : notFound();
}

// Actions

type Bounds = { from?: number; to?: number };

/** The instant a date or timestamp starts, and the instant just after it ends. */
function span(value: string): { start: number; end: number } | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start)
      ? undefined
      : { start, end: start + 24 * 3600_000 };
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const start = Date.parse(value);
  return Number.isNaN(start) ? undefined : { start, end: start + 1000 };
}

/**
 * GitHub's search syntax for dates, as the runs' `created` takes it:
 * `>=2024-05-01`, `>2024-05-01T10:00:00Z`, `<=…`, `<…`, `A..B` (either side
 * may be `*`), or one date (that whole day).
 */
export function parseDateQualifier(value: string): Bounds | undefined {
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) {
    const from = range[1] === '*' ? undefined : span(range[1]);
    const to = range[2] === '*' ? undefined : span(range[2]);
    if ((range[1] !== '*' && !from) || (range[2] !== '*' && !to)) {
      return undefined;
    }
    return { from: from?.start, to: to?.end };
  }
  const comparison = /^(>=|>|<=|<)?(.+)$/.exec(value)!;
  const bounds = span(comparison[2]);
  if (!bounds) return undefined;
  switch (comparison[1]) {
    case '>=':
      return { from: bounds.start };
    case '>':
      return { from: bounds.end };
    case '<=':
      return { to: bounds.end };
    case '<':
      return { to: bounds.start };
    default:
      return { from: bounds.start, to: bounds.end };
  }
}

function listRuns(r: Request, runs: FakeGithubWorkflowRun[]): Reply {
  const { query } = r.req;
  let created: Bounds = {};
  if (query.created !== undefined) {
    const bounds = parseDateQualifier(query.created);
    if (!bounds) return validationFailed('created', query.created);
    created = bounds;
  }
  const branch = r.ctx.repo.defaultBranch ?? 'main';
  const filtered = runs
    .filter(run => {
      const at = Date.parse(run.createdAt);
      return (
        (query.status === undefined ||
          run.status === query.status ||
          (run.status === 'completed' && run.conclusion === query.status)) &&
        (query.branch === undefined ||
          (run.headBranch ?? branch) === query.branch) &&
        (query.event === undefined || (run.event ?? 'push') === query.event) &&
        (query.head_sha === undefined || run.headSha === query.head_sha) &&
        (query.actor === undefined ||
          workflowRun(r.ctx, run).actor?.login.toLowerCase() ===
            query.actor.toLowerCase()) &&
        (created.from === undefined || at >= created.from) &&
        (created.to === undefined || at < created.to)
      );
    })
    .sort(
      byDesc(
        run => run.createdAt,
        run => run.id,
      ),
    );
  const page = paginate(filtered, query, {
    url: `${r.state.org.apiBaseUrl}${r.req.path}`,
    pageSizeLimit: r.state.pageSizeLimit,
  });
  return ok(
    {
      total_count: filtered.length,
      workflow_runs: page.items.map(run => workflowRun(r.ctx, run)),
    },
    page.link,
  );
}

/** A workflow by its id or its file name, e.g. 'deploy.yml'. */
function findWorkflow(r: Request, segment: string): FakeWorkflow | undefined {
  return workflowsOf(r.ctx).find(
    wf =>
      workflowFileName(wf.path) === segment ||
      String(workflowId(r.ctx, wf.path)) === segment,
  );
}

function routeActions(r: Request, rest: string[]): Reply | undefined {
  const runs = r.ctx.delivery.workflowRuns ?? [];
  if (rest[1] === 'runs') {
    if (rest.length === 2) return listRuns(r, runs);
    if (rest.length !== 3) return undefined;
    const run = runs.find(x => String(x.id) === rest[2]);
    return run ? ok(workflowRun(r.ctx, run)) : notFound();
  }
  if (rest[1] !== 'workflows') return undefined;
  if (rest.length === 2) {
    const workflows = workflowsOf(r.ctx);
    const page = paginate(workflows, r.req.query, {
      url: `${r.state.org.apiBaseUrl}${r.req.path}`,
      pageSizeLimit: r.state.pageSizeLimit,
    });
    return ok(
      {
        total_count: workflows.length,
        workflows: page.items.map(wf => workflow(r.ctx, wf)),
      },
      page.link,
    );
  }
  const wf = findWorkflow(r, rest[2]);
  if (!wf) return notFound();
  if (rest.length === 3) return ok(workflow(r.ctx, wf));
  if (rest.length === 4 && rest[3] === 'runs') {
    return listRuns(
      r,
      runs.filter(run => run.path === wf.path),
    );
  }
  return undefined;
}

// Releases

function routeReleases(r: Request, rest: string[]): Reply | undefined {
  const releases = [...(r.ctx.delivery.releases ?? [])].sort(
    byDesc(
      rel => rel.createdAt,
      rel => rel.id,
    ),
  );
  if (rest.length === 1) return list(r, releases, rel => release(r.ctx, rel));
  if (rest.length === 2 && rest[1] === 'latest') {
    const latest = releases.find(rel => !rel.draft && !rel.prerelease);
    return latest ? ok(release(r.ctx, latest)) : notFound();
  }
  if (rest.length === 3 && rest[1] === 'tags') {
    const tagged = releases.find(rel => rel.tagName === rest[2]);
    return tagged ? ok(release(r.ctx, tagged)) : notFound();
  }
  if (rest.length !== 2) return undefined;
  const rel = releases.find(x => String(x.id) === rest[1]);
  return rel ? ok(release(r.ctx, rel)) : notFound();
}

/**
 * Answers `/repos/{owner}/{repo}/<rest>` for the delivery history's routes;
 * undefined for any other path.
 */
export function routeDelivery(
  state: GithubState,
  repoCtx: RepoContext,
  rest: string[],
  req: RouteRequest,
): Reply | undefined {
  const ctx: DeliveryContext = {
    ...repoCtx,
    delivery: repoCtx.repo.delivery ?? {},
    members: state.members(),
  };
  const r: Request = { state, ctx, req };
  switch (rest[0]) {
    case 'deployments':
      return routeDeployments(r, rest);
    case 'pulls':
      return routePulls(r, rest);
    case 'issues':
      return routeIssues(r, rest);
    case 'actions':
      return routeActions(r, rest);
    case 'releases':
      return routeReleases(r, rest);
    default:
      return undefined;
  }
}
