import { Deployment, IncidentAttribution } from '@internal/plugin-dora-common';
import { byFinishedAt } from './byFinishedAt';
import { isSuccessfulProductionDeployment } from './isSuccessfulProductionDeployment';
import { shaMatches } from './shaMatches';

/**
 * The deployment an incident is attributed to, and how. Only the service's
 * successful production deployments can be blamed:
 *
 * 1. `named-deployment`: the incident names a deployment id, and it is one
 *    of them;
 * 2. `named-sha`: otherwise, the incident names a commit, and the earliest of
 *    them that deployed it (a SHA matches ignoring case, and an
 *    abbreviation of 7+ digits matches the full SHA);
 * 3. `time`: otherwise, the last of them to finish at or before the incident
 *    was opened;
 * 4. `unattributed`: no deployment before the incident (it then marks no
 *    deployment as failed).
 *
 * A named deployment or commit that matches nothing falls through to the
 * next rule.
 *
 * @param deployments - the deployments of the incident's service, in any order
 */
export function attributeIncident(
  incident: { openedAt: Date; deploymentId?: string; sha?: string },
  deployments: Deployment[],
): { deploymentId?: string; attribution: IncidentAttribution } {
  const candidates = deployments
    .filter(deployment => isSuccessfulProductionDeployment(deployment))
    .sort(byFinishedAt);

  if (incident.deploymentId) {
    const named = candidates.find(d => d.id === incident.deploymentId);
    if (named)
      return { deploymentId: named.id, attribution: 'named-deployment' };
  }

  if (incident.sha) {
    const sha = incident.sha;
    const deployed = candidates.find(d => shaMatches(d.sha, sha));
    if (deployed)
      return { deploymentId: deployed.id, attribution: 'named-sha' };
  }

  const openedAt = incident.openedAt.getTime();
  let last: Deployment | undefined;
  for (const deployment of candidates) {
    if (deployment.finishedAt.getTime() > openedAt) break;
    last = deployment;
  }
  if (last) return { deploymentId: last.id, attribution: 'time' };

  return { attribution: 'unattributed' };
}
