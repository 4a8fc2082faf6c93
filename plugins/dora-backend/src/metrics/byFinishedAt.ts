import { Deployment } from '@internal/plugin-dora-common';

/**
 * Orders deployments by when they finished, earliest first; deployments that
 * finished at the same instant by id, so every result is reproducible.
 */
export function byFinishedAt(a: Deployment, b: Deployment): number {
  const difference = a.finishedAt.getTime() - b.finishedAt.getTime();
  if (difference !== 0) return difference;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
