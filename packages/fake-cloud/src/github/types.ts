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
  teams?: FakeGithubTeam[];
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
  /** When set, requests must send `Authorization: token X` or `Bearer X`, else 401. */
  token?: string;
};

export interface FakeGithubServer {
  /**
   * E.g. http://127.0.0.1:PORT — use as the octokit baseUrl / integrations.github apiBaseUrl.
   * GraphQL is at `${apiBaseUrl}/graphql`, where @octokit/graphql sends it for this base URL.
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
   * The next `times` requests whose path matches `pathPattern` fail with this
   * response (e.g. 403 with x-ratelimit-remaining: 0 and retry-after, 429, 500).
   * GraphQL requests match by their path, `/graphql` (or `/api/graphql`).
   */
  failNext(pathPattern: RegExp, fault: FakeGithubFault): void;
  close(): Promise<void>;
}
