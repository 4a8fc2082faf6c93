import { createHash } from 'node:crypto';
import { deliveryIdBase } from './identifiers';
import { ChangeKind } from './lumenRetailDeliveryText';
import {
  FakeGithubDelivery,
  FakeGithubDeployment,
  FakeGithubDeploymentStatus,
  FakeGithubIssue,
  FakeGithubPullRequest,
  FakeGithubRelease,
  FakeGithubReview,
  FakeGithubWorkflowRun,
} from './types';

/**
 * A simulated delivery history as the simulation plans it (times in epoch
 * milliseconds, items beyond the window), and how GitHub would hold it at
 * the window's end: numbered, given ids, cut at `until`.
 */

export type PlannedCommit = {
  sha: string;
  message: string;
  author: string;
  authoredAt: number;
  committedAt: number;
};

export type PlannedReview = {
  user: string;
  state: FakeGithubReview['state'];
  submittedAt: number;
  body: string;
};

export type PlannedPull = {
  seq: number;
  kind: ChangeKind | 'revert';
  title: string;
  body: string | null;
  user: string;
  labels: string[];
  headRef: string;
  createdAt: number;
  mergedAt?: number;
  closedAt?: number;
  mergeCommitSha?: string;
  /** When a later pull request (a revert) referenced this one. */
  referencedAt?: number;
  commits: PlannedCommit[];
  reviews: PlannedReview[];
  reverts?: PlannedPull;
  number: number;
};

export type PlannedIssue = {
  seq: number;
  title: string;
  body: string;
  user: string;
  labels: string[];
  createdAt: number;
  closedAt?: number;
  number: number;
};

export type PlannedDeployment = {
  sha: string;
  environment: string;
  createdAt: number;
  description: string;
  statuses: { state: FakeGithubDeploymentStatus['state']; at: number }[];
};

export type RunAttempt = {
  startedAt: number;
  finishedAt: number;
  conclusion: 'success' | 'failure';
};

export type PlannedRun = {
  workflow: { name: string; path: string };
  headSha: string;
  headBranch: string;
  event: string;
  actor: string;
  createdAt: number;
  attempts: RunAttempt[];
};

export type PlannedRelease = {
  tagName: string;
  sha: string;
  createdAt: number;
  publishedAt: number;
  pulls: PlannedPull[];
};

export type PlannedDelivery = {
  pulls: PlannedPull[];
  issues: PlannedIssue[];
  deployments: PlannedDeployment[];
  runs: PlannedRun[];
  releases: PlannedRelease[];
};

/** What to keep: the repository's history from `start` to `until` (epoch milliseconds). */
export type DeliveryWindow = {
  owner: string;
  repoName: string;
  start: number;
  until: number;
};

const BOT = 'github-actions[bot]';

const STATUS_DESCRIPTIONS: Partial<
  Record<FakeGithubDeploymentStatus['state'], string>
> = {
  in_progress: 'Deployment started.',
  success: 'Deployment finished successfully.',
  failure: 'Rollout did not become healthy; rolled back.',
};

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** GitHub's timestamps: UTC, to the second. */
export function iso(time: number): string {
  return `${new Date(time).toISOString().slice(0, 19)}Z`;
}

class DeliveryCut {
  private readonly fullName: string;

  constructor(
    private readonly planned: PlannedDelivery,
    private readonly window: DeliveryWindow,
  ) {
    this.fullName = `${window.owner}/${window.repoName}`;
  }

  result(): FakeGithubDelivery {
    this.number();
    const { owner, repoName } = this.window;
    for (const pull of this.planned.pulls) {
      if (pull.reverts) {
        pull.body = `Reverts ${owner}/${repoName}#${pull.reverts.number}`;
        pull.headRef = `revert-${pull.reverts.number}-${pull.reverts.headRef}`;
      }
    }
    const inWindow = (time: number) =>
      time >= this.window.start && time <= this.window.until;
    return {
      deployments: this.finishDeployments(inWindow),
      pullRequests: this.finishPulls(),
      issues: this.finishIssues(),
      workflowRuns: this.finishRuns(inWindow),
      releases: this.finishReleases(inWindow),
    };
  }

