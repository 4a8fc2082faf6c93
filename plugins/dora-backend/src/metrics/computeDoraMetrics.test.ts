import {
  Change,
  Incident,
  PERFORMANCE_BANDS,
} from '@internal/plugin-dora-common';
import { attributeIncident } from './attributeIncident';
import { computeDoraMetrics, DoraMetricsInput } from './computeDoraMetrics';
import { CHECKOUT, deployment, sha } from './__testUtils__/records';

const HOUR = 3600;
const DAY = 24 * HOUR;
const CART = 'component:default/cart';

const change = (
  number: number,
  times: {
    firstCommitAt: string;
    openedAt: string;
    firstReviewAt?: string;
    mergedAt: string;
  },
  mergeSha: string,
  overrides: Partial<Change> = {},
): Change => ({
  id: `acme/checkout#${number}`,
  entityRef: CHECKOUT,
  repository: 'acme/checkout',
  number,
  title: `PR ${number}`,
  firstCommitAt: new Date(times.firstCommitAt),
  openedAt: new Date(times.openedAt),
  firstReviewAt: times.firstReviewAt
    ? new Date(times.firstReviewAt)
    : undefined,
  mergedAt: new Date(times.mergedAt),
  mergeSha,
  isRevert: false,
  ...overrides,
});

const incident = (
  id: string,
  openedAt: string,
  resolvedAt: string | undefined,
  deploymentId: string | undefined,
): Incident => ({
  id,
  entityRef: CHECKOUT,
  title: `Incident ${id}`,
  source: 'api',
  openedAt: new Date(openedAt),
  resolvedAt: resolvedAt ? new Date(resolvedAt) : undefined,
  deploymentId,
  attribution: deploymentId ? 'named-deployment' : 'unattributed',
});

/** Two whole UTC weeks: Mon 2026-03-02 to Mon 2026-03-16, 14 days. */
const TWO_WEEKS = {
  from: new Date('2026-03-02T00:00:00Z'),
  to: new Date('2026-03-16T00:00:00Z'),
};

const metrics = (input: Partial<DoraMetricsInput>) =>
  computeDoraMetrics({
    deployments: [],
    changes: [],
    incidents: [],
    window: TWO_WEEKS,
    timeZone: 'UTC',
    bands: PERFORMANCE_BANDS['2023'],
    ...input,
  });

