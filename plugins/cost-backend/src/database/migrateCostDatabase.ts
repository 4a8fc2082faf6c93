import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Creates the plugin's tables (once per database). */
export async function migrateCostDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-cost-backend',
        'migrations',
      ),
    });
  }
  return client;
}
