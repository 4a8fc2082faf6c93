import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const directory = resolvePackagePath(
  '@internal/plugin-cost-backend',
  'migrations',
);

describe('cost migrations', () => {
  it('migrate up and back down, partitions included', async () => {
    const knex = await databases.init('POSTGRES_15');
    await knex.migrate.latest({ directory });
    for (const table of [
      'cost_imports',
      'cost_line_items',
      'cost_monthly_costs',
      'cost_anomaly_reviews',
      'cost_container_usage',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.raw(
      `CREATE TABLE cost_line_items_y2026m01 PARTITION OF cost_line_items FOR VALUES FROM ('2026-01-01T00:00:00Z') TO ('2026-02-01T00:00:00Z')`,
    );
    await knex.migrate.rollback({ directory }, true);
    for (const table of [
      'cost_imports',
      'cost_line_items',
      'cost_line_items_y2026m01',
      'cost_monthly_costs',
      'cost_anomaly_reviews',
      'cost_container_usage',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('cost_line_items')).toBe(true);
  });
});