  /** Pull requests and issues share one sequence of numbers, in creation order. */
  private number() {
    const first =
      200 + (parseInt(sha1(this.window.repoName).slice(4, 8), 16) % 1800);
    const items: { createdAt: number; seq: number; number: number }[] = [
      ...this.planned.pulls,
      ...this.planned.issues,
    ];
    items
      .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
      .forEach((item, i) => {
        item.number = first + i;
      });
  }

  private finishPulls(): FakeGithubPullRequest[] {
    const reviewId = deliveryIdBase('review', this.fullName);
    const kept = this.planned.pulls
      .filter(pull => {
        const closedAt = pull.mergedAt ?? pull.closedAt;
        return (
          pull.createdAt <= this.window.until &&
          (closedAt === undefined || closedAt >= this.window.start)
        );
      })
      .sort((a, b) => a.number - b.number);
    const reviews = kept
      .flatMap(pull => pull.reviews)
      .filter(review => review.submittedAt <= this.window.until)
      .sort((a, b) => a.submittedAt - b.submittedAt);
    const ids = new Map(reviews.map((review, i) => [review, reviewId + i + 1]));

    return kept.map(pull => {
      const merged =
        pull.mergedAt !== undefined && pull.mergedAt <= this.window.until;
      const closed =
        !merged &&
        pull.closedAt !== undefined &&
        pull.closedAt <= this.window.until;
      const commits = pull.commits.filter(
        c => c.committedAt <= this.window.until,
      );
      const pullReviews = pull.reviews.filter(r => ids.has(r));
      let updatedAt = Math.max(
        pull.createdAt,
        ...commits.map(c => c.committedAt),
        ...pullReviews.map(r => r.submittedAt),
      );
      if (merged) updatedAt = pull.mergedAt!;
      if (closed) updatedAt = pull.closedAt!;
      if (
        merged &&
        pull.referencedAt &&
        pull.referencedAt <= this.window.until
      ) {
        updatedAt = pull.referencedAt;
      }
      return {
        number: pull.number,
        title: pull.title,
        body: pull.body,
        user: pull.user,
        createdAt: iso(pull.createdAt),
        updatedAt: iso(updatedAt),
        ...(merged
          ? {
              mergedAt: iso(pull.mergedAt!),
              closedAt: iso(pull.mergedAt!),
              mergeCommitSha: pull.mergeCommitSha,
            }
          : {}),
        ...(closed ? { closedAt: iso(pull.closedAt!) } : {}),
        headRef: pull.headRef,
        baseRef: 'main',
        labels: pull.labels,
        commits: commits.map(c => ({
          sha: c.sha,
          message: c.message,
          author: c.author,
          authoredAt: iso(c.authoredAt),
          committedAt: iso(c.committedAt),
        })),
        reviews: pullReviews.map(r => ({
          id: ids.get(r)!,
          user: r.user,
          state: r.state,
          submittedAt: iso(r.submittedAt),
          body: r.body,
        })),
      };
    });
  }

  private finishIssues(): FakeGithubIssue[] {
    return this.planned.issues
      .filter(
        issue =>
          issue.createdAt <= this.window.until &&
          (issue.closedAt === undefined || issue.closedAt >= this.window.start),
      )
      .sort((a, b) => a.number - b.number)
      .map(issue => {
        const closed =
          issue.closedAt !== undefined && issue.closedAt <= this.window.until;
        return {
          number: issue.number,
          title: issue.title,
          body: issue.body,
          user: issue.user,
          labels: issue.labels,
          createdAt: iso(issue.createdAt),
          ...(closed ? { closedAt: iso(issue.closedAt!) } : {}),
        };
      });
  }

