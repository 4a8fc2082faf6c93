import { Change, Deployment } from '@internal/plugin-dora-common';
import { byFinishedAt } from './byFinishedAt';
import { isSuccessfulProductionDeployment } from './isSuccessfulProductionDeployment';
import { sameService } from './sameService';
import { shaMatches } from './shaMatches';

/** The deployment that shipped a change, and how that was decided. */
export type ChangeAttribution = {
  deploymentId: string;
  /** When that deployment finished. */
  deployedAt: Date;
  method: 'explicit' | 'sha' | 'time';
};

/** Matching SHAs share their first 7 digits (or are equal and shorter). */
const shaKey = (sha: string) => sha.toLowerCase().slice(0, 7);

/** The index of the first deployment finishing at or after `time`. */
function firstAtOrAfter(sorted: Deployment[], time: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].finishedAt.getTime() < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The deployment that shipped each change. Only the successful production
 * deployments of the change's service count (its Component, or its
 * repository when either record names no Component), and when `environment`
 * is given only those to that environment. A deployment that finished before
 * the change was merged never ships it. Of the rest, the change is shipped
 * by the earliest to finish that
 *
 * - lists the change's merge SHA among the changes it ships (`explicit`,
 *   as a CD tool reports with `changeShas`), or
 * - deployed exactly the change's merge SHA (`sha`);
 *
 * and, when no deployment names it either way, by the first to finish at or
 * after the merge (`time`): the next deployment of the service takes what
 * was merged before it. SHAs match ignoring case, and an abbreviation of 7
 * or more digits matches the full 40-digit SHA. A deployment that both lists
 * and deployed the SHA counts as `explicit`. Changes no deployment shipped
 * are absent from the result.
 *
 * @param explicit - for a deployment id, the merge SHAs it ships
 * @returns for a change id, its deployment
 */
export function attributeChanges(
  changes: Change[],
  deployments: Deployment[],
  explicit: Map<string, string[]>,
  environment?: string,
): Map<string, ChangeAttribution> {
  const candidates = deployments
    .filter(deployment =>
      isSuccessfulProductionDeployment(deployment, environment),
    )
    .sort(byFinishedAt);

  // Who names which SHA, in the order the deployments finished.
  const naming = new Map<
    string,
    { deployment: Deployment; sha: string; method: 'explicit' | 'sha' }[]
  >();
  const addNaming = (
    sha: string,
    deployment: Deployment,
    method: 'explicit' | 'sha',
  ) => {
    const list = naming.get(shaKey(sha)) ?? [];
    list.push({ deployment, sha, method });
    naming.set(shaKey(sha), list);
  };
  for (const deployment of candidates) {
    for (const sha of explicit.get(deployment.id) ?? []) {
      addNaming(sha, deployment, 'explicit');
    }
    addNaming(deployment.sha, deployment, 'sha');
  }

  // Each service's deployments, computed once per service.
  const byService = new Map<string, Deployment[]>();
  const deploymentsOf = (change: Change) => {
    const key = `${
      change.entityRef?.toLowerCase() ?? ''
    }\n${change.repository.toLowerCase()}`;
    let list = byService.get(key);
    if (!list) {
      list = candidates.filter(deployment => sameService(change, deployment));
      byService.set(key, list);
    }
    return list;
  };

  const shipped = new Map<string, ChangeAttribution>();
  for (const change of changes) {
    const mergedAt = change.mergedAt.getTime();
    const named = naming
      .get(shaKey(change.mergeSha))
      ?.find(
        ({ deployment, sha }) =>
          deployment.finishedAt.getTime() >= mergedAt &&
          shaMatches(sha, change.mergeSha) &&
          sameService(change, deployment),
      );
    if (named) {
      shipped.set(change.id, {
        deploymentId: named.deployment.id,
        deployedAt: named.deployment.finishedAt,
        method: named.method,
      });
      continue;
    }
    const service = deploymentsOf(change);
    const next = service[firstAtOrAfter(service, mergedAt)];
    if (next) {
      shipped.set(change.id, {
        deploymentId: next.id,
        deployedAt: next.finishedAt,
        method: 'time',
      });
    }
  }
  return shipped;
}
