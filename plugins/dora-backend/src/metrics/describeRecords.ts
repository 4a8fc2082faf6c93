import {
  ChangeDetail,
  DeploymentDetail,
  IncidentDetail,
} from '@internal/plugin-dora-common';
import { attributeChanges } from './attributeChanges';
import { classifyDeployments } from './classifyDeployments';
import { DoraMetricsInput } from './computeDoraMetrics';

const seconds = (from: Date, to: Date) =>
  Math.max(0, (to.getTime() - from.getTime()) / 1000);

/**
 * The records behind the numbers of a window, with the same attributions the
 * metrics use: production deployments finishing in it (failed or not, and
 * why), the pull requests they shipped with their lead times, and the
 * incidents opened in it with what they are attributed to. Newest first.
 */
export function describeRecords(
  input: Omit<DoraMetricsInput, 'bands' | 'timeZone'>,
): {
  deployments: DeploymentDetail[];
  changes: ChangeDetail[];
  incidents: IncidentDetail[];
} {
  const from = input.window.from.getTime();
  const to = input.window.to.getTime();
  const inWindow = (time: Date) =>
    time.getTime() >= from && time.getTime() < to;

  const classified = classifyDeployments(input);
  const shipped = attributeChanges(
    input.changes,
    input.deployments,
    input.explicitChanges ?? new Map(),
    input.environment,
  );

  const changes: ChangeDetail[] = input.changes.flatMap(change => {
    const shipment = shipped.get(change.id);
    if (!shipment || !inWindow(shipment.deployedAt)) return [];
    return [
      {
        id: change.id,
        entityRef: change.entityRef,
        repository: change.repository,
        number: change.number,
        title: change.title,
        firstCommitAt: change.firstCommitAt.toISOString(),
        openedAt: change.openedAt.toISOString(),
        firstReviewAt: change.firstReviewAt?.toISOString(),
        mergedAt: change.mergedAt.toISOString(),
        mergeSha: change.mergeSha,
        deploymentId: shipment.deploymentId,
        deployedAt: shipment.deployedAt.toISOString(),
        method: shipment.method,
        leadTimeSeconds: seconds(change.firstCommitAt, shipment.deployedAt),
      },
    ];
  });

  const changeIdsOf = new Map<string, string[]>();
  for (const change of changes) {
    const ids = changeIdsOf.get(change.deploymentId) ?? [];
    ids.push(change.id);
    changeIdsOf.set(change.deploymentId, ids);
  }
  const incidentIdsOf = new Map<string, string[]>();
  for (const incident of input.incidents) {
    if (!incident.deploymentId) continue;
    const ids = incidentIdsOf.get(incident.deploymentId) ?? [];
    ids.push(incident.id);
    incidentIdsOf.set(incident.deploymentId, ids);
  }

  const deployments: DeploymentDetail[] = classified.production
    .filter(deployment => inWindow(deployment.finishedAt))
    .map(deployment => {
      const failedBecause = classified.failureReasons(deployment);
      return {
        id: deployment.id,
        entityRef: deployment.entityRef,
        repository: deployment.repository,
        environment: deployment.environment,
        sha: deployment.sha,
        source: deployment.source,
        startedAt: deployment.startedAt?.toISOString(),
        finishedAt: deployment.finishedAt.toISOString(),
        unplannedReason: deployment.unplannedReason,
        url: deployment.url,
        failed: failedBecause.length > 0,
        failedBecause,
        changeIds: changeIdsOf.get(deployment.id) ?? [],
        incidentIds: incidentIdsOf.get(deployment.id) ?? [],
      };
    })
    .reverse();

  const incidents: IncidentDetail[] = input.incidents
    .filter(incident => inWindow(incident.openedAt))
    .map(incident => ({
      id: incident.id,
      entityRef: incident.entityRef,
      title: incident.title,
      source: incident.source,
      openedAt: incident.openedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString(),
      deploymentId: incident.deploymentId,
      attribution: incident.attribution,
      restoreSeconds: incident.resolvedAt
        ? seconds(incident.openedAt, incident.resolvedAt)
        : undefined,
    }))
    .sort((a, b) => b.openedAt.localeCompare(a.openedAt));

  return {
    deployments,
    changes: changes.sort((a, b) => b.deployedAt.localeCompare(a.deployedAt)),
    incidents,
  };
}
