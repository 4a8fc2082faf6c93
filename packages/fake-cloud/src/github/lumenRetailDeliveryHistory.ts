import { createHash } from 'node:crypto';
import {
  CI_WORKFLOW,
  DEPLOY_WORKFLOW,
  deploysWithWorkflow,
  habitsOf,
  Range,
  RepoSettings,
  settingsOf,
  SquadHabits,
  WEEKDAYS,
} from './lumenRetailDeliveryHabits';
import {
  branchName,
  ChangeKind,
  changeTitle,
  FOLLOW_UP_COMMITS,
  incidentTitle,
  issueTitle,
  LABELS_OF_KIND,
  REVIEW_BODIES,
  topicOf,
} from './lumenRetailDeliveryText';
import {
  cutDelivery,
  iso,
  PlannedDeployment,
  PlannedIssue,
  PlannedPull,
  PlannedRelease,
  PlannedRun,
  RunAttempt,
} from './plannedDelivery';
import { SeededRandom } from './seededRandom';
import { FakeGithubDelivery } from './types';

/**
 * Lumen Retail's delivery history: a deterministic simulation of each
 * repository's last 120 days — pull requests with commits and reviews, squash
 * merges, deployment trains through staging to production, incidents with
 * reverts and hotfixes — shaped by the owning squad's habits, so squads land
 * in different DORA bands.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far back the history goes from `until`. */
export const DELIVERY_HISTORY_DAYS = 120;
/** Simulated before the window so it opens mid-flow, then cut off. */
const WARM_UP_DAYS = 14;

export type LumenRetailDeliveryOptions = {
  /** The history's end; it covers the 120 days before. */
  until: Date;
  /** The owning squad (e.g. 'checkout-squad'), whose habits shape the history. */
  squad: string;
  /** Logins of the squad's engineers, who open, review and merge the changes. */
  engineers: string[];
  /** Logins of other engineers, who now and then review too. */
  reviewers?: string[];
  /** The organisation's login; defaults to 'lumen-retail'. */
  owner?: string;
};

type Outcome = { ok: boolean; doneAt: number };

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function startOfDay(time: number): number {
  return Math.floor(time / DAY) * DAY;
}

const isWeekday = (time: number) =>
  WEEKDAYS.includes(new Date(time).getUTCDay());

/** A repository's simulation; `build` runs it once. */
class DeliverySimulation {
  private readonly random: SeededRandom;
  private readonly habits: SquadHabits;
  private readonly settings: RepoSettings;
  private readonly fullName: string;
  private readonly events: { at: number; order: number; run: () => void }[] =
    [];
  private eventOrder = 0;
  private seq = 0;

  private readonly pulls: PlannedPull[] = [];
  private readonly issues: PlannedIssue[] = [];
  private readonly deployments: PlannedDeployment[] = [];
  private readonly runs: PlannedRun[] = [];
  private readonly releases: PlannedRelease[] = [];

  /** Merged pull requests in merge order: the default branch's history. */
  private readonly merges: PlannedPull[] = [];
  /** How many of `merges` production (or the latest release) has. */
  private shipped = 0;
  /** The latest successful deployment of each environment, which the next one makes inactive. */
  private readonly active = new Map<string, PlannedDeployment>();
  /** A rollout is under way until then; trains do not leave before. */
  private busyUntil = 0;
  private version: [number, number, number];

  private readonly start: number;
  private readonly until: number;

  constructor(
    private readonly repoName: string,
    private readonly options: LumenRetailDeliveryOptions,
  ) {
    if (options.engineers.length === 0) {
      throw new Error(`No engineers to author ${repoName}'s history`);
    }
    this.random = new SeededRandom(`delivery:${repoName}`);
    this.habits = habitsOf(options.squad);
    this.settings = settingsOf(repoName);
    this.fullName = `${options.owner ?? 'lumen-retail'}/${repoName}`;
    this.until = options.until.getTime();
    this.start = this.until - DELIVERY_HISTORY_DAYS * DAY;
    const v = parseInt(sha1(repoName).slice(0, 4), 16);
    this.version = [1 + (v % 4), v % 12, 0];
  }

