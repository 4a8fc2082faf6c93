import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const directory = resolvePackagePath(
  '@internal/plugin-feature-flags-backend',
  'migrations',
);

describe('feature flags migrations', () => {
  it('migrate up and back down', async () => {
    const knex = await databases.init('POSTGRES_15');
    await knex.migrate.latest({ directory });
    for (const table of [
      'feature_flags',
      'feature_flag_definitions',
      'feature_flag_api_keys',
      'feature_flag_audit',
      'feature_flag_change_requests',
      'feature_flag_evaluations',
      'feature_flag_last_evaluations',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('feature_flags')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('feature_flag_audit')).toBe(true);
  });
});
