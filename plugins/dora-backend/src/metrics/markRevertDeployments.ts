import { Change, Deployment } from '@internal/plugin-dora-common';
import { attributeChanges } from './attributeChanges';
import { isSuccessfulProductionDeployment } from './isSuccessfulProductionDeployment';

/**
 * Deployments that ship a revert pull request are reverts: each production
 * deployment (per environment, so both regions of a two-region service)
 * that first shipped a revert gets `unplannedReason: 'revert'` unless its
 * CD tool gave a reason — which makes the deployment before it a failed
 * one and counts it as rework. Computed when read, so a revert PR that
 * arrives after its deployment still counts.
 */
export function markRevertDeployments(
  deployments: Deployment[],
  changes: Change[],
  explicit: Map<string, string[]>,
): Deployment[] {
  const reverts = changes.filter(change => change.isRevert);
  if (!reverts.length) return deployments;
  const environments = new Set(
    deployments
      .filter(deployment => isSuccessfulProductionDeployment(deployment))
      .map(deployment => deployment.environment),
  );
  const revertDeployments = new Set<string>();
  for (const environment of environments) {
    for (const shipped of attributeChanges(
      reverts,
      deployments,
      explicit,
      environment,
    ).values()) {
      revertDeployments.add(shipped.deploymentId);
    }
  }
  return deployments.map(deployment =>
    revertDeployments.has(deployment.id) && !deployment.unplannedReason
      ? { ...deployment, unplannedReason: 'revert' }
      : deployment,
  );
}
