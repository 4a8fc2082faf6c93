import { PERFORMANCE_BANDS } from '@internal/plugin-dora-common';
import { computeSeries, seriesPeriods } from './computeSeries';

describe('computeSeries', () => {
  it('cuts a window into weeks from its start, the last one short', () => {
    const periods = seriesPeriods(
      {
        from: new Date('2026-11-02T00:00:00Z'),
        to: new Date('2026-11-18T00:00:00Z'),
      },
      'week',
    );
    expect(
      periods.map(p => [p.from.toISOString(), p.to.toISOString()]),
    ).toEqual([
      ['2026-11-02T00:00:00.000Z', '2026-11-09T00:00:00.000Z'],
      ['2026-11-09T00:00:00.000Z', '2026-11-16T00:00:00.000Z'],
      ['2026-11-16T00:00:00.000Z', '2026-11-18T00:00:00.000Z'],
    ]);
  });

  it('cuts a window into calendar months', () => {
    const periods = seriesPeriods(
      {
        from: new Date('2026-09-15T00:00:00Z'),
        to: new Date('2026-11-10T00:00:00Z'),
      },
      'month',
    );
    expect(periods.map(p => p.from.toISOString().slice(0, 10))).toEqual([
      '2026-09-15',
      '2026-10-01',
      '2026-11-01',
    ]);
  });

  it('counts each period’s deployments on their own', () => {
    const deployment = (id: string, finishedAt: string) => ({
      id,
      entityRef: 'component:default/checkout',
      environment: 'production',
      environmentKind: 'production' as const,
      sha: 'a'.repeat(40),
      status: 'success' as const,
      finishedAt: new Date(finishedAt),
      source: 'api',
    });
    const points = computeSeries(
      {
        deployments: [
          deployment('1', '2026-11-03T10:00:00Z'),
          deployment('2', '2026-11-04T10:00:00Z'),
          deployment('3', '2026-11-10T10:00:00Z'),
        ],
        changes: [],
        incidents: [],
        window: {
          from: new Date('2026-11-02T00:00:00Z'),
          to: new Date('2026-11-16T00:00:00Z'),
        },
        timeZone: 'UTC',
        bands: PERFORMANCE_BANDS['2023'],
      },
      'week',
    );
    // Week 1: 2 deployments / 7 days; week 2: 1 / 7.
    expect(points.map(p => p.deployments)).toEqual([2, 1]);
    expect(points[0].deploymentsPerDay).toBeCloseTo(2 / 7, 10);
    expect(points[1].changeFailureRate).toBe(0);
    expect(points[1].leadTimeMedianSeconds).toBeNull();
  });
});
