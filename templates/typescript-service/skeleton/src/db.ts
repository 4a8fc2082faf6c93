import { Pool } from 'pg';
import { SERVICE_NAME } from './config';

/** What the service needs from its database; tests pass a fake. */
export interface Database {
  /** Runs `SELECT 1`; rejects when the database cannot answer. */
  ping(): Promise<void>;
  /** Ends every connection; waits for queries in flight. */
  close(): Promise<void>;
}

export interface PostgresDatabase extends Database {
  /** For the service's own queries: `db.pool.query('SELECT …', [params])`. */
  pool: Pool;
}

/**
 * A PostgreSQL pool. Connecting is lazy: the service starts (and stays live)
 * while the database is down, and `/ready` reports it. `onError` receives
 * errors of idle connections (e.g. the server restarted), which would
 * otherwise crash the process.
 */
export function createPostgres(
  connectionString: string,
  onError: (err: Error) => void,
): PostgresDatabase {
  const pool = new Pool({
    connectionString,
    application_name: SERVICE_NAME,
    max: 10,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', onError);
  return {
    pool,
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
