import { FeatureFlag } from '@internal/plugin-feature-flags-common';
import { findStaleFlags, seriesIntervalMinutes } from './staleFlags';

const NOW = new Date('2026-11-29T12:00:00Z');
const daysAgo = (days: number) =>
  new Date(NOW.getTime() - days * 86_400_000).toISOString();

const on = {
  state: 'ENABLED' as const,
  variants: { on: true, off: false },
  defaultVariant: 'on',
};
const rolling = {
  ...on,
  defaultVariant: 'off',
  targeting: {
    fractional: [
      ['on', 50],
      ['off', 50],
    ],
  },
};

function flag(
  key: string,
  options: {
    kind?: FeatureFlag['kind'];
    created: number;
    production: object;
    changed: number;
  },
): FeatureFlag {
  const kind = options.kind ?? 'release';
  return {
    entityRef: 'component:default/cart-service',
    key,
    kind,
    description: '',
    createdAt: daysAgo(options.created),
    createdBy: 'user:default/ana',
    expectedLifetimeDays: { release: 40, experiment: 90 }[kind as string],
    environments: {
      production: {
        definition: options.production as never,
        version: 2,
        updatedAt: daysAgo(options.changed),
        updatedBy: 'user:default/ana',
      },
    },
  };
}

const options = {
  now: NOW,
  noEvaluationsDays: 14,
  productionEnvironment: 'production',
};

describe('findStaleFlags', () => {
  it('flags a release flag serving one variant to everyone for longer than 40 days', () => {
    const stale = findStaleFlags(
      [
        flag('done', { created: 100, production: on, changed: 41 }),
        flag('young', { created: 100, production: on, changed: 39 }),
        flag('rolling', { created: 100, production: rolling, changed: 90 }),
        flag('guard', {
          kind: 'kill-switch',
          created: 400,
          production: on,
          changed: 300,
        }),
      ],
      ['done', 'young', 'rolling', 'guard'].map(flagKey => ({
        entityRef: 'component:default/cart-service',
        flagKey,
        at: daysAgo(0),
      })),
      options,
    );
    expect(stale).toEqual([
      expect.objectContaining({
        key: 'done',
        reasons: [
          {
            code: 'fully-rolled-out',
            environment: 'production',
            servedVariant: 'on',
            since: daysAgo(41),
            lifetimeDays: 40,
          },
        ],
      }),
    ]);
  });

  it('flags flags nobody evaluated for 14 days, counting from creation when never evaluated', () => {
    const stale = findStaleFlags(
      [
        flag('quiet', { created: 60, production: rolling, changed: 1 }),
        flag('never', { created: 15, production: rolling, changed: 1 }),
        flag('new', { created: 3, production: rolling, changed: 1 }),
        flag('busy', { created: 60, production: rolling, changed: 1 }),
      ],
      [
        {
          entityRef: 'component:default/cart-service',
          flagKey: 'quiet',
          at: daysAgo(20),
        },
        {
          entityRef: 'component:default/cart-service',
          flagKey: 'busy',
          at: daysAgo(20),
        },
        {
          entityRef: 'component:default/cart-service',
          flagKey: 'busy',
          at: daysAgo(1),
        },
      ],
      options,
    );
    expect(stale.map(s => [s.key, s.reasons])).toEqual([
      [
        'quiet',
        [{ code: 'no-evaluations', days: 14, lastEvaluatedAt: daysAgo(20) }],
      ],
      ['never', [{ code: 'no-evaluations', days: 14 }]],
    ]);
  });
});

describe('seriesIntervalMinutes', () => {
  it('keeps a window to about 200 points in round buckets', () => {
    expect(seriesIntervalMinutes(1)).toBe(1);
    expect(seriesIntervalMinutes(3)).toBe(1);
    expect(seriesIntervalMinutes(24)).toBe(15);
    expect(seriesIntervalMinutes(24 * 7)).toBe(60);
    expect(seriesIntervalMinutes(24 * 30)).toBe(360);
  });
});
