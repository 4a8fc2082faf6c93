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

export type FakeGithubOrg = {
  login: string;
  name?: string;
  repos: FakeGithubRepo[];
};

export type FakeGithubRequest = {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  status: number;
};

export type FakeGithubFault = {
  status: number;
  headers?: Record<string, string>;
  /** Defaults to a basic-error whose message suits the status. */
  body?: unknown;
  /** How many matching requests fail; defaults to 1. */
  times?: number;
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
  /** E.g. http://127.0.0.1:PORT — use as the octokit baseUrl / integrations.github apiBaseUrl. */
  readonly apiBaseUrl: string;
  /** Every request served so far, oldest first. */
  readonly requests: FakeGithubRequest[];
  /** Replace the org's repositories (simulate repos created/deleted upstream). */
  setRepos(repos: FakeGithubRepo[]): void;
  /**
   * The next `times` requests whose path matches `pathPattern` fail with this
   * response (e.g. 403 with x-ratelimit-remaining: 0 and retry-after, 429, 500).
   */
  failNext(pathPattern: RegExp, fault: FakeGithubFault): void;
  close(): Promise<void>;
}
