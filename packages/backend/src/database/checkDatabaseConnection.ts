import { Client } from 'pg';
import { DatabaseEnvironment, DatabaseSettingError } from './databaseEnvironment';

const VARIABLES = {
  DATABASE_URL: { address: 'DATABASE_URL', credentials: 'DATABASE_URL' },
  'POSTGRES_*': {
    address: 'POSTGRES_HOST/POSTGRES_PORT',
    credentials: 'POSTGRES_USER/POSTGRES_PASSWORD',
  },
} as const;

/**
 * Connects once, so that a wrong host, port or password stops start-up at
 * once with one line naming the variable to fix.
 */
export async function checkDatabaseConnection(
  db: DatabaseEnvironment,
  { timeoutMs = 5000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const client = new Client({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: 'postgres',
    connectionTimeoutMillis: timeoutMs,
  });
  const names = VARIABLES[db.source];
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const message = (error as Error).message;
    // 28P01 invalid password, 28000 invalid authorization (unknown role)
    if (code === '28P01' || code === '28000') {
      throw new DatabaseSettingError(
        `PostgreSQL at ${db.host}:${db.port} rejected user "${db.user}" (check ${names.credentials}): ${message}`,
      );
    }
    throw new DatabaseSettingError(
      `cannot connect to PostgreSQL at ${db.host}:${db.port} (check ${names.address}): ${message || code}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
