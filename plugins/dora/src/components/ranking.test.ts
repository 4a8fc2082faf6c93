import { makeEmptyMetrics, makeMetrics, makeSquad } from '../testing/fixtures';
import { rankSquads, squadScore } from './ranking';

describe('rankSquads', () => {
  const elite = makeMetrics({
    leadTime: { ...makeMetrics().leadTime, level: 'elite' },
    changeFailureRate: { ...makeMetrics().changeFailureRate, level: 'elite' },
    failedDeploymentRecoveryTime: {
      ...makeMetrics().failedDeploymentRecoveryTime,
      level: 'elite',
    },
  });
  const medium = makeMetrics({
    deploymentFrequency: {
      deployments: 3,
      perDay: 0.1,
      medianDeployDaysPerWeek: 1,
      level: 'medium',
    },
    leadTime: { ...makeMetrics().leadTime, level: 'medium' },
    changeFailureRate: { ...makeMetrics().changeFailureRate, level: 'low' },
    failedDeploymentRecoveryTime: {
      ...makeMetrics().failedDeploymentRecoveryTime,
      level: null,
    },
  });

  it('scores the mean level of the four key metrics that have data', () => {
    expect(squadScore(makeSquad('a', 'A', elite))).toBe(3);
    expect(squadScore(makeSquad('b', 'B', makeMetrics()))).toBe(2.25);
    expect(squadScore(makeSquad('c', 'C', medium))).toBeCloseTo(2 / 3);
    expect(squadScore(makeSquad('d', 'D', makeEmptyMetrics()))).toBeNull();
  });

  it('puts the best first, squads without deployments last, ties sharing a rank', () => {
    const ranked = rankSquads([
      makeSquad('idle', 'Idle', makeEmptyMetrics()),
      makeSquad('slow', 'Slow', medium),
      makeSquad('payments', 'Payments', makeMetrics()),
      makeSquad('checkout', 'Checkout', elite),
      makeSquad('search', 'Search', makeMetrics()),
    ]);
    expect(ranked.map(squad => [squad.rank, squad.title])).toEqual([
      [1, 'Checkout'],
      [2, 'Payments'],
      [2, 'Search'],
      [4, 'Slow'],
      [5, 'Idle'],
    ]);
  });
});
