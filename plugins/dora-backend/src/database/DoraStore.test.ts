import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Deployment } from '@internal/plugin-dora-common';
import { DoraStore } from './DoraStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const TABLES = [
  'dora_github_cursors',
  'dora_deployments',
  'dora_deployment_changes',
  'dora_changes',
  'dora_incidents',
];

function deployment(overrides: Partial<Deployment>): Deployment {
  return {
    id: 'api:d1',
    entityRef: 'component:default/checkout-service',
    repository: 'lumen-retail/checkout-service',
    environment: 'production',
    environmentKind: 'production',
    sha: 'a'.repeat(40),
    status: 'success',
    finishedAt: new Date('2026-11-02T12:00:00Z'),
    source: 'api',
    ...overrides,
  };
}

async function createStore() {
  const knex = await databases.init('POSTGRES_15');
  const store = await DoraStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
  return { knex, store };
}

const WINDOW = {
  from: new Date('2026-11-02T00:00:00Z'),
  to: new Date('2026-11-09T00:00:00Z'),
};

describe('DoraStore', () => {
  it('replaces a redelivered deployment and the changes it names', async () => {
    const { store } = await createStore();
    await store.upsertDeployments([
      { deployment: deployment({}), changeShas: ['b'.repeat(40)] },
    ]);
    await store.upsertDeployments([
      {
        deployment: deployment({ status: 'failure' }),
        changeShas: ['c'.repeat(40), 'c'.repeat(40)],
      },
    ]);
    const records = await store.readRecords(
      {
        entityRefs: ['component:default/checkout-service'],
        repositories: [],
      },
      WINDOW,
    );
    expect(records.deployments).toEqual([
      expect.objectContaining({ id: 'api:d1', status: 'failure' }),
    ]);
    expect(records.explicitChanges.get('api:d1')).toEqual(['c'.repeat(40)]);
  });

  it('reads a scope by entity ref or repository, within the window’s bounds', async () => {
    const { store } = await createStore();
    await store.upsertDeployments([
      { deployment: deployment({ id: 'api:linked' }) },
    ]);
    // Stored before the repository was in the catalog: no entity ref.
    await store.upsertDeployments([
      { deployment: deployment({ id: 'api:unlinked', entityRef: undefined }) },
    ]);
    await store.upsertDeployments([
      {
        deployment: deployment({
          id: 'api:other',
          entityRef: 'component:default/search-service',
          repository: 'lumen-retail/search-service',
        }),
      },
    ]);
    // 90 days of lookback for deployments: 100 days before is out.
    await store.upsertDeployments([
      {
        deployment: deployment({
          id: 'api:ancient',
          finishedAt: new Date('2026-07-25T00:00:00Z'),
        }),
      },
    ]);
    const records = await store.readRecords(
      {
        entityRefs: ['component:default/checkout-service'],
        repositories: ['lumen-retail/checkout-service'],
      },
      WINDOW,
    );
    expect(records.deployments.map(d => d.id).sort()).toEqual([
      'api:linked',
      'api:unlinked',
    ]);
    expect((await store.unlinkedDeployments(10)).map(d => d.id)).toEqual([
      'api:unlinked',
    ]);
  });

  it('stores a batch in which one id comes twice: the last wins', async () => {
    const { store } = await createStore();
    await store.upsertDeployments([
      { deployment: deployment({ status: 'failure' }) },
      { deployment: deployment({ id: 'api:d2' }) },
      { deployment: deployment({ status: 'success' }) },
    ]);
    const records = await store.readRecords(
      { entityRefs: ['component:default/checkout-service'], repositories: [] },
      WINDOW,
    );
    expect(records.deployments.map(d => [d.id, d.status]).sort()).toEqual([
      ['api:d1', 'success'],
      ['api:d2', 'success'],
    ]);
  });

  it('keeps how far each repository stream was read', async () => {
    const { store } = await createStore();
    const repository = 'lumen-retail/checkout-service';
    expect(await store.syncedUntil(repository, 'pulls')).toBeUndefined();
    await store.setSyncedUntil(repository, 'pulls', WINDOW.from);
    await store.setSyncedUntil(repository, 'pulls', WINDOW.to);
    expect(await store.syncedUntil(repository, 'pulls')).toEqual(WINDOW.to);
    expect(await store.syncedUntil(repository, 'issues')).toBeUndefined();
  });

  it('migrates down and up again', async () => {
    const knex = await databases.init('POSTGRES_15');
    const config = {
      directory: resolvePackagePath(
        '@internal/plugin-dora-backend',
        'migrations',
      ),
    };
    await knex.migrate.latest(config);
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.migrate.rollback(config, true);
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('dora_deployments')).toBe(true);
  });
});
