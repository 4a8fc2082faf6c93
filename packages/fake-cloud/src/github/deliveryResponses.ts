import type { components } from '@octokit/openapi-types';
import { createHash } from 'node:crypto';
import {
  deliveryId,
  deliveryIdBase,
  legacyNodeId,
  userId,
} from './identifiers';
import {
  minimalRepository,
  repository,
  RepoContext,
  WEB_BASE_URL,
} from './responses';
import {
  FakeGithubCommit,
  FakeGithubDelivery,
  FakeGithubDeployment,
  FakeGithubDeploymentStatus,
  FakeGithubIssue,
  FakeGithubMember,
  FakeGithubPullRequest,
  FakeGithubRelease,
  FakeGithubReview,
  FakeGithubWorkflowRun,
} from './types';

/**
 * Response bodies for a repository's delivery history — deployments, pull
 * requests, issues, workflow runs, releases — typed after GitHub's OpenAPI
 * description like those of responses.ts.
 */

type Schemas = components['schemas'];

export const DEFAULT_BOT = 'github-actions[bot]';

/** A repository, its delivery history and the organisation's people, with what bodies derive from them. */
export type DeliveryContext = RepoContext & {
  delivery: FakeGithubDelivery;
  members: FakeGithubMember[];
};

type CommitFacts = {
  message: string;
  author: string;
  authoredAt: string;
  committedAt: string;
  /** Set for squash-merge commits, which GitHub commits as itself. */
  committedByGithub?: boolean;
};

/** What bodies derive from the whole repository, worked out once per request. */
type Derived = {
  repository: Schemas['repository'];
  minimalRepository: Schemas['minimal-repository'];
  /** Merged pull requests by merge time, oldest first. */
  merges: FakeGithubPullRequest[];
  commits: Map<string, CommitFacts>;
  members: Map<string, FakeGithubMember>;
};

const derivedCache = new WeakMap<DeliveryContext, Derived>();

