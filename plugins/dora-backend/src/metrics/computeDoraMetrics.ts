import {
  Change,
  changeFailureRateLevel,
  Deployment,
  deploymentFrequencyLevel,
  DoraMetrics,
  DurationSummary,
  Incident,
  leadTimeLevel,
  PerformanceBands,
  recoveryTimeLevel,
} from '@internal/plugin-dora-common';
import { attributeChanges } from './attributeChanges';
import { classifyDeployments } from './classifyDeployments';
import { deployDaysPerWeek } from './deployDaysPerWeek';
import { percentileCont, summarizeDurations } from './percentile';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Seconds from `start` to `end`; negative (clock skew) counts as 0. */
const secondsBetween = (start: Date, end: Date) =>
  Math.max(0, (end.getTime() - start.getTime()) / 1000);

/** What the metrics are computed from. */
export type DoraMetricsInput = {
  /**
   * The deployments of the services measured, including some before and
   * after the window: the next deployment after one in the window decides
   * whether it failed and when it recovered.
   */
  deployments: Deployment[];
  /** The merged pull requests of those services. */
  changes: Change[];
  /** Their incidents, already attributed to deployments (see `attributeIncident`). */
  incidents: Incident[];
  /** For a deployment id, the merge SHAs its CD tool says it shipped. */
  explicitChanges?: Map<string, string[]>;
  /** [from, to): `from` included, `to` excluded. */
  window: { from: Date; to: Date };
  /** Only deployments to this environment (e.g. `production-eu`). */
  environment?: string;
  /** The IANA time zone whose calendar days and weeks count deploy days. */
  timeZone: string;
  bands: PerformanceBands;
};

/**
 * The four DORA metrics, and deployment rework rate, for a window [from, to).
 * Pass the records of one Component, or of all the Components a Group owns
 * for the Group's metrics: nothing is measured per person.
 *
 * **Deployments.** Only successful (`status: success`) deployments to
 * production environments (`environmentKind: production`) count; with an
 * `environment`, only those to that environment. Each production region
 * counts: one release to `production-eu` and `production-us` is two
 * deployments. "The deployments" are those finishing in [from, to).
 *
 * **Deployment frequency**: deployments ÷ window days, where window days =
 * (to − from) / 24 h, fractional allowed. Also the median number of deploy
 * days per week: for each calendar week (Monday to Sunday in `timeZone`)
 * lying entirely inside the window, the number of distinct local dates with
 * at least one deployment; `null` when the window holds no whole week. A
 * deployment at 23:30 UTC counts for the next day in Berlin, and a week in
 * which the clocks change is 167 or 169 hours long. With no deployments the
 * frequency is 0 and its level `low`.
 *
 * **Lead time for changes**: for each merged pull request shipped by a
 * deployment finishing in the window, the time from its first commit to the
 * end of that deployment. The deployment that ships a pull request is the
 * first production deployment of its service, finishing at or after its
 * merge, that lists its merge SHA, or else deployed exactly its merge SHA,
 * or else — when no deployment names it — the first to finish after the
 * merge (see `attributeChanges`). With several production regions, the
 * first region reached counts. Median and 90th percentile, and the same for
 * each stage:
 * - coding: first commit → pull request opened (a squash merge keeps the
 *   first commit's time);
 * - pickup: opened → first review (pull requests with a review only);
 * - review: first review (or opened, without one) → merged;
 * - deploy: merged → deployment finished.
 *
 * Negative durations (clock skew, a commit authored after the pull request
 * was opened) count as 0.
 *
 * **Change failure rate**: failed deployments ÷ deployments. A deployment
 * failed when an incident is attributed to it, when another deployment
 * names it as the one it remediates (`remediatesDeploymentId`), or when the
 * next production deployment of its service to the same environment is a
 * revert or a rollback (`unplannedReason`). A deployment counts once however
 * many incidents it caused. `null` with no deployments.
 *
 * **Failed deployment recovery time**: for each failed deployment in the
 * window, from its end to the end of the deployment that remediates it, or
 * without one the next production deployment of its service to the same
 * environment. Failed deployments not yet recovered are left out. Median
 * and 90th percentile.
 *
 * **Time to restore service**: for each incident opened in the window and
 * resolved, resolved − opened. Median and 90th percentile.
 *
 * **Deployment rework rate**: deployments made for a hotfix, revert,
 * rollback or incident (with an `unplannedReason`) ÷ deployments; `null`
 * with no deployments.
 *
 * **Levels** come from the `bands`: deployment frequency by deployments per
 * day; lead time, failed deployment recovery time and time to restore by
 * their medians; change failure rate by the rate. A metric that is `null`
 * has no level.
 */
