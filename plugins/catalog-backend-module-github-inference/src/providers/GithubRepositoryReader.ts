import { LoggerService } from '@backstage/backend-plugin-api';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { CachedResponse, ConditionalRequestCache } from './ConditionalRequestCache';
import { codeownersPath, declaresCatalogInfo, RepositorySnapshot } from '../inference/inferComponent';

const ThrottledOctokit = Octokit.plugin(throttling);

/** How often a rate-limited request is retried after waiting. */
const RATE_LIMIT_RETRIES = 3;

/** A repository as the organisation listing shows it: no files yet. */
export type ListedRepository = Omit<RepositorySnapshot, 'paths' | 'codeowners' | 'teams'>;

export type RepositoryReaderOptions = {
  apiBaseUrl: string;
  token?: string;
  logger: LoggerService;
  /** Responses of earlier passes, for conditional requests. */
  cache?: ConditionalRequestCache;
};

type RepositoryFields = {
  name: string;
  description: string | null;
  html_url: string;
  default_branch?: string;
  topics?: string[];
  language?: string | null;
  archived?: boolean;
  pushed_at?: string | null;
  created_at?: string | null;
};

function toListedRepository(organization: string, repo: RepositoryFields): ListedRepository {
  return {
    organization,
    name: repo.name,
    description: repo.description,
    htmlUrl: repo.html_url,
    defaultBranch: repo.default_branch ?? 'main',
    topics: repo.topics ?? [],
    language: repo.language ?? null,
    archived: repo.archived ?? false,
    pushedAt: repo.pushed_at ?? null,
    createdAt: repo.created_at ?? null,
  };
}

function isStatus(error: unknown, ...statuses: number[]) {
  return statuses.includes((error as { status?: number }).status ?? 0);
}

/**
 * Reads what inference needs from the GitHub REST API through octokit. Rate
 * limits (403/429 with retry-after or an exhausted quota) are waited out and
 * retried, never hammered.
 */
export class GithubRepositoryReader {
  private readonly octokit: Octokit;
  requestCount = 0;
  /** Requests GitHub answered `304 Not Modified` (free of rate limit). */
  notModifiedCount = 0;

  constructor(options: RepositoryReaderOptions) {
    const { logger } = options;
    const onLimit = (kind: string) =>
      (retryAfter: number, request: { method: string; url: string }, _: unknown, retryCount: number) => {
        logger.warn(
          `GitHub ${kind} rate limit on ${request.method} ${request.url}; waiting ${retryAfter} s (retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES})`,
        );
        return retryCount < RATE_LIMIT_RETRIES;
      };
    this.octokit = new ThrottledOctokit({
      baseUrl: options.apiBaseUrl,
      auth: options.token,
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
    });
    this.octokit.hook.before('request', () => {
      this.requestCount += 1;
    });
    const cache = options.cache;
    if (cache) {
      this.octokit.hook.wrap('request', async (request, requestOptions) => {
        if (requestOptions.method !== 'GET') return request(requestOptions);
        const key = this.octokit.request.endpoint(requestOptions).url;
        const cached = cache.get(key);
        if (cached) {
          requestOptions.headers['if-none-match'] = cached.etag;
        }
        try {
          const response = await request(requestOptions);
          const etag = response.headers.etag;
          if (etag) {
            cache.set(key, { etag, response: response as CachedResponse['response'] });
          }
          return response;
        } catch (error) {
          if (cached && isStatus(error, 304)) {
            this.notModifiedCount += 1;
            return cached.response as Awaited<ReturnType<typeof request>>;
          }
          throw error;
        }
      });
    }
  }

  async listRepositories(organization: string): Promise<ListedRepository[]> {
    const repos = await this.octokit.paginate(this.octokit.rest.repos.listForOrg, {
      org: organization,
      type: 'all',
      per_page: 100,
    });
    return repos.map(repo => toListedRepository(organization, repo));
  }

  /** One repository, or undefined when GitHub no longer has it. */
  async getRepository(
    organization: string,
    name: string,
  ): Promise<ListedRepository | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.get({ owner: organization, repo: name });
      return toListedRepository(organization, data);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /**
   * Adds the repository's files, its CODEOWNERS and — when `withTeams` asks
   * for them — its teams. Repositories that declare a catalog-info.yaml get
   * their file list only: the catalog reads them itself.
   */
  async readRepository(
    listed: ListedRepository,
    { withTeams }: { withTeams: (snapshot: RepositorySnapshot) => boolean },
  ): Promise<RepositorySnapshot> {
    const { organization: owner, name: repo, defaultBranch } = listed;
    const paths = await this.listPaths(owner, repo, defaultBranch);
    const snapshot: RepositorySnapshot = { ...listed, paths, teams: [] };
    if (declaresCatalogInfo(paths)) return snapshot;
    const codeowners = codeownersPath(paths);
    if (codeowners) {
      snapshot.codeowners = await this.readFile(owner, repo, codeowners, defaultBranch);
    }
    if (withTeams(snapshot)) {
      const teams = await this.octokit.paginate(this.octokit.rest.repos.listTeams, {
        owner,
        repo,
        per_page: 100,
      });
      snapshot.teams = teams.map(team => ({ slug: team.slug, permission: team.permission }));
    }
    return snapshot;
  }

  private async listPaths(owner: string, repo: string, ref: string): Promise<string[]> {
    try {
      const { data } = await this.octokit.rest.git.getTree({
        owner,
        repo,
        tree_sha: ref,
        recursive: 'true',
      });
      return data.tree
        .filter(entry => entry.type === 'blob' && entry.path)
        .map(entry => entry.path!);
    } catch (error) {
      // 409: the repository is empty; 404: no such branch yet.
      if (isStatus(error, 404, 409)) return [];
      throw error;
    }
  }

  private async readFile(owner: string, repo: string, path: string, ref: string) {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ owner, repo, path, ref });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        return undefined;
      }
      return Buffer.from(data.content, 'base64').toString('utf8');
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