  private finishDeployments(
    inWindow: (time: number) => boolean,
  ): FakeGithubDeployment[] {
    const base = deliveryIdBase('deployment', this.fullName);
    return this.planned.deployments
      .filter(d => inWindow(d.createdAt))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((d, i) => ({
        id: base + i + 1,
        sha: d.sha,
        ref: 'main',
        environment: d.environment,
        createdAt: iso(d.createdAt),
        description: d.description,
        creator: BOT,
        task: 'deploy',
        productionEnvironment: d.environment.startsWith('production'),
        statuses: d.statuses
          .filter(s => s.at <= this.window.until)
          .map(s => ({
            state: s.state,
            createdAt: iso(s.at),
            ...(STATUS_DESCRIPTIONS[s.state]
              ? { description: STATUS_DESCRIPTIONS[s.state] }
              : {}),
          })),
      }));
  }

  private finishRuns(
    inWindow: (time: number) => boolean,
  ): FakeGithubWorkflowRun[] {
    const base = deliveryIdBase('workflow-run', this.fullName);
    const runs = [...this.planned.runs].sort(
      (a, b) => a.createdAt - b.createdAt,
    );
    // Each workflow numbers its runs in creation order, from before the window.
    const runNumbers = new Map<PlannedRun, number>();
    const counts = new Map<string, number>();
    for (const run of runs) {
      const { path } = run.workflow;
      const count =
        counts.get(path) ??
        40 + (parseInt(sha1(`${this.fullName}:${path}`).slice(0, 4), 16) % 400);
      counts.set(path, count + 1);
      runNumbers.set(run, count + 1);
    }
    return runs
      .filter(run => inWindow(run.createdAt))
      .map((run, i) => {
        // The latest attempt that had started by `until`; GitHub shows only that one.
        const attempts = run.attempts.filter(
          a => a.startedAt <= this.window.until,
        );
        const attempt = attempts[attempts.length - 1];
        const common = {
          id: base + i + 1,
          name: run.workflow.name,
          path: run.workflow.path,
          headSha: run.headSha,
          headBranch: run.headBranch,
          event: run.event,
          actor: run.actor,
          createdAt: iso(run.createdAt),
          runNumber: runNumbers.get(run)!,
          runAttempt: Math.max(1, attempts.length),
        };
        if (!attempt) {
          return {
            ...common,
            status: 'queued' as const,
            conclusion: null,
            updatedAt: iso(run.createdAt),
          };
        }
        if (attempt.finishedAt > this.window.until) {
          return {
            ...common,
            status: 'in_progress' as const,
            conclusion: null,
            runStartedAt: iso(attempt.startedAt),
            updatedAt: iso(attempt.startedAt),
          };
        }
        return {
          ...common,
          status: 'completed' as const,
          conclusion: attempt.conclusion,
          runStartedAt: iso(attempt.startedAt),
          updatedAt: iso(attempt.finishedAt),
        };
      });
  }

  private finishReleases(
    inWindow: (time: number) => boolean,
  ): FakeGithubRelease[] {
    const base = deliveryIdBase('release', this.fullName);
    const { owner, repoName } = this.window;
    return this.planned.releases
      .filter(
        rel => inWindow(rel.createdAt) && rel.publishedAt <= this.window.until,
      )
      .map((rel, i) => ({
        id: base + i + 1,
        tagName: rel.tagName,
        name: rel.tagName,
        targetCommitish: rel.sha,
        body: [
          "## What's Changed",
          ...rel.pulls.map(
            p =>
              `* ${p.title} by @${p.user} in https://github.com/${owner}/${repoName}/pull/${p.number}`,
          ),
        ].join('\n'),
        draft: false,
        prerelease: false,
        createdAt: iso(rel.createdAt),
        publishedAt: iso(rel.publishedAt),
        author: BOT,
      }));
  }
}

/**
 * The planned history as GitHub would hold it at `window.until`: numbers
 * pull requests and issues (and fills in what refers to them), gives ids,
 * keeps what the window holds and shows in-flight work as in flight.
 */
export function cutDelivery(
  planned: PlannedDelivery,
  window: DeliveryWindow,
): FakeGithubDelivery {
  return new DeliveryCut(planned, window).result();
}