export function computeDoraMetrics(input: DoraMetricsInput): DoraMetrics {
  checkWindow(input.window);
  return metricsFromSummary(
    summarizeFacts(deriveFacts(input), input.window, input.timeZone),
    input.window,
    input.bands,
  );
}

function checkWindow(window: { from: Date; to: Date }) {
  if (!(window.from.getTime() < window.to.getTime())) {
    throw new RangeError('The window must start before it ends');
  }
}

/** A successful production deployment, as the metrics see it. */
export type DeploymentFact = {
  id: string;
  entityRef?: string;
  repository?: string;
  finishedAt: Date;
  failed: boolean;
  /** For a failed deployment that has recovered: seconds until it did. */
  recoverySeconds: number | null;
  unplanned: boolean;
};

/** A pull request a production deployment shipped, with its durations. */
export type ChangeFact = {
  id: string;
  entityRef?: string;
  repository: string;
  deploymentId: string;
  deployedAt: Date;
  leadSeconds: number;
  codingSeconds: number;
  /** Null without a review. */
  pickupSeconds: number | null;
  reviewSeconds: number;
  deploySeconds: number;
};

export type IncidentFact = {
  id: string;
  entityRef?: string;
  openedAt: Date;
  /** Null while unresolved. */
  restoreSeconds: number | null;
};

/**
 * What the definitions above say about each record, whatever the window:
 * which production deployments failed and when they recovered, which
 * deployment shipped each pull request and its durations, how long each
 * incident took to resolve. The metrics of any window are counts and
 * percentiles of these (see {@link summarizeFacts}); PostgreSQL keeps them
 * per service so that the org page aggregates them there.
 */
export type DoraFacts = {
  deployments: DeploymentFact[];
  changes: ChangeFact[];
  incidents: IncidentFact[];
};

export function deriveFacts(
  input: Omit<DoraMetricsInput, 'window' | 'timeZone' | 'bands'>,
): DoraFacts {
  const { environment } = input;
  const classified = classifyDeployments({
    deployments: input.deployments,
    incidents: input.incidents,
    environment,
  });
  const deployments = classified.production.map(deployment => {
    const failed = classified.failureReasons(deployment).length > 0;
    const recovered = failed ? classified.recoveryOf(deployment) : undefined;
    return {
      id: deployment.id,
      entityRef: deployment.entityRef,
      repository: deployment.repository,
      finishedAt: deployment.finishedAt,
      failed,
      recoverySeconds: recovered
        ? secondsBetween(deployment.finishedAt, recovered.finishedAt)
        : null,
      unplanned: Boolean(deployment.unplannedReason),
    };
  });

  const shipped = attributeChanges(
    input.changes,
    input.deployments,
    input.explicitChanges ?? new Map(),
    environment,
  );
  const changes = input.changes.flatMap(change => {
    const shipment = shipped.get(change.id);
    if (!shipment) return [];
    return [
      {
        id: change.id,
        entityRef: change.entityRef,
        repository: change.repository,
        deploymentId: shipment.deploymentId,
        deployedAt: shipment.deployedAt,
        leadSeconds: secondsBetween(change.firstCommitAt, shipment.deployedAt),
        codingSeconds: secondsBetween(change.firstCommitAt, change.openedAt),
        pickupSeconds: change.firstReviewAt
          ? secondsBetween(change.openedAt, change.firstReviewAt)
          : null,
        reviewSeconds: secondsBetween(
          change.firstReviewAt ?? change.openedAt,
          change.mergedAt,
        ),
        deploySeconds: secondsBetween(change.mergedAt, shipment.deployedAt),
      },
    ];
  });

  const incidents = input.incidents.map(incident => ({
    id: incident.id,
    entityRef: incident.entityRef,
    openedAt: incident.openedAt,
    restoreSeconds: incident.resolvedAt
      ? secondsBetween(incident.openedAt, incident.resolvedAt)
      : null,
  }));

  return { deployments, changes, incidents };
}