describe('computeDoraMetrics', () => {
  it('shows zero deployments, rated low, and no other figures for an empty window', () => {
    const result = metrics({
      // Wed 2026-03-04 to Sat 03-07: 3 days, no whole week.
      window: {
        from: new Date('2026-03-04T00:00:00Z'),
        to: new Date('2026-03-07T00:00:00Z'),
      },
    });
    const empty = { count: 0, medianSeconds: null, p90Seconds: null };
    expect(result).toEqual({
      window: {
        from: '2026-03-04T00:00:00.000Z',
        to: '2026-03-07T00:00:00.000Z',
        days: 3,
      },
      deploymentFrequency: {
        deployments: 0,
        perDay: 0,
        medianDeployDaysPerWeek: null,
        level: 'low',
      },
      leadTime: {
        ...empty,
        stages: { coding: empty, pickup: empty, review: empty, deploy: empty },
        level: null,
      },
      changeFailureRate: {
        deployments: 0,
        failedDeployments: 0,
        rate: null,
        level: null,
      },
      failedDeploymentRecoveryTime: { ...empty, level: null },
      timeToRestore: { ...empty, level: null },
      reworkRate: { deployments: 0, unplannedDeployments: 0, rate: null },
      bands: '2023',
    });
  });

  it('shows 0 deploy days a week when whole weeks passed without a deployment', () => {
    const result = metrics({});
    // two whole weeks, 0 deploy days each → median 0
    expect(result.deploymentFrequency.medianDeployDaysPerWeek).toBe(0);
    expect(result.window.days).toBe(14);
  });

  it('measures a squash-merged PR from its first commit, not from the squash', () => {
    const result = metrics({
      changes: [
        change(
          1,
          {
            firstCommitAt: '2026-02-20T10:00:00Z',
            openedAt: '2026-03-03T09:00:00Z',
            firstReviewAt: '2026-03-03T11:00:00Z',
            mergedAt: '2026-03-03T15:00:00Z',
          },
          sha('a'),
        ),
      ],
      deployments: [
        deployment('api:1', '2026-03-03T16:00:00Z', { sha: sha('a') }),
      ],
    });
    // 02-20 10:00 → 03-03 16:00 = 11 days 6 h = 270 h = 972000 s
    expect(result.leadTime.count).toBe(1);
    expect(result.leadTime.medianSeconds).toBe(270 * HOUR);
    expect(result.leadTime.p90Seconds).toBe(270 * HOUR);
    // 270 h is over a week (168 h) and within a month (720 h): medium
    expect(result.leadTime.level).toBe('medium');
    // coding 02-20 10:00 → 03-03 09:00 = 10 days 23 h = 263 h = 946800 s
    expect(result.leadTime.stages.coding.medianSeconds).toBe(263 * HOUR);
    // pickup 09:00 → 11:00 = 7200 s
    expect(result.leadTime.stages.pickup.medianSeconds).toBe(2 * HOUR);
    // review 11:00 → 15:00 = 14400 s
    expect(result.leadTime.stages.review.medianSeconds).toBe(4 * HOUR);
    // deploy 15:00 → 16:00 = 3600 s; 946800 + 7200 + 14400 + 3600 = 972000
    expect(result.leadTime.stages.deploy.medianSeconds).toBe(HOUR);
  });

  it('measures every PR a deployment ships, with each stage summarised', () => {
    const result = metrics({
      changes: [
        // No review.
        change(
          1,
          {
            firstCommitAt: '2026-03-04T08:00:00Z',
            openedAt: '2026-03-04T09:00:00Z',
            mergedAt: '2026-03-04T10:00:00Z',
          },
          sha('a'),
        ),
        change(
          2,
          {
            firstCommitAt: '2026-03-04T06:00:00Z',
            openedAt: '2026-03-04T07:00:00Z',
            firstReviewAt: '2026-03-04T07:30:00Z',
            mergedAt: '2026-03-04T11:00:00Z',
          },
          sha('b'),
        ),
        change(
          3,
          {
            firstCommitAt: '2026-03-03T12:00:00Z',
            openedAt: '2026-03-04T09:00:00Z',
            firstReviewAt: '2026-03-04T10:00:00Z',
            mergedAt: '2026-03-04T12:00:00Z',
          },
          sha('c'),
        ),
      ],
      deployments: [
        deployment('api:1', '2026-03-04T14:00:00Z', { sha: sha('c') }),
      ],
    });
    const { leadTime } = result;
    // lead: #1 08:00→14:00 = 21600; #2 06:00→14:00 = 28800;
    // #3 03-03 12:00→03-04 14:00 = 93600
    expect(leadTime.count).toBe(3);
    // median of 21600, 28800, 93600 = 28800 (8 h)
    expect(leadTime.medianSeconds).toBe(8 * HOUR);
    // p90: position 0.9 × 2 = 1.8 → 28800 + 0.8 × (93600 − 28800) = 80640
    expect(leadTime.p90Seconds).toBeCloseTo(80640, 6);
    // 8 h is under a day: elite
    expect(leadTime.level).toBe('elite');

    // coding: 3600, 3600, 75600 → median 3600; p90 3600 + 0.8 × 72000 = 61200
    expect(leadTime.stages.coding.count).toBe(3);
    expect(leadTime.stages.coding.medianSeconds).toBe(3600);
    expect(leadTime.stages.coding.p90Seconds).toBeCloseTo(61200, 6);
    // pickup (reviewed PRs only): #2 1800, #3 3600 → median 2700;
    // p90 position 0.9 → 1800 + 0.9 × 1800 = 3420
    expect(leadTime.stages.pickup.count).toBe(2);
    expect(leadTime.stages.pickup.medianSeconds).toBe(2700);
    expect(leadTime.stages.pickup.p90Seconds).toBeCloseTo(3420, 6);
    // review: #1 opened→merged 3600; #2 07:30→11:00 = 12600; #3 10:00→12:00
    // = 7200 → median 7200; p90 7200 + 0.8 × 5400 = 11520
    expect(leadTime.stages.review.count).toBe(3);
    expect(leadTime.stages.review.medianSeconds).toBe(7200);
    expect(leadTime.stages.review.p90Seconds).toBeCloseTo(11520, 6);
    // deploy: 14400, 10800, 7200 → median 10800; p90 10800 + 0.8 × 3600 = 13680
    expect(leadTime.stages.deploy.medianSeconds).toBe(10800);
    expect(leadTime.stages.deploy.p90Seconds).toBeCloseTo(13680, 6);

    // 1 deployment in 14 days = 1/14 a day: under 1/7, at least 1/30 → medium
    expect(result.deploymentFrequency.deployments).toBe(1);
    expect(result.deploymentFrequency.perDay).toBeCloseTo(1 / 14, 10);
    expect(result.deploymentFrequency.level).toBe('medium');
    // week 1: 1 deploy day; week 2: 0 → median 0.5
    expect(result.deploymentFrequency.medianDeployDaysPerWeek).toBe(0.5);
  });

  it('counts a commit authored after the PR was opened as no coding time', () => {
    const result = metrics({
      changes: [
        change(
          1,
          {
            firstCommitAt: '2026-03-04T10:00:00Z',
            openedAt: '2026-03-04T09:00:00Z',
            mergedAt: '2026-03-04T11:00:00Z',
          },
          sha('a'),
        ),
      ],
      deployments: [
        deployment('api:1', '2026-03-04T12:00:00Z', { sha: sha('a') }),
      ],
    });
    // coding 10:00 → 09:00 = −3600 → 0; lead 10:00 → 12:00 = 7200
    expect(result.leadTime.stages.coding.medianSeconds).toBe(0);
    expect(result.leadTime.medianSeconds).toBe(2 * HOUR);
  });

  it('neither counts a deployment to staging nor ships the PRs it carried', () => {
    const result = metrics({
      changes: [
        change(
          1,
          {
            firstCommitAt: '2026-03-04T08:00:00Z',
            openedAt: '2026-03-04T09:00:00Z',
            mergedAt: '2026-03-04T10:00:00Z',
          },
          sha('a'),
        ),
      ],
      deployments: [
        deployment('api:prod', '2026-03-03T10:00:00Z', { sha: sha('z') }),
        deployment('api:staging', '2026-03-04T11:00:00Z', {
          sha: sha('a'),
          environment: 'staging',
          environmentKind: 'staging',
        }),
        deployment('api:failed', '2026-03-04T12:00:00Z', {
          sha: sha('a'),
          status: 'failure',
        }),
      ],
    });
    // Only api:prod, which finished before the merge.
    expect(result.deploymentFrequency.deployments).toBe(1);
    expect(result.leadTime.count).toBe(0);
    expect(result.leadTime.medianSeconds).toBeNull();
  });

  it('leaves PRs shipped outside the window out of lead time', () => {
    const result = metrics({
      changes: [
        // Merged before the window, shipped inside it: counted.
        change(
          1,
          {
            firstCommitAt: '2026-02-27T08:00:00Z',
            openedAt: '2026-02-27T09:00:00Z',
            mergedAt: '2026-02-28T10:00:00Z',
          },
          sha('a'),
        ),
        // Merged inside the window, shipped after it: not yet.
        change(
          2,
          {
            firstCommitAt: '2026-03-15T08:00:00Z',
            openedAt: '2026-03-15T09:00:00Z',
            mergedAt: '2026-03-15T10:00:00Z',
          },
          sha('b'),
        ),
      ],
      deployments: [
        deployment('api:1', '2026-03-02T08:00:00Z', { sha: sha('a') }),
        deployment('api:2', '2026-03-16T08:00:00Z', { sha: sha('b') }),
      ],
    });
    // #1: 02-27 08:00 → 03-02 08:00 = 3 days = 259200 s
    expect(result.leadTime.count).toBe(1);
    expect(result.leadTime.medianSeconds).toBe(3 * DAY);
  });

  it('fails nothing for an incident with no deployment before it', () => {
    const deployments = [deployment('api:1', '2026-03-06T10:00:00Z')];
    const opened = new Date('2026-03-05T10:00:00Z');
    const attributed = attributeIncident({ openedAt: opened }, deployments);
    expect(attributed).toEqual({ attribution: 'unattributed' });
    const result = metrics({
      deployments,
      incidents: [
        {
          ...incident(
            'pd:1',
            '2026-03-05T10:00:00Z',
            '2026-03-05T12:00:00Z',
            undefined,
          ),
          ...attributed,
        },
      ],
    });
    // 0 failed of 1 deployment = 0 → elite
    expect(result.changeFailureRate).toEqual({
      deployments: 1,
      failedDeployments: 0,
      rate: 0,
      level: 'elite',
    });
    expect(result.failedDeploymentRecoveryTime.count).toBe(0);
    // Still restored: 10:00 → 12:00 = 7200 s; over an hour, within a day: high
    expect(result.timeToRestore).toEqual({
      count: 1,
      medianSeconds: 7200,
      p90Seconds: 7200,
      level: 'high',
    });
  });

  it('fails the deployment of the commit an incident names, not the latest one', () => {
    const deployments = [
      deployment('api:1', '2026-03-03T10:00:00Z', { sha: sha('a') }),
      deployment('api:2', '2026-03-04T10:00:00Z', { sha: sha('b') }),
      deployment('api:3', '2026-03-05T10:00:00Z', { sha: sha('c') }),
    ];
    const attributed = attributeIncident(
      { openedAt: new Date('2026-03-05T12:00:00Z'), sha: 'AAAAAAAA' },
      deployments,
    );
    expect(attributed).toEqual({
      deploymentId: 'api:1',
      attribution: 'named-sha',
    });
    const result = metrics({
      deployments,
      incidents: [
        {
          ...incident(
            'pd:1',
            '2026-03-05T12:00:00Z',
            '2026-03-05T13:30:00Z',
            undefined,
          ),
          ...attributed,
        },
      ],
    });
    // 1 failed of 3 = 0.333… > 0.15 → low
    expect(result.changeFailureRate.failedDeployments).toBe(1);
    expect(result.changeFailureRate.rate).toBeCloseTo(1 / 3, 10);
    expect(result.changeFailureRate.level).toBe('low');
    // api:1 recovered with the next deployment, api:2: 03-03 10:00 → 03-04
    // 10:00 = 86400 s; over an hour, within a day → high
    expect(result.failedDeploymentRecoveryTime).toEqual({
      count: 1,
      medianSeconds: DAY,
      p90Seconds: DAY,
      level: 'high',
    });
    // 12:00 → 13:30 = 5400 s
    expect(result.timeToRestore.medianSeconds).toBe(5400);
  });

  it('fails the deployment a revert PR or a rollback follows', () => {
    const result = metrics({
      deployments: [
        deployment('api:1', '2026-03-03T10:00:00Z'),
        deployment('api:2', '2026-03-04T10:00:00Z'),
        deployment('api:3', '2026-03-04T11:00:00Z', {
          unplannedReason: 'rollback',
        }),
        deployment('api:4', '2026-03-05T10:00:00Z'),
        // Ships the revert PR below.
        deployment('api:5', '2026-03-05T10:30:00Z', {
          sha: sha('r'),
          unplannedReason: 'revert',
        }),
        // A hotfix alone does not say the deployment before it failed.
        deployment('api:6', '2026-03-06T10:00:00Z', {
          unplannedReason: 'hotfix',
        }),
      ],
      changes: [
        change(
          7,
          {
            firstCommitAt: '2026-03-05T10:05:00Z',
            openedAt: '2026-03-05T10:06:00Z',
            mergedAt: '2026-03-05T10:10:00Z',
          },
          sha('r'),
          { isRevert: true, title: 'Revert "PR 6"' },
        ),
      ],
    });
    // api:2 (rolled back by api:3) and api:4 (reverted by api:5): 2 of 6
    expect(result.changeFailureRate.deployments).toBe(6);
    expect(result.changeFailureRate.failedDeployments).toBe(2);
    expect(result.changeFailureRate.rate).toBeCloseTo(1 / 3, 10);
    // api:2 → api:3 = 3600 s; api:4 → api:5 = 1800 s; median 2700 (under an
    // hour: elite); p90 position 0.9 → 1800 + 0.9 × 1800 = 3420
    expect(result.failedDeploymentRecoveryTime.count).toBe(2);
    expect(result.failedDeploymentRecoveryTime.medianSeconds).toBe(2700);
    expect(result.failedDeploymentRecoveryTime.p90Seconds).toBeCloseTo(3420, 6);
    expect(result.failedDeploymentRecoveryTime.level).toBe('elite');
    // api:3, api:5, api:6 are unplanned: 3 of 6 = 0.5
    expect(result.reworkRate).toEqual({
      deployments: 6,
      unplannedDeployments: 3,
      rate: 0.5,
    });
    // The revert PR is a change too: 10:05 → 10:30 = 1500 s
    expect(result.leadTime.count).toBe(1);
    expect(result.leadTime.medianSeconds).toBe(1500);
  });

  it('fails the deployment a repair names, and recovers at the repair', () => {
    const result = metrics({
      deployments: [
        deployment('api:1', '2026-03-03T10:00:00Z'),
        deployment('api:2', '2026-03-03T12:00:00Z'),
        deployment('api:3', '2026-03-03T13:00:00Z', {
          unplannedReason: 'hotfix',
          remediatesDeploymentId: 'api:1',
        }),
      ],
    });
    // api:1 only: 1 of 3
    expect(result.changeFailureRate.failedDeployments).toBe(1);
    // api:1 → its repair api:3 = 3 h = 10800 s (not the next deployment, api:2)
    expect(result.failedDeploymentRecoveryTime.medianSeconds).toBe(3 * HOUR);
    // api:3: 1 of 3
    expect(result.reworkRate.unplannedDeployments).toBe(1);
  });

  it('fails the last deployment of the window when it was rolled back after the window', () => {
    const result = metrics({
      deployments: [
        deployment('api:1', '2026-03-15T20:00:00Z'),
        deployment('api:2', '2026-03-16T01:00:00Z', {
          unplannedReason: 'rollback',
        }),
      ],
    });
    // api:2 is outside the window: 1 deployment, failed; 1/1 = 1
    expect(result.changeFailureRate).toMatchObject({
      deployments: 1,
      failedDeployments: 1,
      rate: 1,
    });
    // 20:00 → 01:00 = 5 h = 18000 s
    expect(result.failedDeploymentRecoveryTime.medianSeconds).toBe(5 * HOUR);
    expect(result.reworkRate.unplannedDeployments).toBe(0);
  });

  it('counts a deployment with two incidents as one failed deployment', () => {
    const result = metrics({
      deployments: [
        deployment('api:0', '2026-03-01T10:00:00Z'),
        deployment('api:1', '2026-03-03T10:00:00Z'),
        deployment('api:2', '2026-03-04T10:00:00Z'),
      ],
      incidents: [
        incident(
          'pd:1',
          '2026-03-03T11:00:00Z',
          '2026-03-03T11:30:00Z',
          'api:1',
        ),
        incident(
          'pd:2',
          '2026-03-03T12:00:00Z',
          '2026-03-03T16:00:00Z',
          'api:1',
        ),
        // Not resolved yet: no restore time.
        incident('pd:3', '2026-03-10T12:00:00Z', undefined, 'api:2'),
        // Opened before the window: blames a deployment outside it.
        incident(
          'pd:4',
          '2026-03-01T12:00:00Z',
          '2026-03-01T13:00:00Z',
          'api:0',
        ),
      ],
    });
    // api:1 (two incidents) and api:2: 2 failed of 2 deployments in the window
    expect(result.changeFailureRate).toEqual({
      deployments: 2,
      failedDeployments: 2,
      rate: 1,
      level: 'low',
    });
    // api:1 → api:2 = 86400 s; api:2 never recovered: left out
    expect(result.failedDeploymentRecoveryTime.count).toBe(1);
    expect(result.failedDeploymentRecoveryTime.medianSeconds).toBe(DAY);
    // pd:1 1800 s, pd:2 14400 s; median (1800 + 14400) / 2 = 8100 (high);
    // p90 position 0.9 → 1800 + 0.9 × 12600 = 13140
    expect(result.timeToRestore.count).toBe(2);
    expect(result.timeToRestore.medianSeconds).toBe(8100);
    expect(result.timeToRestore.p90Seconds).toBeCloseTo(13140, 6);
    expect(result.timeToRestore.level).toBe('high');
  });

  describe('with two production regions', () => {
    const deployments = [
      deployment('eu:1', '2026-03-03T10:00:00Z', {
        sha: sha('a'),
        environment: 'production-eu',
      }),
      deployment('us:1', '2026-03-03T12:00:00Z', {
        sha: sha('a'),
        environment: 'production-us',
      }),
      deployment('us:2', '2026-03-10T10:00:00Z', {
        sha: sha('b'),
        environment: 'production-us',
      }),
      deployment('eu:2', '2026-03-10T11:00:00Z', {
        sha: sha('b'),
        environment: 'production-eu',
      }),
    ];
    const changes = [
      change(
        1,
        {
          firstCommitAt: '2026-03-03T08:00:00Z',
          openedAt: '2026-03-03T08:30:00Z',
          mergedAt: '2026-03-03T09:00:00Z',
        },
        sha('a'),
      ),
      change(
        2,
        {
          firstCommitAt: '2026-03-10T07:00:00Z',
          openedAt: '2026-03-10T08:00:00Z',
          mergedAt: '2026-03-10T09:00:00Z',
        },
        sha('b'),
      ),
    ];
    const incidents = [
      incident('pd:1', '2026-03-03T10:30:00Z', '2026-03-03T11:00:00Z', 'eu:1'),
    ];

    it('counts each region’s deployment, and measures lead time to the first region', () => {
      const result = metrics({ deployments, changes, incidents });
      // 4 deployments in 14 days = 2/7 a day: at least 1/7 → high
      expect(result.deploymentFrequency.deployments).toBe(4);
      expect(result.deploymentFrequency.perDay).toBeCloseTo(2 / 7, 10);
      expect(result.deploymentFrequency.level).toBe('high');
      // one deploy day in each week → median 1
      expect(result.deploymentFrequency.medianDeployDaysPerWeek).toBe(1);
      // #1 to eu:1 08:00 → 10:00 = 7200; #2 to us:2 07:00 → 10:00 = 10800;
      // median 9000
      expect(result.leadTime.medianSeconds).toBe(9000);
      // eu:1 failed: 1 of 4 = 0.25
      expect(result.changeFailureRate.rate).toBe(0.25);
      // recovered by the next deployment to production-eu, eu:2 (not us:1):
      // 03-03 10:00 → 03-10 11:00 = 7 days + 1 h = 169 h = 608400 s
      expect(result.failedDeploymentRecoveryTime.medianSeconds).toBe(
        169 * HOUR,
      );
    });

    it('narrows everything to the region asked for', () => {
      const us = metrics({
        deployments,
        changes,
        incidents,
        environment: 'production-us',
      });
      // 2 in 14 days = 1/7 → high
      expect(us.deploymentFrequency.deployments).toBe(2);
      expect(us.deploymentFrequency.level).toBe('high');
      // #1 to us:1 08:00 → 12:00 = 14400; #2 to us:2 07:00 → 10:00 = 10800;
      // median 12600
      expect(us.leadTime.medianSeconds).toBe(12600);
      expect(us.changeFailureRate).toMatchObject({
        failedDeployments: 0,
        rate: 0,
      });

      const eu = metrics({
        deployments,
        changes,
        incidents,
        environment: 'production-eu',
      });
      // #1 to eu:1 7200; #2 to eu:2 07:00 → 11:00 = 14400; median 10800
      expect(eu.leadTime.medianSeconds).toBe(10800);
      // eu:1 of eu:1, eu:2 = 0.5
      expect(eu.changeFailureRate.rate).toBe(0.5);
      // Incidents name no region: restore time is the same either way.
      expect(eu.timeToRestore.medianSeconds).toBe(1800);
      expect(us.timeToRestore.medianSeconds).toBe(1800);
    });
  });

  it('combines a Group’s services without mixing them up', () => {
    const result = metrics({
      deployments: [
        deployment('checkout:1', '2026-03-03T10:00:00Z'),
        deployment('cart:1', '2026-03-03T11:00:00Z', {
          entityRef: CART,
          repository: 'acme/cart',
        }),
        deployment('cart:2', '2026-03-03T12:00:00Z', {
          entityRef: CART,
          repository: 'acme/cart',
          unplannedReason: 'rollback',
        }),
      ],
      changes: [
        change(
          1,
          {
            firstCommitAt: '2026-03-03T09:00:00Z',
            openedAt: '2026-03-03T09:15:00Z',
            mergedAt: '2026-03-03T10:30:00Z',
          },
          sha('c'),
          { id: 'acme/cart#1', entityRef: CART, repository: 'acme/cart' },
        ),
      ],
    });
    // The rollback of cart fails cart:1, not checkout:1 before it: 1 of 3
    expect(result.deploymentFrequency.deployments).toBe(3);
    expect(result.changeFailureRate.failedDeployments).toBe(1);
    // cart:1 → cart:2 = 3600 s
    expect(result.failedDeploymentRecoveryTime.medianSeconds).toBe(HOUR);
    // The cart PR ships with cart:1 (11:00), not checkout:1: 09:00 → 11:00 = 7200
    expect(result.leadTime.medianSeconds).toBe(2 * HOUR);
  });

  it('counts deploy days by the local calendar across Berlin’s spring DST change', () => {
    // Mon 2026-03-23 00:00 CET (22T23:00Z) to Mon 03-30 00:00 CEST (29T22:00Z):
    // one Berlin week of 167 hours.
    const window = {
      from: new Date('2026-03-22T23:00:00Z'),
      to: new Date('2026-03-29T22:00:00Z'),
    };
    const deployments = [
      deployment('api:1', '2026-03-22T23:30:00Z'), // Mon 00:30 CET
      deployment('api:2', '2026-03-23T23:30:00Z'), // Tue 00:30 CET (Mon in UTC)
      deployment('api:3', '2026-03-24T10:00:00Z'), // Tue 11:00 CET
      deployment('api:4', '2026-03-29T21:30:00Z'), // Sun 23:30 CEST
    ];
    const berlin = metrics({ deployments, window, timeZone: 'Europe/Berlin' });
    // days = 167 / 24; perDay = 4 / (167 / 24) = 96 / 167
    expect(berlin.window.days).toBeCloseTo(167 / 24, 10);
    expect(berlin.deploymentFrequency.perDay).toBeCloseTo(96 / 167, 10);
    // Mon, Tue, Sun = 3 deploy days
    expect(berlin.deploymentFrequency.medianDeployDaysPerWeek).toBe(3);
    // The same window holds no whole UTC week (Mon 03-23 00:00Z .. Mon 03-30
    // 00:00Z ends after 03-29 22:00Z).
    const utc = metrics({ deployments, window, timeZone: 'UTC' });
    expect(utc.deploymentFrequency.medianDeployDaysPerWeek).toBeNull();
    expect(utc.deploymentFrequency.deployments).toBe(4);
  });

  it('rejects a window that ends before it starts', () => {
    expect(() =>
      metrics({
        window: { from: TWO_WEEKS.to, to: TWO_WEEKS.from },
      }),
    ).toThrow(RangeError);
  });
});
