import {
  DoraMetrics,
  DurationSummary,
  SquadMetrics,
} from '@internal/plugin-dora-common';
import { DoraApi } from '../api/DoraApi';

const HOUR = 3600;
const DAY = 24 * HOUR;

const summary = (
  count: number,
  medianSeconds: number | null,
  p90Seconds: number | null,
): DurationSummary => ({ count, medianSeconds, p90Seconds });

/** A healthy month of a service: 42 deployments, 3 failed, lead time 2.1 days. */
export function makeMetrics(overrides: Partial<DoraMetrics> = {}): DoraMetrics {
  return {
    window: {
      from: '2026-10-24T12:00:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
      days: 30,
    },
    deploymentFrequency: {
      deployments: 42,
      perDay: 1.4,
      medianDeployDaysPerWeek: 4,
      level: 'elite',
    },
    leadTime: {
      ...summary(36, 2.1 * DAY, 6 * DAY),
      stages: {
        coding: summary(36, 1.2 * DAY, 3 * DAY),
        pickup: summary(30, 3 * HOUR, 20 * HOUR),
        review: summary(36, 5 * HOUR, 30 * HOUR),
        deploy: summary(36, 45 * 60, 4 * HOUR),
      },
      level: 'high',
    },
    changeFailureRate: {
      deployments: 42,
      failedDeployments: 3,
      rate: 3 / 42,
      level: 'high',
    },
    failedDeploymentRecoveryTime: {
      ...summary(2, 3.2 * HOUR, 5 * HOUR),
      level: 'high',
    },
    timeToRestore: { ...summary(1, 45 * 60, 45 * 60), level: 'elite' },
    reworkRate: { deployments: 42, unplannedDeployments: 2, rate: 2 / 42 },
    bands: '2023',
    ...overrides,
  };
}

/** A window without a deployment, a change or an incident. */
export function makeEmptyMetrics(): DoraMetrics {
  const none = summary(0, null, null);
  return makeMetrics({
    deploymentFrequency: {
      deployments: 0,
      perDay: 0,
      medianDeployDaysPerWeek: 0,
      level: 'low',
    },
    leadTime: {
      ...none,
      stages: { coding: none, pickup: none, review: none, deploy: none },
      level: null,
    },
    changeFailureRate: {
      deployments: 0,
      failedDeployments: 0,
      rate: null,
      level: null,
    },
    failedDeploymentRecoveryTime: { ...none, level: null },
    timeToRestore: { ...none, level: null },
    reworkRate: { deployments: 0, unplannedDeployments: 0, rate: null },
  });
}

export function makeSquad(
  name: string,
  title: string,
  metrics: DoraMetrics,
  components = 3,
): SquadMetrics {
  return { entityRef: `group:default/${name}`, title, components, metrics };
}

/** A DoraApi whose every method answers empty, for tests to override. */
export function makeDoraApi(overrides: Partial<DoraApi> = {}): DoraApi {
  return {
    metrics: async () => makeMetrics(),
    series: async () => ({ points: [] }),
    deployments: async () => ({ deployments: [] }),
    changes: async () => ({ changes: [] }),
    incidents: async () => ({ incidents: [] }),
    squads: async () => ({ squads: [] }),
    downloadCsv: async kind => ({
      fileName: `dora-${kind}.csv`,
      blob: new Blob(['id\r\n'], { type: 'text/csv' }),
    }),
    githubSync: async () => ({ enabled: false }),
    ...overrides,
  };
}