  build(): FakeGithubDelivery {
    const first = startOfDay(this.start) - WARM_UP_DAYS * DAY;
    for (let day = first; day <= this.until; day += DAY) {
      this.planDay(day);
    }
    while (this.events.length > 0 && this.events[0].at <= this.until) {
      this.events.shift()!.run();
    }
    return cutDelivery(
      {
        pulls: this.pulls,
        issues: this.issues,
        deployments: this.deployments,
        runs: this.runs,
        releases: this.releases,
      },
      {
        owner: this.options.owner ?? 'lumen-retail',
        repoName: this.repoName,
        start: this.start,
        until: this.until,
      },
    );
  }

  // Scheduling

  private schedule(at: number, run: () => void) {
    const event = { at, order: this.eventOrder++, run };
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const other = this.events[mid];
      if (other.at < at || (other.at === at && other.order < event.order)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    this.events.splice(low, 0, event);
  }

  private nextSha(what: string): string {
    this.seq += 1;
    return sha1(`${this.fullName}:${what}:${this.seq}`);
  }

  /** The next moment people are at work (weekdays 08:00–18:00 UTC), starting at `time`. */
  private atWork(time: number): number {
    const hour = (time - startOfDay(time)) / HOUR;
    if (isWeekday(time) && hour >= 8 && hour < 18) return time;
    let day = startOfDay(time);
    if (!isWeekday(day) || hour >= 18) {
      do day += DAY;
      while (!isWeekday(day));
    }
    return day + 8 * HOUR + this.random.between(0, 90) * MINUTE;
  }

  private hours(range: Range): number {
    return this.random.logBetween(range) * HOUR;
  }

  private minutes(range: Range): number {
    return this.random.logBetween(range) * MINUTE;
  }

  private reviewerFor(author: string): string {
    const teammates = this.options.engineers.filter(e => e !== author);
    const others = (this.options.reviewers ?? []).filter(e => e !== author);
    if (
      others.length > 0 &&
      (teammates.length === 0 || this.random.chance(0.15))
    ) {
      return this.random.pick(others);
    }
    return teammates.length > 0 ? this.random.pick(teammates) : author;
  }

  // Planning

  private planDay(day: number) {
    const weekday = isWeekday(day);
    const rate =
      this.habits.pullsPerDay * this.settings.activity * (weekday ? 1 : 0.05);
    const opened = this.random.poisson(rate);
    const times = Array.from(
      { length: opened },
      () => day + this.random.between(8.5, 17.5) * HOUR,
    ).sort((a, b) => a - b);
    for (const at of times) this.planPull(at);

    if (this.random.chance(0.12 * this.settings.activity)) {
      this.planIssue(day + this.random.between(8, 18) * HOUR);
    }

    const dow = new Date(day).getUTCDay();
    const { style } = this.settings;
    if (style === 'deployments' || style === 'dispatched-workflow') {
      if (this.habits.deployDays.includes(dow)) {
        for (const hour of this.habits.deployHours) {
          const at = day + hour * HOUR + this.random.between(0, 20) * MINUTE;
          this.schedule(at, () => this.train(at));
        }
      }
    } else if (style === 'releases' && (dow === 3 || dow === 5)) {
      const at = day + 13 * HOUR + this.random.between(0, 30) * MINUTE;
      this.schedule(at, () => this.release(at, dow === 5));
    }
  }

  private planPull(openedAt: number) {
    const author = this.random.pick(this.options.engineers);
    const roll = this.random.next();
    let kind: ChangeKind = 'chore';
    if (roll < 0.45) kind = 'feature';
    else if (roll < 0.75) kind = 'fix';
    else if (roll < 0.88) kind = 'dependencies';
    const title = changeTitle(kind, this.repoName, this.random);
    const pull: PlannedPull = {
      seq: this.seq,
      kind,
      title,
      body: this.random.chance(0.7)
        ? `${title}.\n\nTested locally and in CI.`
        : null,
      user: author,
      labels: [...LABELS_OF_KIND[kind]],
      headRef: branchName(kind, title),
      createdAt: openedAt,
      commits: [],
      reviews: [],
      number: 0,
    };

    // Commits before opening; a rebase before opening re-commits them.
    const firstAt = openedAt - this.hours(this.habits.firstCommitHours);
    const before = this.random.chance(0.35) ? 2 : 1;
    const rebasedAt = this.random.chance(0.3)
      ? openedAt - this.random.between(1, 10) * MINUTE
      : undefined;
    for (let i = 0; i < before; i++) {
      const authoredAt =
        i === 0 ? firstAt : this.random.between(firstAt, openedAt - MINUTE);
      pull.commits.push({
        sha: this.nextSha('commit'),
        message: i === 0 ? title : this.random.pick(FOLLOW_UP_COMMITS),
        author,
        authoredAt,
        committedAt: rebasedAt ?? authoredAt,
      });
    }
    this.ciOnPull(pull, openedAt, pull.commits[pull.commits.length - 1].sha);

    const reviewer = this.reviewerFor(author);
    const firstReviewAt = this.atWork(
      openedAt + this.hours(this.habits.firstReviewHours),
    );
    if (this.random.chance(0.2)) {
      const commenter = this.reviewerFor(author);
      pull.reviews.push({
        user: commenter,
        state: 'COMMENTED',
        submittedAt: Math.min(
          this.atWork(this.random.between(openedAt, firstReviewAt)),
          firstReviewAt,
        ),
        body: this.random.pick(REVIEW_BODIES.COMMENTED),
      });
    }

    // Some changes are abandoned.
    if (this.random.chance(0.06)) {
      pull.reviews.push({
        user: reviewer,
        state: 'COMMENTED',
        submittedAt: firstReviewAt,
        body: 'Do we still need this?',
      });
      pull.closedAt = this.atWork(
        firstReviewAt + this.random.between(1, 10) * DAY,
      );
      this.pulls.push(pull);
      return;
    }

    let approvedAt = firstReviewAt;
    if (this.random.chance(this.habits.changesRequestedChance)) {
      pull.reviews.push({
        user: reviewer,
        state: 'CHANGES_REQUESTED',
        submittedAt: firstReviewAt,
        body: this.random.pick(REVIEW_BODIES.CHANGES_REQUESTED),
      });
      const fixedAt = this.atWork(
        firstReviewAt + this.hours(this.habits.fixUpHours),
      );
      if (pull.commits.length < 3) {
        const sha = this.nextSha('commit');
        pull.commits.push({
          sha,
          message: 'Address review comments',
          author,
          authoredAt: fixedAt,
          committedAt: fixedAt,
        });
        this.ciOnPull(pull, fixedAt, sha);
      }
      approvedAt = this.atWork(
        fixedAt + this.hours(this.habits.firstReviewHours) / 2,
      );
    }
    pull.reviews.push({
      user: reviewer,
      state: 'APPROVED',
      submittedAt: approvedAt,
      body: this.random.pick(REVIEW_BODIES.APPROVED),
    });
    pull.mergedAt = this.atWork(
      approvedAt + this.hours(this.habits.mergeHours),
    );
    pull.mergeCommitSha = this.nextSha('squash');
    this.pulls.push(pull);
    this.schedule(pull.mergedAt, () => this.merge(pull, false));
  }

  private planIssue(at: number) {
    const kind = this.random.chance(0.6) ? 'bug' : 'enhancement';
    const issue: PlannedIssue = {
      seq: this.seq++,
      title: issueTitle(kind, this.repoName, this.random),
      body: 'Reported in the squad channel; see the thread for details.',
      user: this.random.pick([
        ...this.options.engineers,
        ...(this.options.reviewers ?? []),
      ]),
      labels: [kind],
      createdAt: at,
      number: 0,
    };
    if (this.random.chance(0.7)) {
      issue.closedAt = at + this.hours([2, 24 * 30]);
    }
    this.issues.push(issue);
  }

  // Workflow runs

  private run(
    workflow: { name: string; path: string },
    fields: Omit<PlannedRun, 'workflow' | 'attempts'>,
    duration: Range,
    failureChance: number,
  ): Outcome {
    const startedAt = fields.createdAt + this.random.between(3, 30) * SECOND;
    const attempt: RunAttempt = {
      startedAt,
      finishedAt: startedAt + this.minutes(duration),
      conclusion: this.random.chance(failureChance) ? 'failure' : 'success',
    };
    const run: PlannedRun = { ...fields, workflow, attempts: [attempt] };
    // A failed run is often re-run, which GitHub records as a new attempt of the same run.
    if (attempt.conclusion === 'failure' && this.random.chance(0.5)) {
      const rerunAt = attempt.finishedAt + this.random.between(5, 25) * MINUTE;
      run.attempts.push({
        startedAt: rerunAt,
        finishedAt: rerunAt + this.minutes(duration),
        conclusion: 'success',
      });
    }
    this.runs.push(run);
    const last = run.attempts[run.attempts.length - 1];
    return { ok: last.conclusion === 'success', doneAt: last.finishedAt };
  }

  private get usesWorkflows(): boolean {
    return deploysWithWorkflow(this.repoName);
  }

  private ciOnPull(pull: PlannedPull, at: number, headSha: string) {
    if (!this.usesWorkflows) return;
    this.run(
      CI_WORKFLOW,
      {
        headSha,
        headBranch: pull.headRef,
        event: 'pull_request',
        actor: pull.user,
        createdAt: at + this.random.between(5, 40) * SECOND,
      },
      [3, 9],
      0.1,
    );
  }

  // Shipping

  /** A pull request lands on main; a push-deployed repository deploys it. */
  private merge(pull: PlannedPull, hotfix: boolean): number | undefined {
    this.merges.push(pull);
    const at = pull.mergedAt!;
    if (this.usesWorkflows) {
      this.run(
        CI_WORKFLOW,
        {
          headSha: pull.mergeCommitSha!,
          headBranch: 'main',
          event: 'push',
          actor: pull.user,
          createdAt: at + this.random.between(2, 15) * SECOND,
        },
        [3, 9],
        0.05,
      );
    }
    if (this.settings.style !== 'push-workflow') return undefined;
    return this.rollOut(at + this.random.between(2, 15) * SECOND, hotfix)
      .doneAt;
  }

  /** A scheduled deployment train: ships main's head if production lacks it. */
  private train(at: number) {
    if (at < this.busyUntil || this.shipped === this.merges.length) return;
    this.rollOut(at, false);
  }

  private rollOut(at: number, hotfix: boolean): Outcome {
    const count = this.merges.length;
    const sha = this.merges[count - 1].mergeCommitSha!;
    const outcome =
      this.settings.style === 'deployments'
        ? this.deployThroughEnvironments(sha, at, hotfix)
        : this.run(
            DEPLOY_WORKFLOW,
            {
              headSha: sha,
              headBranch: 'main',
              event:
                this.settings.style === 'push-workflow'
                  ? 'push'
                  : 'workflow_dispatch',
              actor:
                this.settings.style === 'push-workflow'
                  ? this.merges[count - 1].user
                  : this.random.pick(this.options.engineers),
              createdAt: at,
            },
            this.habits.deployMinutes,
            hotfix ? 0 : this.habits.deployFailureChance,
          );
    this.busyUntil = Math.max(this.busyUntil, outcome.doneAt);
    if (outcome.ok) {
      const batch = this.merges.slice(this.shipped, count);
      this.shipped = Math.max(this.shipped, count);
      const risk = this.habits.incidentChance * this.settings.risk;
      if (!hotfix && this.random.chance(risk)) {
        this.causeIncident(batch, sha, outcome.doneAt);
      }
    }
    return outcome;
  }

  private deployThroughEnvironments(
    sha: string,
    at: number,
    hotfix: boolean,
  ): Outcome {
    const staging = this.deploy('staging', sha, at, hotfix);
    if (!staging.ok) return staging;
    let next =
      staging.doneAt +
      (hotfix
        ? this.random.between(2, 5) * MINUTE
        : this.minutes(this.habits.stagingSoakMinutes));
    let outcome = staging;
    for (const environment of this.settings.productionEnvironments) {
      outcome = this.deploy(environment, sha, next, hotfix);
      if (!outcome.ok) return outcome;
      next = outcome.doneAt + this.random.between(5, 20) * MINUTE;
    }
    return outcome;
  }

  /** One environment; a failed rollout is often retried, and then passes. */
  private deploy(
    environment: string,
    sha: string,
    at: number,
    hotfix: boolean,
  ): Outcome {
    const first = this.deployOnce(environment, sha, at, hotfix, hotfix);
    if (first.ok || !this.random.chance(0.5)) return first;
    const retryAt = first.doneAt + this.random.between(10, 30) * MINUTE;
    return this.deployOnce(environment, sha, retryAt, hotfix, true);
  }

  private deployOnce(
    environment: string,
    sha: string,
    at: number,
    hotfix: boolean,
    mustPass: boolean,
  ): Outcome {
    const startedAt = at + this.random.between(5, 40) * SECOND;
    const doneAt = startedAt + this.minutes(this.habits.deployMinutes);
    const ok = mustPass || !this.random.chance(this.habits.deployFailureChance);
    const deployment: PlannedDeployment = {
      sha,
      environment,
      createdAt: at,
      description: `${hotfix ? 'Hotfix: deploy' : 'Deploy'} ${sha.slice(
        0,
        7,
      )} to ${environment}`,
      statuses: [
        { state: 'in_progress', at: startedAt },
        { state: ok ? 'success' : 'failure', at: doneAt },
      ],
    };
    this.deployments.push(deployment);
    if (ok) {
      // GitHub's auto_inactive: the environment's previous successful deployment goes inactive.
      this.active
        .get(environment)
        ?.statuses.push({ state: 'inactive', at: doneAt });
      this.active.set(environment, deployment);
    }
    return { ok, doneAt };
  }

  private release(at: number, patchDay: boolean) {
    const batch = this.merges.slice(this.shipped);
    if (batch.length === 0) return;
    if (patchDay && !batch.some(p => p.kind === 'fix')) return;
    const [major, minor, patch] = this.version;
    this.version = batch.some(p => p.kind === 'feature')
      ? [major, minor + 1, 0]
      : [major, minor, patch + 1];
    this.releases.push({
      tagName: `v${this.version.join('.')}`,
      sha: batch[batch.length - 1].mergeCommitSha!,
      createdAt: at,
      publishedAt: at + this.random.between(1, 4) * MINUTE,
      pulls: batch,
    });
    this.shipped = this.merges.length;
  }

  // Incidents

  private causeIncident(batch: PlannedPull[], sha: string, deployedAt: number) {
    const openedAt = deployedAt + this.hours([0.5, 10]);
    const culprit = [...batch].reverse().find(p => p.kind !== 'revert');
    this.schedule(openedAt, () => this.openIncident(openedAt, sha, culprit));
  }

  private openIncident(at: number, sha: string, culprit?: PlannedPull) {
    const restore = this.minutes(this.habits.restoreMinutes);
    const onCall = this.random.pick(this.options.engineers);
    const severity = this.random.pick(['sev2', 'sev2', 'sev3', 'sev1']);
    const issue: PlannedIssue = {
      seq: this.seq++,
      title: incidentTitle(this.repoName, this.random),
      body: `Alert fired at ${iso(at)}. Started after ${sha.slice(
        0,
        7,
      )} reached production.\n\nRunbook: docs/runbooks/${this.repoName}.md`,
      user: onCall,
      labels: ['incident', severity],
      createdAt: at,
      number: 0,
    };
    this.issues.push(issue);

    const roll = this.random.next();
    let remedy: PlannedPull | undefined;
    if (culprit && roll < 0.4) {
      remedy = this.planRevert(culprit, onCall, at, restore);
    } else if (roll < 0.75) {
      remedy = this.planFix(onCall, at, restore);
    }
    if (!remedy) {
      // Mitigated without a change: scaled up, a flag turned off.
      issue.closedAt = at + restore;
      return;
    }
    const pull = remedy;
    this.pulls.push(pull);
    this.schedule(pull.mergedAt!, () => {
      const pushed = this.merge(pull, true);
      if (pushed !== undefined) {
        issue.closedAt = pushed + this.random.between(5, 20) * MINUTE;
        return;
      }
      const hotfixAt = pull.mergedAt! + this.random.between(2, 6) * MINUTE;
      this.schedule(hotfixAt, () => this.hotfix(hotfixAt, issue));
    });
  }

  private hotfix(at: number, issue: PlannedIssue) {
    if (at < this.busyUntil) {
      const later = this.busyUntil + MINUTE;
      this.schedule(later, () => this.hotfix(later, issue));
      return;
    }
    const outcome = this.rollOut(at, true);
    issue.closedAt = outcome.doneAt + this.random.between(5, 20) * MINUTE;
  }

  /** A fast-tracked pull request, opened during an incident. */
  private planRemedy(
    fields: Pick<PlannedPull, 'kind' | 'title' | 'labels' | 'headRef'>,
    messages: string[],
    onCall: string,
    incidentAt: number,
    restore: number,
  ): PlannedPull {
    const openedAt = incidentAt + restore * this.random.between(0.15, 0.3);
    const approvedAt = openedAt + restore * this.random.between(0.1, 0.2);
    const pull: PlannedPull = {
      ...fields,
      seq: this.seq,
      body: null,
      user: onCall,
      createdAt: openedAt,
      mergedAt: approvedAt + this.random.between(1, 5) * MINUTE,
      mergeCommitSha: '',
      commits: messages.map((message, i) => {
        const at =
          openedAt - (messages.length - i) * this.random.between(1, 4) * MINUTE;
        return {
          sha: this.nextSha('commit'),
          message,
          author: onCall,
          authoredAt: at,
          committedAt: at,
        };
      }),
      reviews: [
        {
          user: this.reviewerFor(onCall),
          state: 'APPROVED',
          submittedAt: approvedAt,
          body: 'Approving to restore service.',
        },
      ],
      number: 0,
    };
    pull.mergeCommitSha = this.nextSha('squash');
    return pull;
  }

  private planRevert(
    culprit: PlannedPull,
    onCall: string,
    at: number,
    restore: number,
  ): PlannedPull {
    const title = `Revert "${culprit.title}"`;
    const pull = this.planRemedy(
      { kind: 'revert', title, labels: ['revert', 'incident'], headRef: '' },
      [`${title}\n\nThis reverts commit ${culprit.mergeCommitSha}.`],
      onCall,
      at,
      restore,
    );
    pull.reverts = culprit;
    culprit.referencedAt = pull.createdAt;
    return pull;
  }

  private planFix(onCall: string, at: number, restore: number): PlannedPull {
    const title = `Fix ${topicOf(this.repoName, this.random)} regression`;
    const messages = this.random.chance(0.5)
      ? [title, 'Add regression test']
      : [title];
    const pull = this.planRemedy(
      {
        kind: 'fix',
        title,
        labels: ['bug', 'hotfix', 'incident'],
        headRef: branchName('fix', title),
      },
      messages,
      onCall,
      at,
      restore,
    );
    pull.body = 'Fixes the regression behind the ongoing incident.';
    return pull;
  }
}

/**
 * The delivery history of one Lumen Retail repository over the 120 days
 * before `options.until`: the same for the same repository and options.
 */
export function lumenRetailDeliveryHistory(
  repoName: string,
  options: LumenRetailDeliveryOptions,
): FakeGithubDelivery {
  return new DeliverySimulation(repoName, options).build();
}
