import { PerformanceLevel, SquadMetrics } from '@internal/plugin-dora-common';

const POINTS: Record<PerformanceLevel, number> = {
  elite: 3,
  high: 2,
  medium: 1,
  low: 0,
};

/**
 * A squad's overall score: the mean of its four key metrics' levels (elite 3,
 * high 2, medium 1, low 0) over those that have data; `null` without a
 * deployment in the window.
 */
export function squadScore(squad: SquadMetrics): number | null {
  const { metrics } = squad;
  if (metrics.deploymentFrequency.deployments === 0) return null;
  const levels = [
    metrics.deploymentFrequency.level,
    metrics.leadTime.level,
    metrics.changeFailureRate.level,
    metrics.failedDeploymentRecoveryTime.level,
  ].filter((level): level is PerformanceLevel => level !== null);
  if (levels.length === 0) return null;
  return levels.reduce((sum, level) => sum + POINTS[level], 0) / levels.length;
}

export type RankedSquad = SquadMetrics & {
  rank: number;
  score: number | null;
};

/**
 * Squads best first: by score, then deployments per day, then title; squads
 * without deployments last. Equal score and frequency share a rank.
 */
export function rankSquads(squads: SquadMetrics[]): RankedSquad[] {
  const scored = squads.map(squad => ({ ...squad, score: squadScore(squad) }));
  scored.sort(
    (a, b) =>
      (b.score ?? -1) - (a.score ?? -1) ||
      b.metrics.deploymentFrequency.perDay -
        a.metrics.deploymentFrequency.perDay ||
      a.title.localeCompare(b.title),
  );
  let rank = 0;
  return scored.map((squad, index) => {
    const previous = scored[index - 1];
    if (
      !previous ||
      previous.score !== squad.score ||
      previous.metrics.deploymentFrequency.perDay !==
        squad.metrics.deploymentFrequency.perDay
    ) {
      rank = index + 1;
    }
    return { ...squad, rank };
  });
}
