import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentEvent,
  GithubSyncStream,
  IncidentEvent,
} from '@internal/plugin-dora-common';
import pLimit from 'p-limit';
import { DoraGithubConfig } from '../config/readDoraConfig';
import { DoraStore } from '../database/DoraStore';
import { DoraService } from '../service/DoraService';
import { GithubDoraClient } from './GithubDoraClient';
import {
  changeFromPullRequest,
  deploymentFromGithub,
  deploymentFromRelease,
  deploymentFromWorkflowRun,
  GITHUB_DEPLOYMENT,
  GITHUB_WORKFLOW_RUN,
  incidentFromIssue,
  incidentFromRevert,
  isIncidentIssue,
  revertedPullRequest,
  shaOfCommitish,
} from './githubRecords';
import {
  GithubDeployment,
  GithubPullRequest,
  GithubRelease,
  GithubWebhookPayload,
  GithubWorkflowRun,
} from './githubSchemas';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Each pass re-reads this much before where the last one stopped: a
 * deployment's statuses and a pull request's reviews can land after it
 * was first seen, and clocks differ. Re-reading is harmless (idempotent).
 */
const OVERLAP_MS = 2 * DAY_MS;

type Stream = GithubSyncStream;

/** The streams of a repository, read in this order. */
export const STREAMS: Stream[] = [
  'pulls',
  'deployments',
  'workflow-runs',
  'releases',
  'issues',
];

/** What one repository's pass read and stored. */
export type RepositorySyncResult = {
  repository: string;
  deployments: number;
  changes: number;
  incidents: number;
  /** Streams that failed (the rest are kept; a failed one resumes next pass). */
  errors: { stream: Stream; message: string }[];
};

/** What a whole pass did. */
export type SyncPassResult = {
  startedAt: Date;
  finishedAt: Date;
  repositories: RepositorySyncResult[];
  /** GitHub API requests the pass made. */
  requests: number;
};

/** The backfill's state, for `GET /github/sync`. */
export type SyncStatus = {
  running: boolean;
  lastPass?: SyncPassResult;
  cursors: { repository: string; stream: string; syncedUntil: Date }[];
};

const fileName = (path: string) => path.split('/').pop() ?? path;

/**
 * GitHub → DORA records, by backfill (a scheduled pass over every catalog
 * Component's repository: incremental from per-stream cursors, resumable,
 * rate-limit aware) and by webhook (one object at a time). Both map through
 * the same functions and store through the same DoraService calls as the
 * HTTP API.
 */
