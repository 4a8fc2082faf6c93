import type { operations } from '@octokit/openapi-types';

/** File content (utf8). */
export type FakeGithubFile = string;

export type FakeGithubTeamPermission =
  | 'admin'
  | 'maintain'
  | 'push'
  | 'triage'
  | 'pull';

export type FakeGithubTeam = {
  slug: string;
  /** Display name; defaults to the slug in title case ('checkout-squad' -> 'Checkout Squad'). */
  name?: string;
  permission: FakeGithubTeamPermission;
};

export type FakeGithubRepo = {
  name: string;
  description?: string | null;
  topics?: string[];
  language?: string | null;
  archived?: boolean;
  /** Defaults to 'private'. */
  visibility?: 'public' | 'private' | 'internal';
  /** Defaults to 'main'. */
  defaultBranch?: string;
  /** ISO timestamp; defaults to '2026-11-20T10:00:00Z'. */
  pushedAt?: string;
  /** ISO timestamp; defaults to '2022-01-10T09:00:00Z'. */
  createdAt?: string;
  /** Path -> content, e.g. 'catalog-info.yaml', '.github/CODEOWNERS', 'docs/runbooks/high-latency.md'. */
  files?: Record<string, FakeGithubFile>;
  /**
   * Path -> ISO timestamp the file last changed, e.g. for a stale runbook.
   * Each file's last change is a commit of its own (`GET /repos/{o}/{r}/commits?path=`);
   * files not listed last changed at `pushedAt`.
   */
  fileDates?: Record<string, string>;
  teams?: FakeGithubTeam[];
  /** The repository's delivery history: deployments, pull requests, incidents, runs, releases. */
  delivery?: FakeGithubDelivery;
  /**
   * The default branch's real history, newest first, for a repository
   * created through the API (`POST /orgs/{org}/repos`) and pushed to over
   * git: the fake serves these commits instead of the synthetic history it
   * derives from `files` (see commitHistory.ts). An empty list is a
   * repository without commits yet, which GitHub answers as empty.
   */
  commits?: FakeGithubGitCommit[];
  /** Settings, with GitHub's names, that `POST /orgs/{org}/repos` took; the fake serves its defaults for the others. */
  settings?: FakeGithubRepoSettings;
  /** Branch name -> its protection, as `PUT /repos/{o}/{r}/branches/{branch}/protection` took it. */
  branchProtection?: Record<string, FakeGithubBranchProtection>;
  /** People given access one by one (`PUT /repos/{o}/{r}/collaborators/{username}`). */
  collaborators?: FakeGithubCollaborator[];
};

type CreateRepoBody =
  operations['repos/create-in-org']['requestBody']['content']['application/json'];

export type FakeGithubRepoSettings = Partial<
  Pick<
    CreateRepoBody,
    | 'homepage'
    | 'has_issues'
    | 'has_projects'
    | 'has_wiki'
    | 'allow_squash_merge'
    | 'allow_merge_commit'
    | 'allow_rebase_merge'
    | 'allow_auto_merge'
    | 'delete_branch_on_merge'
    | 'squash_merge_commit_title'
    | 'squash_merge_commit_message'
  > & { allow_update_branch: boolean }
>;

/** The body of `PUT /repos/{o}/{r}/branches/{branch}/protection`, as GitHub's API takes it. */
export type FakeGithubBranchProtection =
  operations['repos/update-branch-protection']['requestBody']['content']['application/json'];

export type FakeGithubCollaborator = {
  login: string;
  /** As the request named it: pull, triage, push, maintain, admin (or a custom role). */
  permission: string;
  /** Not an organisation member: GitHub invited them, and they have not accepted yet. */
  invited?: boolean;
};

/** Who made a commit and when, as git records it. */
export type FakeGithubGitSignature = {
  name: string;
  email: string;
  /** ISO timestamp. */
  date: string;
};

/** A commit that reached a repository's default branch by a push. */
export type FakeGithubGitCommit = {
  sha: string;
  /** First parent first; none for a root commit. */
  parents: string[];
  /** The whole message, without its trailing newline. */
  message: string;
  author: FakeGithubGitSignature;
  committer: FakeGithubGitSignature;
  /** The files it changed, against its first parent. */
  changes: FakeGithubGitChange[];
};

export type FakeGithubGitChange = {
  path: string;
  status: 'added' | 'modified' | 'removed';
  /** The file's blob after the commit (before it, for a removed file). */
  sha: string;
  /** Lines, as `git diff --numstat` counts them; 0 for a binary file. */
  additions: number;
  deletions: number;
};

/** One status of a deployment, as `POST /repos/{o}/{r}/deployments/{id}/statuses` created it. */
export type FakeGithubDeploymentStatus = {
  state:
    | 'error'
    | 'failure'
    | 'inactive'
    | 'pending'
    | 'success'
    | 'queued'
    | 'in_progress';
  /** ISO timestamp. */
  createdAt: string;
  description?: string;
  /** Login of who created the status; defaults to 'github-actions[bot]'. */
  creator?: string;
  logUrl?: string;
};

