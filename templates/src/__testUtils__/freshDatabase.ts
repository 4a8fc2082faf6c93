import { TestDatabases } from '@backstage/backend-test-utils';

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

export type FreshDatabase = {
  /** `postgresql://user[:password]@host:port/<name>`, for a generated project's DATABASE_URL. */
  url: string;
  name: string;
  /** Runs one SQL statement with `?` bindings; resolves to its rows. */
  query<T = Record<string, unknown>>(
    sql: string,
    bindings?: readonly unknown[],
  ): Promise<T[]>;
};

/**
 * A new, empty PostgreSQL database of its own on the test PostgreSQL
 * (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING), dropped after the
 * test file by `TestDatabases` — so a generated project can create its
 * tables without meeting another test's.
 */
export async function freshDatabase(): Promise<FreshDatabase> {
  const knex = await databases.init('POSTGRES_15');
  const connection = knex.client.config.connection as {
    host?: string;
    port?: number | string;
    user?: string;
    password?: string;
    database: string;
  };
  const url = new URL('postgresql://localhost');
  url.hostname = connection.host ?? '127.0.0.1';
  url.port = String(connection.port ?? 5432);
  url.username = encodeURIComponent(connection.user ?? 'postgres');
  if (connection.password) {
    url.password = encodeURIComponent(connection.password);
  }
  url.pathname = `/${connection.database}`;
  return {
    url: url.toString(),
    name: connection.database,
    async query<T>(sql: string, bindings: readonly unknown[] = []) {
      const result = await knex.raw(sql, bindings as any[]);
      return result.rows as T[];
    },
  };
}