/** What a window's metrics are made of: counts and duration summaries. */
export type DoraSummary = {
  deployments: number;
  failedDeployments: number;
  unplannedDeployments: number;
  /** See {@link deployDaysPerWeek}. */
  deployDaysPerWeek: number[];
  leadTime: DurationSummary;
  coding: DurationSummary;
  pickup: DurationSummary;
  review: DurationSummary;
  deploy: DurationSummary;
  recovery: DurationSummary;
  restore: DurationSummary;
};

/** The summary of the facts that fall in a window [from, to). */
export function summarizeFacts(
  facts: DoraFacts,
  window: { from: Date; to: Date },
  timeZone: string,
): DoraSummary {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const inWindow = (time: Date) =>
    time.getTime() >= from && time.getTime() < to;
  const deployments = facts.deployments.filter(d => inWindow(d.finishedAt));
  const failed = deployments.filter(d => d.failed);
  const changes = facts.changes.filter(c => inWindow(c.deployedAt));
  const durations = <T>(items: T[], of: (item: T) => number | null) =>
    summarizeDurations(items.flatMap(item => of(item) ?? []));
  return {
    deployments: deployments.length,
    failedDeployments: failed.length,
    unplannedDeployments: deployments.filter(d => d.unplanned).length,
    deployDaysPerWeek: deployDaysPerWeek(
      deployments.map(d => d.finishedAt),
      window,
      timeZone,
    ),
    leadTime: durations(changes, c => c.leadSeconds),
    coding: durations(changes, c => c.codingSeconds),
    pickup: durations(changes, c => c.pickupSeconds),
    review: durations(changes, c => c.reviewSeconds),
    deploy: durations(changes, c => c.deploySeconds),
    recovery: durations(failed, d => d.recoverySeconds),
    restore: durations(
      facts.incidents.filter(i => inWindow(i.openedAt)),
      i => i.restoreSeconds,
    ),
  };
}

/** The metrics, with their levels in `bands`, of a window's summary. */
export function metricsFromSummary(
  summary: DoraSummary,
  window: { from: Date; to: Date },
  bands: PerformanceBands,
): DoraMetrics {
  const days = (window.to.getTime() - window.from.getTime()) / DAY_MS;
  const perDay = summary.deployments / days;
  const failureRate =
    summary.deployments > 0
      ? summary.failedDeployments / summary.deployments
      : null;
  return {
    window: {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      days,
    },
    deploymentFrequency: {
      deployments: summary.deployments,
      perDay,
      medianDeployDaysPerWeek: percentileCont(summary.deployDaysPerWeek, 0.5),
      level: deploymentFrequencyLevel(perDay, bands),
    },
    leadTime: {
      ...summary.leadTime,
      stages: {
        coding: summary.coding,
        pickup: summary.pickup,
        review: summary.review,
        deploy: summary.deploy,
      },
      level: leadTimeLevel(summary.leadTime.medianSeconds, bands),
    },
    changeFailureRate: {
      deployments: summary.deployments,
      failedDeployments: summary.failedDeployments,
      rate: failureRate,
      level: changeFailureRateLevel(failureRate, bands),
    },
    failedDeploymentRecoveryTime: {
      ...summary.recovery,
      level: recoveryTimeLevel(summary.recovery.medianSeconds, bands),
    },
    timeToRestore: {
      ...summary.restore,
      level: recoveryTimeLevel(summary.restore.medianSeconds, bands),
    },
    reworkRate: {
      deployments: summary.deployments,
      unplannedDeployments: summary.unplannedDeployments,
      rate:
        summary.deployments > 0
          ? summary.unplannedDeployments / summary.deployments
          : null,
    },
    bands: bands.version,
  };
}
