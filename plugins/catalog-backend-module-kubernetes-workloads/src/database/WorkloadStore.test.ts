import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { WorkloadFacts } from '../mapping/mapToResourceEntity';
import { WorkloadStore } from './WorkloadStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

function facts(
  name: string,
  overrides: Partial<WorkloadFacts> = {},
): WorkloadFacts {
  const cluster = overrides.cluster ?? 'production';
  return {
    entityRef: `resource:default/${name}-deployment-${cluster}-checkout`,
    cluster,
    environment: cluster,
    namespace: 'checkout',
    kind: 'Deployment',
    name,
    componentRef: `component:default/${name}`,
    replicas: { desired: 3, ready: 3 },
    containers: [
      {
        name,
        image: `ghcr.io/lumen-retail/${name}:1.0.0@sha256:${'a'.repeat(64)}`,
        repository: `ghcr.io/lumen-retail/${name}`,
        tag: '1.0.0',
        digest: `sha256:${'a'.repeat(64)}`,
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { cpu: '1', memory: null },
      },
    ],
    schedule: null,
    ...overrides,
  };
}

describe('WorkloadStore', () => {
  it('keeps exactly what the latest complete list saw, per cluster', async () => {
    const knex = await databases.init('POSTGRES_15');
    const store = await WorkloadStore.create(mockServices.database({ knex }));
    await store.replaceForCluster(
      'production',
      [facts('cart-service'), facts('checkout-service')],
      new Date('2026-11-24T10:00:00Z'),
    );
    await store.replaceForCluster(
      'staging',
      [facts('cart-service', { cluster: 'staging' })],
      new Date('2026-11-24T10:00:00Z'),
    );
    const cart = facts('cart-service');
    expect(await store.get(cart.entityRef)).toEqual({
      ...cart,
      observedAt: new Date('2026-11-24T10:00:00Z'),
    });

    await store.replaceForCluster(
      'production',
      [facts('cart-service', { replicas: { desired: 5, ready: 4 } })],
      new Date('2026-11-24T10:10:00Z'),
    );
    const production = await store.listForCluster('production');
    expect(production.map(w => [w.name, w.replicas])).toEqual([
      ['cart-service', { desired: 5, ready: 4 }],
    ]);
    expect(await store.listForCluster('staging')).toHaveLength(1);
    expect(
      (await store.listForComponent('component:default/cart-service')).map(
        w => w.environment,
      ),
    ).toEqual(['production', 'staging']);
  });

  it('applies watch changes', async () => {
    const knex = await databases.init('POSTGRES_15');
    const store = await WorkloadStore.create(mockServices.database({ knex }));
    await store.replaceForCluster(
      'production',
      [facts('a'), facts('b')],
      new Date(),
    );
    await store.applyChanges(
      {
        upserted: [
          facts('c'),
          facts('a', { schedule: null, replicas: { desired: 1, ready: 0 } }),
        ],
        removedEntityRefs: [facts('b').entityRef],
      },
      new Date(),
    );
    const rows = await store.listForCluster('production');
    expect(rows.map(r => [r.name, r.replicas.desired])).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
  });

  it('migrates down and up again', async () => {
    const knex = await databases.init('POSTGRES_15');
    const config = {
      directory: resolvePackagePath(
        '@internal/plugin-catalog-backend-module-kubernetes-workloads',
        'migrations',
      ),
      tableName: 'paved_kubernetes_workloads_migrations',
    };
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('paved_kubernetes_workloads')).toBe(true);
    await knex.migrate.rollback(config, true);
    expect(await knex.schema.hasTable('paved_kubernetes_workloads')).toBe(
      false,
    );
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('paved_kubernetes_workloads')).toBe(true);
  });
});