/** A GitHub Deployment with its statuses (oldest first, as they were created). */
export type FakeGithubDeployment = {
  /** Unique across the fake; GitHub's deployment id. */
  id: number;
  sha: string;
  /** Defaults to the repository's default branch. */
  ref?: string;
  environment: string;
  /** ISO timestamp. */
  createdAt: string;
  description?: string | null;
  /** Login; defaults to 'github-actions[bot]'. */
  creator?: string;
  /** Defaults to 'deploy'. */
  task?: string;
  productionEnvironment?: boolean;
  statuses: FakeGithubDeploymentStatus[];
};

/** A commit of a pull request's head branch. */
export type FakeGithubCommit = {
  sha: string;
  message: string;
  /** Login of the author. */
  author: string;
  /** ISO timestamp: when it was authored (survives rebase and squash). */
  authoredAt: string;
  /** ISO timestamp; defaults to authoredAt. */
  committedAt?: string;
  /**
   * Who authored and committed it as git recorded them, for a commit made
   * through the git data API (`POST /repos/{o}/{r}/git/commits`); else the
   * author's name and email come from the organisation's member `author`.
   */
  git?: {
    author: FakeGithubGitSignature;
    committer: FakeGithubGitSignature;
    /** Its root tree's SHA. */
    tree: string;
  };
};

export type FakeGithubReview = {
  id: number;
  /** Login of the reviewer. */
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  /** ISO timestamp. */
  submittedAt: string;
  body?: string;
};

export type FakeGithubPullRequest = {
  number: number;
  title: string;
  body?: string | null;
  /** Login of the author. */
  user: string;
  /** ISO timestamp: when the PR was opened. */
  createdAt: string;
  /** ISO timestamp; defaults to mergedAt ?? closedAt ?? createdAt. */
  updatedAt?: string;
  /** Set for merged PRs. */
  mergedAt?: string;
  /** Set for closed PRs (merged ones default to mergedAt). */
  closedAt?: string;
  /** The commit the merge created on the base branch (squash, merge or rebase). */
  mergeCommitSha?: string;
  /** Defaults to 'feature/<number>'. */
  headRef?: string;
  /** Defaults to the repository's default branch. */
  baseRef?: string;
  labels?: string[];
  commits: FakeGithubCommit[];
  reviews?: FakeGithubReview[];
  /** Defaults to false. */
  draft?: boolean;
  /**
   * The base branch's head commit when the pull request was opened; defaults
   * to the latest merge before `createdAt` (see deliveryResponses.ts).
   */
  baseSha?: string;
  /**
   * The files it changes against its base, for a pull request opened
   * through the API (`POST /repos/{o}/{r}/pulls`); otherwise its sizes are
   * made up (stable per pull request) and its files are not served.
   */
  files?: FakeGithubGitChange[];
};

/** An issue (not a pull request). */
export type FakeGithubIssue = {
  number: number;
  title: string;
  body?: string | null;
  user: string;
  labels: string[];
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp; set when closed. */
  closedAt?: string;
  /** ISO timestamp; defaults to closedAt ?? createdAt. */
  updatedAt?: string;
};

/** A GitHub Actions workflow run. */
export type FakeGithubWorkflowRun = {
  /** Unique across the fake. */
  id: number;
  /** The workflow's name, e.g. 'Deploy'. */
  name: string;
  /** The workflow file, e.g. '.github/workflows/deploy.yml'. */
  path: string;
  headSha: string;
  /** Defaults to the repository's default branch. */
  headBranch?: string;
  /** Defaults to 'push'. */
  event?: string;
  /**
   * Login of who triggered the run; defaults to the author of the pull
   * request that headSha merged or belongs to, else 'github-actions[bot]'.
   */
  actor?: string;
  status: 'completed' | 'in_progress' | 'queued';
  conclusion?:
    | 'success'
    | 'failure'
    | 'cancelled'
    | 'skipped'
    | 'timed_out'
    | null;
  /** ISO timestamps. */
  createdAt: string;
  runStartedAt?: string;
  /** When the run last changed: for a completed run, when it finished. */
  updatedAt: string;
  runNumber?: number;
  /** Defaults to 1. */
  runAttempt?: number;
};

export type FakeGithubRelease = {
  /** Unique across the fake. */
  id: number;
  tagName: string;
  name?: string | null;
  /** Defaults to the repository's default branch. */
  targetCommitish?: string;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
  /** ISO timestamps. */
  createdAt: string;
  publishedAt?: string | null;
  /** Login; defaults to 'github-actions[bot]'. */
  author?: string;
};

export type FakeGithubDelivery = {
  deployments?: FakeGithubDeployment[];
  pullRequests?: FakeGithubPullRequest[];
  issues?: FakeGithubIssue[];
  workflowRuns?: FakeGithubWorkflowRun[];
  releases?: FakeGithubRelease[];
};

