import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import { IngestionRunReport } from '../types';
import { IngestionRunStore } from './IngestionRunStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

function run(
  provider: string,
  finishedAt: string,
  overrides: Partial<IngestionRunReport> = {},
): IngestionRunReport {
  return {
    provider,
    sourceKind: 'kubernetes',
    target: 'production (production)',
    startedAt: new Date(new Date(finishedAt).getTime() - 5_000),
    finishedAt: new Date(finishedAt),
    outcome: 'complete',
    counts: { workloads: 12 },
    problems: [],
    ...overrides,
  };
}

describe('IngestionRunStore', () => {
  it('returns the latest run of every provider and the history of one', async () => {
    const knex = await databases.init('POSTGRES_15');
    const store = await IngestionRunStore.create(mockServices.database({ knex }));

    await store.report(run('kubernetes-workloads:staging', '2026-11-23T10:00:00Z'));
    await store.report(
      run('kubernetes-workloads:staging', '2026-11-23T10:05:00Z', {
        outcome: 'failed',
        counts: {},
        error: 'GET /apis/apps/v1/deployments answered 503',
      }),
    );
    await store.report(
      run('github-inference:lumen-retail', '2026-11-23T10:01:00Z', {
        sourceKind: 'github',
        target: 'lumen-retail',
        problems: [{ subject: 'lumen-retail/web:catalog-info.yaml', message: 'bad yaml' }],
      }),
    );

    const latest = await store.latestRuns();
    expect(latest.map(r => [r.provider, r.outcome])).toEqual([
      ['kubernetes-workloads:staging', 'failed'],
      ['github-inference:lumen-retail', 'complete'],
    ]);
    expect(latest[0].error).toBe('GET /apis/apps/v1/deployments answered 503');
    expect(latest[1].problems).toEqual([
      { subject: 'lumen-retail/web:catalog-info.yaml', message: 'bad yaml' },
    ]);
    expect(latest[1].startedAt).toEqual(new Date('2026-11-23T10:00:55Z'));

    const history = await store.runsOf('kubernetes-workloads:staging');
    expect(history.map(r => r.outcome)).toEqual(['failed', 'complete']);
    expect(history[1].counts).toEqual({ workloads: 12 });
  });

  it('keeps the last 50 runs per provider and caps the problems of one run', async () => {
    const knex = await databases.init('POSTGRES_15');
    const store = await IngestionRunStore.create(mockServices.database({ knex }));
    for (let i = 0; i < 55; i++) {
      await store.report(
        run('aws:lumen-retail', new Date(Date.UTC(2026, 10, 23, 10, i)).toISOString()),
      );
    }
    await store.report(
      run('other', '2026-11-23T12:00:00Z', {
        problems: Array.from({ length: 250 }, (_, i) => ({
          subject: `arn:${i}`,
          message: 'no tags',
        })),
      }),
    );

    expect(await store.runsOf('aws:lumen-retail', 100)).toHaveLength(50);
    const [other] = await store.runsOf('other');
    expect(other.problems).toHaveLength(201);
    expect(other.problems[200].message).toBe('50 more problems not shown');
  });

  it('migrates down cleanly', async () => {
    const knex = await databases.init('POSTGRES_15');
    await IngestionRunStore.create(mockServices.database({ knex }));
    await knex.migrate.rollback(
      {
        directory: resolve(__dirname, '../../migrations'),
        tableName: 'paved_ingestion_runs_migrations',
      },
      true,
    );
    expect(await knex.schema.hasTable('paved_ingestion_runs')).toBe(false);
  });
});
