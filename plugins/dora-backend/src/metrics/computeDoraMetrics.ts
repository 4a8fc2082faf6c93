import {
  Change,
  changeFailureRateLevel,
  Deployment,
  deploymentFrequencyLevel,
  DoraMetrics,
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
  const { window, environment, bands } = input;
  const from = window.from.getTime();
  const to = window.to.getTime();
  if (!(from < to)) {
    throw new RangeError('The window must start before it ends');
  }
  const days = (to - from) / DAY_MS;
  const inWindow = (time: Date) =>
    time.getTime() >= from && time.getTime() < to;

  const classified = classifyDeployments({
    deployments: input.deployments,
    incidents: input.incidents,
    environment,
  });
  const deployments = classified.production.filter(d => inWindow(d.finishedAt));

  // Deployment frequency
  const perDay = deployments.length / days;
  const weekCounts = deployDaysPerWeek(
    deployments.map(d => d.finishedAt),
    window,
    input.timeZone,
  );

  // Lead time for changes
  const shipped = attributeChanges(
    input.changes,
    input.deployments,
    input.explicitChanges ?? new Map(),
    environment,
  );
  const leadTimes: number[] = [];
  const coding: number[] = [];
  const pickup: number[] = [];
  const review: number[] = [];
  const deploy: number[] = [];
  for (const change of input.changes) {
    const shipment = shipped.get(change.id);
    if (!shipment || !inWindow(shipment.deployedAt)) continue;
    leadTimes.push(secondsBetween(change.firstCommitAt, shipment.deployedAt));
    coding.push(secondsBetween(change.firstCommitAt, change.openedAt));
    if (change.firstReviewAt) {
      pickup.push(secondsBetween(change.openedAt, change.firstReviewAt));
    }
    review.push(
      secondsBetween(change.firstReviewAt ?? change.openedAt, change.mergedAt),
    );
    deploy.push(secondsBetween(change.mergedAt, shipment.deployedAt));
  }
  const leadTime = summarizeDurations(leadTimes);

  // Change failure rate
  const failed = deployments.filter(
    deployment => classified.failureReasons(deployment).length > 0,
  );
  const failureRate =
    deployments.length > 0 ? failed.length / deployments.length : null;

  // Failed deployment recovery time
  const recovery = summarizeDurations(
    failed.flatMap(deployment => {
      const recovered = classified.recoveryOf(deployment);
      return recovered
        ? [secondsBetween(deployment.finishedAt, recovered.finishedAt)]
        : [];
    }),
  );

  // Time to restore service
  const restore = summarizeDurations(
    input.incidents.flatMap(incident =>
      inWindow(incident.openedAt) && incident.resolvedAt
        ? [secondsBetween(incident.openedAt, incident.resolvedAt)]
        : [],
    ),
  );

  // Deployment rework rate
  const unplanned = deployments.filter(d => d.unplannedReason).length;

  return {
    window: {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      days,
    },
    deploymentFrequency: {
      deployments: deployments.length,
      perDay,
      medianDeployDaysPerWeek: percentileCont(weekCounts, 0.5),
      level: deploymentFrequencyLevel(perDay, bands),
    },
    leadTime: {
      ...leadTime,
      stages: {
        coding: summarizeDurations(coding),
        pickup: summarizeDurations(pickup),
        review: summarizeDurations(review),
        deploy: summarizeDurations(deploy),
      },
      level: leadTimeLevel(leadTime.medianSeconds, bands),
    },
    changeFailureRate: {
      deployments: deployments.length,
      failedDeployments: failed.length,
      rate: failureRate,
      level: changeFailureRateLevel(failureRate, bands),
    },
    failedDeploymentRecoveryTime: {
      ...recovery,
      level: recoveryTimeLevel(recovery.medianSeconds, bands),
    },
    timeToRestore: {
      ...restore,
      level: recoveryTimeLevel(restore.medianSeconds, bands),
    },
    reworkRate: {
      deployments: deployments.length,
      unplannedDeployments: unplanned,
      rate: deployments.length > 0 ? unplanned / deployments.length : null,
    },
    bands: bands.version,
  };
}