/** A member of the organisation (a GitHub user). */
export type FakeGithubMember = {
  login: string;
  /** Profile name. */
  name?: string;
  /** The public profile email; GitHub answers '' when there is none. */
  email?: string;
  bio?: string;
  /** Defaults to an avatars.githubusercontent.com URL derived from the user id. */
  avatarUrl?: string;
  /** Emails on the organisation's verified domains (GraphQL `organizationVerifiedDomainEmails`). */
  verifiedEmails?: string[];
  /** Organisation role; defaults to 'MEMBER'. */
  role?: 'ADMIN' | 'MEMBER';
};

/** A team of the organisation, with its immediate members. */
export type FakeGithubOrgTeam = {
  slug: string;
  /** Display name; defaults to the slug in title case. */
  name?: string;
  description?: string | null;
  /** The parent team's slug. */
  parent?: string;
  /** Logins of the team's immediate members (each must be an org member). */
  members: string[];
  /** Logins among `members` who maintain the team. */
  maintainers?: string[];
};

export type FakeGithubOrg = {
  login: string;
  name?: string;
  repos: FakeGithubRepo[];
  /** Organisation members; served by GraphQL `membersWithRole`. */
  members?: FakeGithubMember[];
  /** Organisation teams; served by GraphQL `teams`, and used to describe repository teams over REST. */
  teams?: FakeGithubOrgTeam[];
};

export type FakeGithubRequest = {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  status: number;
  /** For GraphQL requests: the operation's name and its rate-limit cost. */
  graphql?: { operationName?: string; cost: number };
};

export type FakeGithubFault = {
  status: number;
  headers?: Record<string, string>;
  /** Defaults to a basic-error whose message suits the status. */
  body?: unknown;
  /** How many matching requests fail; defaults to 1. */
  times?: number;
  /** How many matching requests to let through before failing (e.g. fail page 2, not page 1); defaults to 0. */
  skip?: number;
};

export type FakeGithubOptions = {
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /** Largest `per_page` honoured; defaults to 100 like GitHub. */
  pageSizeLimit?: number;
  /**
   * When set, requests must send `Authorization: token X` or `Bearer X`, else
   * 401; git over HTTP must send Basic auth with X as the password (any user
   * name, e.g. `x-access-token`, as GitHub takes an app's token).
   */
  token?: string;
};

/**
 * A pull request opened through the API (`POST /repos/{o}/{r}/pulls`, as
 * the scaffolder's `publish:github:pull-request` does), as
 * `FakeGithubServer.pullRequests()` reports it.
 */
export type FakeGithubOpenedPullRequest = {
  number: number;
  /** https://github.com/{org}/{repo}/pull/{number} */
  htmlUrl: string;
  title: string;
  body: string | null;
  /** The head branch, e.g. `runbook/CheckoutHighLatency`. */
  head: string;
  /** The base branch, e.g. `main`. */
  base: string;
  /** The head branch's commit when the pull request was opened or last updated. */
  headSha: string;
  draft: boolean;
  state: 'open' | 'closed';
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  /** What the head branch changes against the base, by path. */
  files: FakeGithubGitChange[];
};

export interface FakeGithubServer {
  /**
   * E.g. http://127.0.0.1:PORT — use as the octokit baseUrl / integrations.github apiBaseUrl.
   * GraphQL is at `${apiBaseUrl}/graphql`, where @octokit/graphql sends it for this base URL.
   * Repositories created through the API are served over git at `${apiBaseUrl}/{org}/{name}.git`
   * (their `clone_url`).
   */
  readonly apiBaseUrl: string;
  /** Every request served so far, oldest first. */
  readonly requests: FakeGithubRequest[];
  /** Replace the org's repositories (simulate repos created/deleted upstream). */
  setRepos(repos: FakeGithubRepo[]): void;
  /** Replace the org's members (simulate people joining/leaving). */
  setMembers(members: FakeGithubMember[]): void;
  /** Replace the org's teams. */
  setTeams(teams: FakeGithubOrgTeam[]): void;
  /**
   * A copy of the repository as it is now (case-insensitive name), with what
   * the API and git pushes changed: files, commits, topics, teams, branch
   * protection, collaborators; undefined if there is none.
   */
  repo(name: string): FakeGithubRepo | undefined;
  /**
   * The pull requests opened through the API on a repository (not its
   * delivery history's), oldest first; [] for an unknown repository.
   */
  pullRequests(repo: string): FakeGithubOpenedPullRequest[];
  /**
   * A branch's files, path -> utf8 content: a branch created through the
   * git data API (`POST /repos/{o}/{r}/git/refs`), or the default branch;
   * undefined for a branch (or repository) that does not exist.
   */
  branchFiles(repo: string, branch: string): Record<string, string> | undefined;
  /**
   * The next `times` requests whose path matches `pathPattern` fail with this
   * response (e.g. 403 with x-ratelimit-remaining: 0 and retry-after, 429, 500).
   * GraphQL requests match by their path, `/graphql` (or `/api/graphql`);
   * git over HTTP by theirs, e.g. `/acme/rockets.git/git-receive-pack`.
   */
  failNext(pathPattern: RegExp, fault: FakeGithubFault): void;
  close(): Promise<void>;
}
