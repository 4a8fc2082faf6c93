import { LoggerService } from '@backstage/backend-plugin-api';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import {
  GithubCommit,
  githubCommitSchema,
  GithubDeployment,
  githubDeploymentSchema,
  GithubDeploymentStatus,
  githubDeploymentStatusSchema,
  GithubIssue,
  githubIssueSchema,
  GithubPullRequest,
  githubPullRequestSchema,
  GithubRelease,
  githubReleaseSchema,
  GithubReview,
  githubReviewSchema,
  GithubWorkflowRun,
  githubWorkflowRunSchema,
  parseGithub,
} from './githubSchemas';

const ThrottledOctokit = Octokit.plugin(throttling);

/** How often a rate-limited request is retried after waiting it out. */
const RATE_LIMIT_RETRIES = 5;
const PER_PAGE = 100;

export type GithubDoraClientOptions = {
  apiBaseUrl: string;
  token?: string;
  logger: LoggerService;
};

const isStatus = (error: unknown, status: number) =>
  (error as { status?: number }).status === status;

const parseAll = <S extends z.ZodType>(
  schema: S,
  items: unknown[],
  what: string,
): z.infer<S>[] => items.map(item => parseGithub(schema, item, what));

/**
 * Reads what DORA needs from the GitHub REST API through octokit: newest
 * first where GitHub allows, stopping at `since` so that a pass is
 * incremental. Rate limits (primary and secondary) are waited out as GitHub's
 * `retry-after` / `x-ratelimit-reset` say, then retried.
 */
export class GithubDoraClient {
  private readonly octokit: Octokit;
  requestCount = 0;

  constructor(options: GithubDoraClientOptions) {
    const { logger } = options;
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        logger.warn(
          `GitHub ${kind} rate limit on ${request.method} ${
            request.url
          }; waiting ${retryAfter} s (retry ${
            retryCount + 1
          } of ${RATE_LIMIT_RETRIES})`,
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
  }

  private split(repository: string) {
    const [owner, repo] = repository.split('/');
    return { owner, repo };
  }

  /**
   * Pages newest first until an item is older than `since` (by `timeOf`);
   * GitHub sorts these lists by creation or update time, descending.
   */
  private async newestFirst<T>(
    pages: AsyncIterable<{ data: unknown[] }>,
    parse: (item: unknown) => T,
    timeOf: (item: T) => string,
    since: Date,
  ): Promise<T[]> {
    const items: T[] = [];
    for await (const page of pages) {
      let older = false;
      for (const raw of page.data) {
        const item = parse(raw);
        if (Date.parse(timeOf(item)) < since.getTime()) {
          older = true;
          continue;
        }
        items.push(item);
      }
      if (older) break;
    }
    return items;
  }

  /** Deployments created at or after `since`, newest first. */
  async deployments(
    repository: string,
    since: Date,
  ): Promise<GithubDeployment[]> {
    return this.newestFirst(
      this.octokit.paginate.iterator(this.octokit.rest.repos.listDeployments, {
        ...this.split(repository),
        per_page: PER_PAGE,
      }),
      item => parseGithub(githubDeploymentSchema, item, 'deployment'),
      d => d.created_at,
      since,
    );
  }

  /** Every status of a deployment. */
  async deploymentStatuses(
    repository: string,
    deploymentId: number,
  ): Promise<GithubDeploymentStatus[]> {
    const statuses = await this.octokit.paginate(
      this.octokit.rest.repos.listDeploymentStatuses,
      {
        ...this.split(repository),
        deployment_id: deploymentId,
        per_page: PER_PAGE,
      },
    );
    return parseAll(
      githubDeploymentStatusSchema,
      statuses,
      'deployment status',
    );
  }

  /**
   * Completed runs of one workflow (file name or id) created on or after
   * `since`'s day; `[]` when the repository has no such workflow.
   */
  async workflowRuns(
    repository: string,
    workflow: string,
    since: Date,
  ): Promise<GithubWorkflowRun[]> {
    try {
      const runs = await this.octokit.paginate(
        this.octokit.rest.actions.listWorkflowRuns,
        {
          ...this.split(repository),
          workflow_id: workflow,
          status: 'completed',
          created: `>=${since.toISOString().slice(0, 10)}`,
          per_page: PER_PAGE,
        },
      );
      return parseAll(githubWorkflowRunSchema, runs, 'workflow run');
    } catch (error) {
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }

  /** Releases created at or after `since`, newest first. */
  async releases(repository: string, since: Date): Promise<GithubRelease[]> {
    return this.newestFirst(
      this.octokit.paginate.iterator(this.octokit.rest.repos.listReleases, {
        ...this.split(repository),
        per_page: PER_PAGE,
      }),
      item => parseGithub(githubReleaseSchema, item, 'release'),
      r => r.created_at,
      since,
    );
  }

  /** The commit SHA a ref (branch, tag or SHA) points at. */
  async commitSha(repository: string, ref: string): Promise<string> {
    const { data } = await this.octokit.rest.repos.getCommit({
      ...this.split(repository),
      ref,
    });
    return data.sha;
  }

  /** Closed pull requests updated at or after `since`, most recently updated first. */
  async closedPullRequests(
    repository: string,
    since: Date,
  ): Promise<GithubPullRequest[]> {
    return this.newestFirst(
      this.octokit.paginate.iterator(this.octokit.rest.pulls.list, {
        ...this.split(repository),
        state: 'closed',
        sort: 'updated',
        direction: 'desc',
        per_page: PER_PAGE,
      }),
      item => parseGithub(githubPullRequestSchema, item, 'pull request'),
      pr => pr.updated_at,
      since,
    );
  }

  async pullRequest(
    repository: string,
    number: number,
  ): Promise<GithubPullRequest | undefined> {
    try {
      const { data } = await this.octokit.rest.pulls.get({
        ...this.split(repository),
        pull_number: number,
      });
      return parseGithub(githubPullRequestSchema, data, 'pull request');
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async pullRequestCommits(
    repository: string,
    number: number,
  ): Promise<GithubCommit[]> {
    const commits = await this.octokit.paginate(
      this.octokit.rest.pulls.listCommits,
      { ...this.split(repository), pull_number: number, per_page: PER_PAGE },
    );
    return parseAll(githubCommitSchema, commits, 'commit');
  }

  async pullRequestReviews(
    repository: string,
    number: number,
  ): Promise<GithubReview[]> {
    const reviews = await this.octokit.paginate(
      this.octokit.rest.pulls.listReviews,
      { ...this.split(repository), pull_number: number, per_page: PER_PAGE },
    );
    return parseAll(githubReviewSchema, reviews, 'review');
  }

  /** Issues (pull requests included, as GitHub lists them) with a label, updated since. */
  async issuesLabelled(
    repository: string,
    label: string,
    since: Date,
  ): Promise<GithubIssue[]> {
    const issues = await this.octokit.paginate(
      this.octokit.rest.issues.listForRepo,
      {
        ...this.split(repository),
        labels: label,
        state: 'all',
        since: since.toISOString(),
        per_page: PER_PAGE,
      },
    );
    return parseAll(githubIssueSchema, issues, 'issue');
  }
}
