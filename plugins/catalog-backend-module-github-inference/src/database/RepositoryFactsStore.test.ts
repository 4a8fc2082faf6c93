import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { RepositoryFacts } from '../inference/repositoryFacts';
import { RepositoryFactsStore } from './RepositoryFactsStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

function facts(name: string, overrides: Partial<RepositoryFacts> = {}): RepositoryFacts {
  return {
    repositorySlug: `lumen-retail/${name}`,
    defaultBranch: 'main',
    hasCatalogInfo: false,
    hasDockerfile: true,
    hasCodeowners: true,
    ciWorkflows: ['.github/workflows/ci.yml'],
    runbooks: [],
    archived: false,
    pushedAt: new Date('2026-11-20T10:00:00Z'),
    ...overrides,
  };
}

describe('RepositoryFactsStore', () => {
  it('keeps exactly what the latest complete pass saw', async () => {
    const knex = await databases.init('POSTGRES_15');
    const store = await RepositoryFactsStore.create(
      mockServices.database({ knex }),
    );

    await store.replaceForProvider(
      'lumen-retail',
      [
        facts('pricing-engine', { entityRef: 'component:default/pricing-engine' }),
        facts('checkout-service', {
          hasCatalogInfo: true,
          runbooks: ['docs/runbooks/checkout-service.md'],
        }),
      ],
      new Date('2026-11-23T10:00:00Z'),
    );
    expect(await store.get('Lumen-Retail/Checkout-Service')).toEqual(
      facts('checkout-service', {
        hasCatalogInfo: true,
        runbooks: ['docs/runbooks/checkout-service.md'],
      }),
    );

    await store.replaceForProvider(
      'lumen-retail',
      [facts('checkout-service', { hasDockerfile: false })],
      new Date('2026-11-23T10:30:00Z'),
    );
    const rows = await store.listForProvider('lumen-retail');
    expect(rows.map(r => r.repositorySlug)).toEqual(['lumen-retail/checkout-service']);
    expect(rows[0].hasDockerfile).toBe(false);
    expect(await store.get('lumen-retail/pricing-engine')).toBeUndefined();
  });

  it('leaves other providers alone', async () => {
    const knex = await databases.init('POSTGRES_15');
    const store = await RepositoryFactsStore.create(mockServices.database({ knex }));
    await store.replaceForProvider('a', [facts('one')], new Date('2026-11-23T10:00:00Z'));
    await store.replaceForProvider(
      'b',
      [{ ...facts('two'), repositorySlug: 'other-org/two' }],
      new Date('2026-11-23T11:00:00Z'),
    );
    expect(await store.get('lumen-retail/one')).toBeDefined();
  });

  it('migrates down and up again', async () => {
    const knex = await databases.init('POSTGRES_15');
    const config = {
      directory: resolvePackagePath(
        '@internal/plugin-catalog-backend-module-github-inference',
        'migrations',
      ),
      tableName: 'paved_repository_facts_migrations',
    };
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('paved_repository_facts')).toBe(true);
    await knex.migrate.rollback(config, true);
    expect(await knex.schema.hasTable('paved_repository_facts')).toBe(false);
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('paved_repository_facts')).toBe(true);
  });
});