export class GithubDoraSync {
  constructor(
    private readonly deps: {
      client: GithubDoraClient;
      dora: DoraService;
      store: DoraStore;
      config: DoraGithubConfig;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private running = false;
  private lastPass?: SyncPassResult;

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async status(): Promise<SyncStatus> {
    return {
      running: this.running,
      lastPass: this.lastPass,
      cursors: await this.deps.store.listSyncedUntil(),
    };
  }

  /** Reads every catalog Component's repository. */
  async syncAll(): Promise<SyncPassResult> {
    this.running = true;
    try {
      this.lastPass = await this.readAll();
      return this.lastPass;
    } finally {
      this.running = false;
    }
  }

  private async readAll(): Promise<SyncPassResult> {
    const startedAt = new Date();
    const requestsBefore = this.deps.client.requestCount;
    const repositories = await this.deps.dora.repositoriesInCatalog();
    const limit = pLimit(this.deps.config.concurrency);
    const results = await Promise.all(
      repositories.map(repository =>
        limit(() => this.syncRepository(repository)),
      ),
    );
    const failed = results.filter(r => r.errors.length);
    const sum = (key: 'deployments' | 'changes' | 'incidents') =>
      results.reduce((total, r) => total + r[key], 0);
    this.deps.logger.info(
      `DORA GitHub pass: ${repositories.length} repositories, ${sum(
        'deployments',
      )} deployments, ${sum('changes')} changes, ${sum(
        'incidents',
      )} incidents; ${failed.length} with errors`,
    );
    return {
      startedAt,
      finishedAt: new Date(),
      repositories: results,
      requests: this.deps.client.requestCount - requestsBefore,
    };
  }

  /**
   * Reads one repository's streams from where each stopped. A stream that
   * fails keeps its cursor (the next pass reads it again); the others move on.
   */
  async syncRepository(repository: string): Promise<RepositorySyncResult> {
    const result: RepositorySyncResult = {
      repository,
      deployments: 0,
      changes: 0,
      incidents: 0,
      errors: [],
    };
    for (const stream of STREAMS) {
      const passStartedAt = this.now();
      try {
        const since = await this.sinceFor(repository, stream);
        const counts = await this.syncStream(repository, stream, since);
        result.deployments += counts.deployments ?? 0;
        result.changes += counts.changes ?? 0;
        result.incidents += counts.incidents ?? 0;
        await this.deps.store.setSyncedUntil(repository, stream, passStartedAt);
      } catch (error) {
        const message = (error as Error).message;
        result.errors.push({ stream, message });
        this.deps.logger.warn(
          `DORA GitHub ${stream} of ${repository} failed; kept what was read, resuming next pass: ${message}`,
        );
      }
    }
    return result;
  }

  private async sinceFor(repository: string, stream: Stream): Promise<Date> {
    const synced = await this.deps.store.syncedUntil(repository, stream);
    const backfillFrom =
      this.now().getTime() - this.deps.config.backfillDays * DAY_MS;
    return new Date(
      synced
        ? Math.max(synced.getTime() - OVERLAP_MS, backfillFrom)
        : backfillFrom,
    );
  }

  private async syncStream(
    repository: string,
    stream: Stream,
    since: Date,
  ): Promise<{ deployments?: number; changes?: number; incidents?: number }> {
    const { client } = this.deps;
    switch (stream) {
      case 'deployments': {
        const deployments = await client.deployments(repository, since);
        const events: DeploymentEvent[] = [];
        for (const deployment of deployments) {
          const event = await this.deploymentEvent(repository, deployment);
          if (event) events.push(event);
        }
        return { deployments: await this.storeDeployments(events) };
      }
      case 'workflow-runs': {
        // A repository that reports GitHub Deployments (as Actions jobs with
        // an `environment` do) is counted by those, never twice.
        if (await this.usesGithubDeployments(repository)) return {};
        const events: DeploymentEvent[] = [];
        for (const { workflow, environment } of this.deps.config
          .deployWorkflows) {
          for (const run of await client.workflowRuns(
            repository,
            workflow,
            since,
          )) {
            const event = deploymentFromWorkflowRun(
              repository,
              run,
              environment,
            );
            if (event) events.push(event);
          }
        }
        return { deployments: await this.storeDeployments(events) };
      }
      case 'releases': {
        if (
          (await this.usesGithubDeployments(repository)) ||
          (await this.deps.store.hasDeployments(
            repository,
            GITHUB_WORKFLOW_RUN,
          ))
        ) {
          return {};
        }
        const events: DeploymentEvent[] = [];
        for (const release of await client.releases(repository, since)) {
          const event = await this.releaseEvent(repository, release);
          if (event) events.push(event);
        }
        return { deployments: await this.storeDeployments(events) };
      }
      case 'pulls': {
        const pulls = await client.closedPullRequests(repository, since);
        let changes = 0;
        let incidents = 0;
        // Oldest first: a revert finds the change it reverts already stored.
        for (const pr of pulls.reverse()) {
          const stored = await this.storePullRequest(repository, pr);
          changes += stored.changes;
          incidents += stored.incidents;
        }
        return { changes, incidents };
      }
      case 'issues': {
        const events: IncidentEvent[] = [];
        const seen = new Set<number>();
        for (const label of this.deps.config.incidentLabels) {
          for (const issue of await client.issuesLabelled(
            repository,
            label,
            since,
          )) {
            if (seen.has(issue.number)) continue;
            seen.add(issue.number);
            if (isIncidentIssue(issue, this.deps.config.incidentLabels)) {
              events.push(incidentFromIssue(repository, issue));
            }
          }
        }
        if (events.length) await this.deps.dora.recordIncidents(events);
        return { incidents: events.length };
      }
      default:
        return {};
    }
  }

  private async usesGithubDeployments(repository: string) {
    return this.deps.store.hasDeployments(repository, GITHUB_DEPLOYMENT);
  }

  private async storeDeployments(events: DeploymentEvent[]) {
    if (events.length) await this.deps.dora.recordDeployments(events);
    return events.length;
  }

  private async deploymentEvent(
    repository: string,
    deployment: GithubDeployment,
  ) {
    const statuses = await this.deps.client.deploymentStatuses(
      repository,
      deployment.id,
    );
    return deploymentFromGithub(repository, deployment, statuses);
  }

  private async releaseEvent(repository: string, release: GithubRelease) {
    if (release.draft || release.prerelease || !release.published_at) {
      return undefined;
    }
    const sha =
      shaOfCommitish(release.target_commitish) ??
      (await this.deps.client.commitSha(repository, release.tag_name));
    return deploymentFromRelease(
      repository,
      release,
      sha,
      this.deps.config.releaseEnvironment,
    );
  }

  /** A merged PR → a change (and, for a revert, an incident). */
  private async storePullRequest(
    repository: string,
    pr: GithubPullRequest,
  ): Promise<{ changes: number; incidents: number }> {
    if (!pr.merged_at || !pr.merge_commit_sha)
      return { changes: 0, incidents: 0 };
    const [commits, reviews] = await Promise.all([
      this.deps.client.pullRequestCommits(repository, pr.number),
      this.deps.client.pullRequestReviews(repository, pr.number),
    ]);
    const change = changeFromPullRequest(repository, pr, commits, reviews);
    if (!change) return { changes: 0, incidents: 0 };
    await this.deps.dora.recordChanges([change]);
    const reverted = revertedPullRequest(pr);
    if (!reverted.isRevert) return { changes: 1, incidents: 0 };
    const revertedSha = reverted.number
      ? await this.mergeShaOf(repository, reverted.number)
      : undefined;
    const incident = incidentFromRevert(repository, pr, revertedSha);
    if (incident) await this.deps.dora.recordIncidents([incident]);
    return { changes: 1, incidents: incident ? 1 : 0 };
  }

  private async mergeShaOf(repository: string, number: number) {
    const stored = await this.deps.store.changeMergeSha(
      `${repository}#${number}`,
    );
    if (stored) return stored;
    const pr = await this.deps.client.pullRequest(repository, number);
    return pr?.merge_commit_sha ?? undefined;
  }

  /**
   * A GitHub webhook delivery (`github.<event>` topic). Objects are taken
   * from the payload; what a payload lacks (a deployment's earlier
   * statuses, a PR's commits and reviews) is read from the API, so a
   * webhook and the backfill store the same record.
   */
  async handleWebhook(payload: GithubWebhookPayload): Promise<void> {
    const repository = payload.repository.full_name.toLowerCase();
    switch (payload.event) {
      case 'deployment_status': {
        const record = await this.deploymentEvent(
          repository,
          payload.deployment,
        );
        if (record) await this.deps.dora.recordDeployments([record]);
        return;
      }
      case 'workflow_run': {
        const run = payload.workflow_run;
        if (payload.action !== 'completed') return;
        const target = this.deployWorkflowOf(run);
        if (!target || (await this.usesGithubDeployments(repository))) return;
        const record = deploymentFromWorkflowRun(
          repository,
          run,
          target.environment,
        );
        if (record) await this.deps.dora.recordDeployments([record]);
        return;
      }
      case 'release': {
        if (!['published', 'released', 'edited'].includes(payload.action)) {
          return;
        }
        const record = await this.releaseEvent(repository, payload.release);
        if (record) await this.deps.dora.recordDeployments([record]);
        return;
      }
      case 'pull_request': {
        if (payload.action !== 'closed') return;
        await this.storePullRequest(repository, payload.pull_request);
        return;
      }
      case 'issues': {
        const issue = payload.issue;
        if (isIncidentIssue(issue, this.deps.config.incidentLabels)) {
          await this.deps.dora.recordIncidents([
            incidentFromIssue(repository, issue),
          ]);
        }
        return;
      }
      default:
        // Other events are not DORA's.
        return;
    }
  }

  private deployWorkflowOf(run: GithubWorkflowRun) {
    return this.deps.config.deployWorkflows.find(
      ({ workflow }) =>
        workflow === fileName(run.path) || workflow === run.name,
    );
  }
}