function derived(ctx: DeliveryContext): Derived {
  let value = derivedCache.get(ctx);
  if (!value) {
    const pulls = ctx.delivery.pullRequests ?? [];
    const merges = pulls
      .filter(pr => pr.mergedAt && pr.mergeCommitSha)
      .sort((a, b) => a.mergedAt!.localeCompare(b.mergedAt!));
    const commits = new Map<string, CommitFacts>();
    for (const pr of pulls) {
      for (const c of pr.commits) {
        commits.set(c.sha, {
          message: c.message,
          author: c.author,
          authoredAt: c.authoredAt,
          committedAt: c.committedAt ?? c.authoredAt,
        });
      }
    }
    for (const pr of merges) {
      commits.set(pr.mergeCommitSha!, {
        message: squashMessage(pr),
        author: pr.user,
        authoredAt: pr.mergedAt!,
        committedAt: pr.mergedAt!,
        committedByGithub: true,
      });
    }
    value = {
      repository: repository(ctx),
      minimalRepository: minimalRepository(ctx),
      merges,
      commits,
      members: new Map(ctx.members.map(m => [m.login.toLowerCase(), m])),
    };
    derivedCache.set(ctx, value);
  }
  return value;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** GitHub's default squash commit message: the title and number, then the commits' messages. */
function squashMessage(pr: FakeGithubPullRequest): string {
  const bullets = pr.commits.map(c => `* ${c.message.split('\n')[0]}`);
  return `${pr.title} (#${pr.number})\n\n${bullets.join('\n\n')}`;
}

function fullName(ctx: DeliveryContext): string {
  return `${ctx.login}/${ctx.repo.name}`;
}

function repoApiUrl(ctx: DeliveryContext): string {
  return `${ctx.apiBaseUrl}/repos/${fullName(ctx)}`;
}

function repoHtmlUrl(ctx: DeliveryContext): string {
  return `${WEB_BASE_URL}/${fullName(ctx)}`;
}

function defaultBranch(ctx: DeliveryContext): string {
  return ctx.repo.defaultBranch ?? 'main';
}

const isBot = (login: string) => login.endsWith('[bot]');

export function simpleUser(
  ctx: DeliveryContext,
  login: string,
): Schemas['simple-user'] {
  const member = derived(ctx).members.get(login.toLowerCase());
  const id = userId(login);
  const url = `${ctx.apiBaseUrl}/users/${encodeURIComponent(login)}`;
  const bot = isBot(login);
  return {
    ...(member?.name ? { name: member.name } : {}),
    login,
    id,
    node_id: legacyNodeId(bot ? 'Bot' : 'User', id),
    avatar_url:
      member?.avatarUrl ?? `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: bot
      ? `${WEB_BASE_URL}/apps/${login.replace(/\[bot\]$/, '')}`
      : `${WEB_BASE_URL}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: bot ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

function authorAssociation(
  ctx: DeliveryContext,
  login: string,
): Schemas['author-association'] {
  return derived(ctx).members.has(login.toLowerCase()) ? 'MEMBER' : 'NONE';
}

/** A person as git records them: name and email. */
export function gitPerson(
  ctx: DeliveryContext,
  login: string,
): { name: string; email: string } {
  const member = derived(ctx).members.get(login.toLowerCase());
  return {
    name: member?.name ?? login,
    email:
      member?.email || `${userId(login)}+${login}@users.noreply.github.com`,
  };
}

const GITHUB_COMMITTER = { name: 'GitHub', email: 'noreply@github.com' };

// Deployments

/** When the deployment last changed: its latest status, else its creation. */
export function deploymentUpdatedAt(d: FakeGithubDeployment): string {
  return d.statuses.reduce(
    (latest, status) => (status.createdAt > latest ? status.createdAt : latest),
    d.createdAt,
  );
}

export function deployment(
  ctx: DeliveryContext,
  d: FakeGithubDeployment,
): Schemas['deployment'] {
  const r = repoApiUrl(ctx);
  const production =
    d.productionEnvironment ?? /^prod(uction)?\b/i.test(d.environment);
  return {
    url: `${r}/deployments/${d.id}`,
    id: d.id,
    node_id: legacyNodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref ?? defaultBranch(ctx),
    task: d.task ?? 'deploy',
    payload: {},
    original_environment: d.environment,
    environment: d.environment,
    description: d.description ?? null,
    creator: simpleUser(ctx, d.creator ?? DEFAULT_BOT),
    created_at: d.createdAt,
    updated_at: deploymentUpdatedAt(d),
    statuses_url: `${r}/deployments/${d.id}/statuses`,
    repository_url: r,
    transient_environment: false,
    production_environment: production,
  };
}

/** Statuses are numbered after their deployment, in creation order. */
function deploymentStatusId(
  ctx: DeliveryContext,
  d: FakeGithubDeployment,
  index: number,
): number {
  // A deployment's position in its repository's block, or (for an id from
  // elsewhere) its id's last digits: room for 100 statuses each.
  let position = d.id - deliveryIdBase('deployment', fullName(ctx));
  if (position < 0 || position >= 10_000) position = d.id % 10_000;
  return deliveryId('deployment-status', fullName(ctx), position * 100 + index);
}

export function deploymentStatus(
  ctx: DeliveryContext,
  d: FakeGithubDeployment,
  status: FakeGithubDeploymentStatus,
  index: number,
): Schemas['deployment-status'] {
  const r = repoApiUrl(ctx);
  const id = deploymentStatusId(ctx, d, index);
  return {
    url: `${r}/deployments/${d.id}/statuses/${id}`,
    id,
    node_id: legacyNodeId('DeploymentStatus', id),
    state: status.state,
    creator: simpleUser(ctx, status.creator ?? DEFAULT_BOT),
    description: status.description ?? '',
    environment: d.environment,
    target_url: status.logUrl ?? '',
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: `${r}/deployments/${d.id}`,
    repository_url: r,
    environment_url: '',
    log_url: status.logUrl ?? '',
  };
}

// Labels

const LABEL_COLORS: Record<string, [string, string]> = {
  bug: ['d73a4a', "Something isn't working"],
  enhancement: ['a2eeef', 'New feature or request'],
  feature: ['a2eeef', 'A new capability'],
  dependencies: ['0366d6', 'Pull requests that update a dependency file'],
  incident: ['b60205', 'A production incident'],
  revert: ['e4e669', 'Reverts an earlier change'],
  hotfix: ['fbca04', 'Shipped outside the usual release train'],
  chore: ['ededed', 'Maintenance'],
  sev1: ['b60205', 'Severity 1: customers cannot buy'],
  sev2: ['d93f0b', 'Severity 2: degraded for many customers'],
  sev3: ['fbca04', 'Severity 3: degraded for some customers'],
};

const DEFAULT_LABELS = new Set(['bug', 'enhancement']);

type Label = {
  id: number;
  node_id: string;
  url: string;
  name: string;
  description: string;
  color: string;
  default: boolean;
};

function label(ctx: DeliveryContext, name: string): Label {
  const id = deliveryId('label', fullName(ctx), name.toLowerCase());
  const [color, description] = LABEL_COLORS[name.toLowerCase()] ?? [
    sha1(name).slice(0, 6),
    '',
  ];
  return {
    id,
    node_id: legacyNodeId('Label', id),
    url: `${repoApiUrl(ctx)}/labels/${encodeURIComponent(name)}`,
    name,
    description,
    color,
    default: DEFAULT_LABELS.has(name.toLowerCase()),
  };
}

// Pull requests

export function pullRequestUpdatedAt(pr: FakeGithubPullRequest): string {
  return pr.updatedAt ?? pr.mergedAt ?? pr.closedAt ?? pr.createdAt;
}

export function pullRequestClosedAt(
  pr: FakeGithubPullRequest,
): string | undefined {
  return pr.closedAt ?? pr.mergedAt;
}

function headSha(ctx: DeliveryContext, pr: FakeGithubPullRequest): string {
  return (
    pr.commits[pr.commits.length - 1]?.sha ??
    sha1(`${fullName(ctx)}:head:${pr.number}`)
  );
}

/** The base branch's tip when the pull request was opened: as recorded, else the latest merge before it. */
function baseSha(ctx: DeliveryContext, pr: FakeGithubPullRequest): string {
  if (pr.baseSha) return pr.baseSha;
  const { merges } = derived(ctx);
  let sha = sha1(`${fullName(ctx)}:base`);
  for (const merge of merges) {
    if (merge.mergedAt! > pr.createdAt) break;
    sha = merge.mergeCommitSha!;
  }
  return sha;
}

function headRef(pr: FakeGithubPullRequest): string {
  return pr.headRef ?? `feature/${pr.number}`;
}

function pullRequestCore(ctx: DeliveryContext, pr: FakeGithubPullRequest) {
  const r = repoApiUrl(ctx);
  const html = `${repoHtmlUrl(ctx)}/pull/${pr.number}`;
  const self = `${r}/pulls/${pr.number}`;
  const head = headSha(ctx, pr);
  const base = pr.baseRef ?? defaultBranch(ctx);
  const owner = simpleUser(ctx, ctx.login);
  const { repository: repo } = derived(ctx);
  const id = deliveryId('pull-request', fullName(ctx), pr.number);
  const closedAt = pullRequestClosedAt(pr);
  const links = {
    self: { href: self },
    html: { href: html },
    issue: { href: `${r}/issues/${pr.number}` },
    comments: { href: `${r}/issues/${pr.number}/comments` },
    review_comments: { href: `${self}/comments` },
    review_comment: { href: `${r}/pulls/comments{/number}` },
    commits: { href: `${self}/commits` },
    statuses: { href: `${r}/statuses/${head}` },
  };
  return {
    url: self,
    id,
    node_id: legacyNodeId('PullRequest', id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${r}/issues/${pr.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${r}/pulls/comments{/number}`,
    comments_url: `${r}/issues/${pr.number}/comments`,
    statuses_url: `${r}/statuses/${head}`,
    number: pr.number,
    state: closedAt ? ('closed' as const) : ('open' as const),
    locked: false,
    title: pr.title,
    user: simpleUser(ctx, pr.user),
    body: pr.body ?? null,
    labels: (pr.labels ?? []).map(name => label(ctx, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pullRequestUpdatedAt(pr),
    closed_at: closedAt ?? null,
    merged_at: pr.mergedAt ?? null,
    merge_commit_sha: pr.mergeCommitSha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${ctx.login}:${headRef(pr)}`,
      ref: headRef(pr),
      repo,
      sha: head,
      user: owner,
    },
    base: {
      label: `${ctx.login}:${base}`,
      ref: base,
      repo,
      sha: baseSha(ctx, pr),
      user: owner,
    },
    _links: links,
    author_association: authorAssociation(ctx, pr.user),
    auto_merge: null,
    draft: pr.draft ?? false,
  };
}

export function pullRequestSimple(
  ctx: DeliveryContext,
  pr: FakeGithubPullRequest,
): Schemas['pull-request-simple'] {
  return pullRequestCore(ctx, pr);
}

export function pullRequest(
  ctx: DeliveryContext,
  pr: FakeGithubPullRequest,
): Schemas['pull-request'] {
  const merged = Boolean(pr.mergedAt);
  const open = !pullRequestClosedAt(pr);
  return {
    ...pullRequestCore(ctx, pr),
    merged,
    mergeable: open ? true : null,
    rebaseable: open ? true : null,
    mergeable_state: open ? 'clean' : 'unknown',
    merged_by: merged ? simpleUser(ctx, pr.user) : null,
    comments: 0,
    review_comments: (pr.reviews ?? []).filter(
      rv => rv.state === 'CHANGES_REQUESTED',
    ).length,
    maintainer_can_modify: false,
    commits: pr.commits.length,
    ...pullRequestSize(ctx, pr),
  };
}

/**
 * Lines and files a pull request changes: counted from its files when it
 * was opened through the API; otherwise made up, but stable per pull request.
 */
function pullRequestSize(ctx: DeliveryContext, pr: FakeGithubPullRequest) {
  if (pr.files) {
    return {
      additions: pr.files.reduce((sum, f) => sum + f.additions, 0),
      deletions: pr.files.reduce((sum, f) => sum + f.deletions, 0),
      changed_files: pr.files.length,
    };
  }
  const size = parseInt(sha1(`${fullName(ctx)}#${pr.number}`).slice(0, 6), 16);
  const files = 1 + (size % 12);
  return {
    additions: files * (3 + (size % 40)),
    deletions: files * (size % 9),
    changed_files: files,
  };
}

/**
 * `GET /repos/{o}/{r}/pulls/{n}/files`, for a pull request opened through
 * the API (undefined for the delivery history's, whose files are not known).
 */
export function pullRequestFiles(
  ctx: DeliveryContext,
  pr: FakeGithubPullRequest,
): Schemas['diff-entry'][] | undefined {
  if (!pr.files) return undefined;
  const head = headSha(ctx, pr);
  const r = repoApiUrl(ctx);
  const html = repoHtmlUrl(ctx);
  return pr.files.map(file => {
    const path = file.path.split('/').map(encodeURIComponent).join('/');
    return {
      sha: file.sha,
      filename: file.path,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
      blob_url: `${html}/blob/${head}/${path}`,
      raw_url: `${html}/raw/${head}/${path}`,
      contents_url: `${r}/contents/${path}?ref=${head}`,
    };
  });
}

export function commit(
  ctx: DeliveryContext,
  c: FakeGithubCommit,
  parentSha: string,
): Schemas['commit'] {
  const r = repoApiUrl(ctx);
  const tree = c.git?.tree ?? sha1(`tree:${c.sha}`);
  return {
    url: `${r}/commits/${c.sha}`,
    sha: c.sha,
    node_id: legacyNodeId('Commit', c.sha),
    html_url: `${repoHtmlUrl(ctx)}/commit/${c.sha}`,
    comments_url: `${r}/commits/${c.sha}/comments`,
    commit: {
      url: `${r}/git/commits/${c.sha}`,
      author: c.git
        ? { ...c.git.author }
        : { ...gitPerson(ctx, c.author), date: c.authoredAt },
      committer: c.git
        ? { ...c.git.committer }
        : { ...gitPerson(ctx, c.author), date: c.committedAt ?? c.authoredAt },
      message: c.message,
      comment_count: 0,
      tree: { sha: tree, url: `${r}/git/trees/${tree}` },
      verification: {
        verified: false,
        reason: 'unsigned',
        payload: null,
        signature: null,
        verified_at: null,
      },
    },
    author: simpleUser(ctx, c.author),
    committer: simpleUser(ctx, c.author),
    parents: [
      {
        sha: parentSha,
        url: `${r}/commits/${parentSha}`,
        html_url: `${repoHtmlUrl(ctx)}/commit/${parentSha}`,
      },
    ],
  };
}

/** A pull request's commits, each the parent of the next, the first on the base. */
export function pullRequestCommits(
  ctx: DeliveryContext,
  pr: FakeGithubPullRequest,
): Schemas['commit'][] {
  let parent = baseSha(ctx, pr);
  return pr.commits.map(c => {
    const body = commit(ctx, c, parent);
    parent = c.sha;
    return body;
  });
}

export function review(
  ctx: DeliveryContext,
  pr: FakeGithubPullRequest,
  rv: FakeGithubReview,
): Schemas['pull-request-review'] {
  const html = `${repoHtmlUrl(ctx)}/pull/${pr.number}#pullrequestreview-${
    rv.id
  }`;
  const prUrl = `${repoApiUrl(ctx)}/pulls/${pr.number}`;
  // The head the reviewer saw: the last commit pushed before the review.
  const seen = [...pr.commits]
    .reverse()
    .find(c => (c.committedAt ?? c.authoredAt) <= rv.submittedAt);
  return {
    id: rv.id,
    node_id: legacyNodeId('PullRequestReview', rv.id),
    user: simpleUser(ctx, rv.user),
    body: rv.body ?? '',
    state: rv.state,
    html_url: html,
    pull_request_url: prUrl,
    _links: { html: { href: html }, pull_request: { href: prUrl } },
    submitted_at: rv.submittedAt,
    commit_id: (seen ?? pr.commits[0])?.sha ?? null,
    author_association: authorAssociation(ctx, rv.user),
  };
}

// Issues

export function issueUpdatedAt(i: FakeGithubIssue): string {
  return i.updatedAt ?? i.closedAt ?? i.createdAt;
}

function issueCore(ctx: DeliveryContext, number: number) {
  const r = repoApiUrl(ctx);
  const self = `${r}/issues/${number}`;
  const id = deliveryId('issue', fullName(ctx), number);
  return {
    id,
    node_id: legacyNodeId('Issue', id),
    url: self,
    repository_url: r,
    labels_url: `${self}/labels{/name}`,
    comments_url: `${self}/comments`,
    events_url: `${self}/events`,
    timeline_url: `${self}/timeline`,
    number,
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
  };
}

export function issue(
  ctx: DeliveryContext,
  i: FakeGithubIssue,
): Schemas['issue'] {
  return {
    ...issueCore(ctx, i.number),
    html_url: `${repoHtmlUrl(ctx)}/issues/${i.number}`,
    state: i.closedAt ? 'closed' : 'open',
    state_reason: i.closedAt ? 'completed' : null,
    title: i.title,
    body: i.body ?? null,
    user: simpleUser(ctx, i.user),
    labels: i.labels.map(name => label(ctx, name)),
    closed_at: i.closedAt ?? null,
    created_at: i.createdAt,
    updated_at: issueUpdatedAt(i),
    author_association: authorAssociation(ctx, i.user),
  };
}

/** A pull request as the issues API lists it: an issue with a `pull_request` field. */
export function pullRequestAsIssue(
  ctx: DeliveryContext,
  pr: FakeGithubPullRequest,
): Schemas['issue'] {
  const html = `${repoHtmlUrl(ctx)}/pull/${pr.number}`;
  const closedAt = pullRequestClosedAt(pr);
  return {
    ...issueCore(ctx, pr.number),
    html_url: html,
    state: closedAt ? 'closed' : 'open',
    state_reason: null,
    title: pr.title,
    body: pr.body ?? null,
    user: simpleUser(ctx, pr.user),
    labels: (pr.labels ?? []).map(name => label(ctx, name)),
    closed_at: closedAt ?? null,
    created_at: pr.createdAt,
    updated_at: pullRequestUpdatedAt(pr),
    draft: false,
    pull_request: {
      url: `${repoApiUrl(ctx)}/pulls/${pr.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: pr.mergedAt ?? null,
    },
    author_association: authorAssociation(ctx, pr.user),
  };
}

// Workflows and their runs

export type FakeWorkflow = { name: string; path: string };

/** The file name a workflow is also addressed by, e.g. 'deploy.yml'. */
export function workflowFileName(path: string): string {
  return path.split('/').pop() ?? path;
}

export function workflowId(ctx: DeliveryContext, path: string): number {
  return deliveryId('workflow', fullName(ctx), path);
}

/**
 * The repository's workflows: those its runs name, and the other files of
 * .github/workflows (named by their `name:` line, else their path).
 */
export function workflowsOf(ctx: DeliveryContext): FakeWorkflow[] {
  const byPath = new Map<string, FakeWorkflow>();
  for (const run of ctx.delivery.workflowRuns ?? []) {
    if (!byPath.has(run.path)) {
      byPath.set(run.path, { name: run.name, path: run.path });
    }
  }
  for (const [path, content] of Object.entries(ctx.repo.files ?? {})) {
    if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) && !byPath.has(path)) {
      const name = /^name:\s*(.+)$/m.exec(content)?.[1].trim();
      byPath.set(path, { name: name ?? path, path });
    }
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

export function workflow(
  ctx: DeliveryContext,
  wf: FakeWorkflow,
): Schemas['workflow'] {
  const id = workflowId(ctx, wf.path);
  const created = ctx.repo.createdAt ?? '2022-01-10T09:00:00Z';
  return {
    id,
    node_id: legacyNodeId('Workflow', id),
    name: wf.name,
    path: wf.path,
    state: 'active',
    created_at: created,
    updated_at: created,
    url: `${repoApiUrl(ctx)}/actions/workflows/${id}`,
    html_url: `${repoHtmlUrl(ctx)}/blob/${defaultBranch(ctx)}/${wf.path}`,
    badge_url: `${repoHtmlUrl(ctx)}/workflows/${encodeURIComponent(
      wf.name,
    )}/badge.svg`,
  };
}

/** The pull request a run's head belongs to: the one it was merged by, or whose branch it is. */
function pullRequestOfRun(
  ctx: DeliveryContext,
  run: FakeGithubWorkflowRun,
): FakeGithubPullRequest | undefined {
  const pulls = ctx.delivery.pullRequests ?? [];
  return (
    pulls.find(pr => pr.mergeCommitSha === run.headSha) ??
    pulls.find(pr => pr.commits.some(c => c.sha === run.headSha))
  );
}

export function workflowRun(
  ctx: DeliveryContext,
  run: FakeGithubWorkflowRun,
): Schemas['workflow-run'] {
  const r = repoApiUrl(ctx);
  const self = `${r}/actions/runs/${run.id}`;
  const wfId = workflowId(ctx, run.path);
  const runBase = deliveryIdBase('workflow-run', fullName(ctx));
  const checkSuiteId = deliveryId(
    'check-suite',
    fullName(ctx),
    Math.max(0, run.id - runBase),
  );
  const event = run.event ?? 'push';
  const headBranch = run.headBranch ?? defaultBranch(ctx);
  const pr = pullRequestOfRun(ctx, run);
  const facts = derived(ctx).commits.get(run.headSha);
  const actor = simpleUser(ctx, run.actor ?? pr?.user ?? DEFAULT_BOT);
  const headCommit = facts
    ? {
        id: run.headSha,
        tree_id: sha1(`tree:${run.headSha}`),
        message: facts.message,
        timestamp: facts.committedAt,
        author: gitPerson(ctx, facts.author),
        committer: facts.committedByGithub
          ? GITHUB_COMMITTER
          : gitPerson(ctx, facts.author),
      }
    : null;
  const minimal = derived(ctx).minimalRepository;
  const pullRequests =
    event === 'pull_request' && pr
      ? [
          {
            id: deliveryId('pull-request', fullName(ctx), pr.number),
            number: pr.number,
            url: `${r}/pulls/${pr.number}`,
            head: {
              ref: headRef(pr),
              sha: run.headSha,
              repo: { id: minimal.id, url: r, name: ctx.repo.name },
            },
            base: {
              ref: pr.baseRef ?? defaultBranch(ctx),
              sha: baseSha(ctx, pr),
              repo: { id: minimal.id, url: r, name: ctx.repo.name },
            },
          },
        ]
      : [];
  const displayTitle =
    event === 'pull_request' && pr
      ? pr.title
      : facts?.message.split('\n')[0] ?? run.name;
  return {
    id: run.id,
    name: run.name,
    node_id: legacyNodeId('WorkflowRun', run.id),
    check_suite_id: checkSuiteId,
    check_suite_node_id: legacyNodeId('CheckSuite', checkSuiteId),
    head_branch: headBranch,
    head_sha: run.headSha,
    path: run.path,
    run_number: run.runNumber ?? 1,
    run_attempt: run.runAttempt ?? 1,
    referenced_workflows: [],
    event,
    status: run.status,
    conclusion: run.status === 'completed' ? run.conclusion ?? null : null,
    workflow_id: wfId,
    url: self,
    html_url: `${repoHtmlUrl(ctx)}/actions/runs/${run.id}`,
    pull_requests: pullRequests,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor,
    triggering_actor: actor,
    run_started_at: run.runStartedAt ?? run.createdAt,
    jobs_url: `${self}/jobs`,
    logs_url: `${self}/logs`,
    check_suite_url: `${r}/check-suites/${checkSuiteId}`,
    artifacts_url: `${self}/artifacts`,
    cancel_url: `${self}/cancel`,
    rerun_url: `${self}/rerun`,
    previous_attempt_url:
      (run.runAttempt ?? 1) > 1
        ? `${self}/attempts/${(run.runAttempt ?? 1) - 1}`
        : null,
    workflow_url: `${r}/actions/workflows/${wfId}`,
    head_commit: headCommit,
    repository: minimal,
    head_repository: minimal,
    display_title: displayTitle,
  };
}

// Releases

export function release(
  ctx: DeliveryContext,
  rel: FakeGithubRelease,
): Schemas['release'] {
  const r = repoApiUrl(ctx);
  const tag = encodeURIComponent(rel.tagName);
  let publishedAt = rel.publishedAt;
  if (publishedAt === undefined) publishedAt = rel.draft ? null : rel.createdAt;
  return {
    url: `${r}/releases/${rel.id}`,
    html_url: `${repoHtmlUrl(ctx)}/releases/tag/${tag}`,
    assets_url: `${r}/releases/${rel.id}/assets`,
    upload_url: `https://uploads.github.com/repos/${fullName(ctx)}/releases/${
      rel.id
    }/assets{?name,label}`,
    tarball_url: `${r}/tarball/${tag}`,
    zipball_url: `${r}/zipball/${tag}`,
    id: rel.id,
    node_id: legacyNodeId('Release', rel.id),
    tag_name: rel.tagName,
    target_commitish: rel.targetCommitish ?? defaultBranch(ctx),
    name: rel.name ?? rel.tagName,
    body: rel.body ?? null,
    draft: rel.draft ?? false,
    prerelease: rel.prerelease ?? false,
    created_at: rel.createdAt,
    published_at: publishedAt,
    author: simpleUser(ctx, rel.author ?? DEFAULT_BOT),
    assets: [],
  };
}
