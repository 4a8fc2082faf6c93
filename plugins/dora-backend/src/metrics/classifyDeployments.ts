import {
  Deployment,
  FailureReason,
  Incident,
} from '@internal/plugin-dora-common';
import { byFinishedAt } from './byFinishedAt';
import { isSuccessfulProductionDeployment } from './isSuccessfulProductionDeployment';
import { sameService } from './sameService';

/** The production deployments of some services, with failures and recoveries. */
export type DeploymentClassification = {
  /** Successful production deployments (of `environment`, if given), earliest first. */
  production: Deployment[];
  /** Why a production deployment failed; empty when it did not. */
  failureReasons(deployment: Deployment): FailureReason[];
  /** The deployment that recovered a failed one, if any yet. */
  recoveryOf(deployment: Deployment): Deployment | undefined;
};

/**
 * Which deployments failed and what recovered them — the one definition the
 * metrics and the drill-down lists share.
 *
 * A deployment failed when an incident is attributed to it (`incident`),
 * another deployment names it in `remediatesDeploymentId` (`remediated`), or
 * the next production deployment of its service to the same environment is a
 * revert or a rollback (`reverted`). It recovered at the earliest successful
 * production deployment that remediates it and finished after it, or else at
 * the next production deployment of its service to the same environment.
 */
export function classifyDeployments(input: {
  deployments: Deployment[];
  incidents: Incident[];
  environment?: string;
}): DeploymentClassification {
  const production = input.deployments
    .filter(deployment =>
      isSuccessfulProductionDeployment(deployment, input.environment),
    )
    .sort(byFinishedAt);
  const position = new Map(production.map((d, index) => [d, index]));

  const nextAfter = (deployment: Deployment): Deployment | undefined => {
    for (let i = position.get(deployment)! + 1; i < production.length; i++) {
      const later = production[i];
      if (
        later.environment === deployment.environment &&
        sameService(later, deployment)
      ) {
        return later;
      }
    }
    return undefined;
  };

  const blamed = new Set(
    input.incidents.flatMap(incident => incident.deploymentId ?? []),
  );
  const remediations = new Map<string, Deployment[]>();
  for (const deployment of input.deployments) {
    const repaired = deployment.remediatesDeploymentId;
    if (!repaired || repaired === deployment.id) continue;
    const list = remediations.get(repaired) ?? [];
    list.push(deployment);
    remediations.set(repaired, list);
  }

  const failureReasons = (deployment: Deployment): FailureReason[] => {
    const reasons: FailureReason[] = [];
    if (blamed.has(deployment.id)) reasons.push('incident');
    if (remediations.has(deployment.id)) reasons.push('remediated');
    const reason = nextAfter(deployment)?.unplannedReason;
    if (reason === 'revert' || reason === 'rollback') reasons.push('reverted');
    return reasons;
  };

  const recoveryOf = (deployment: Deployment): Deployment | undefined => {
    const remediation = (remediations.get(deployment.id) ?? [])
      .filter(
        repair =>
          isSuccessfulProductionDeployment(repair) &&
          repair.finishedAt > deployment.finishedAt,
      )
      .sort(byFinishedAt)[0];
    return remediation ?? nextAfter(deployment);
  };

  return { production, failureReasons, recoveryOf };
}
