import { Pool } from 'pg';
import { SERVICE_NAME } from './config';

/**
 * The PostgreSQL pool. Each running job holds one connection for its whole
 * run (its lock is its transaction), so the pool has `concurrency` of them
 * plus a few for polling, readiness, metrics and enqueueing. Connecting is
 * lazy: the worker starts (and stays live) while the database is down, and
 * `/ready` reports it. `onError` receives errors of idle connections (e.g.
 * the server restarted), which would otherwise crash the process.
 */
export function createPool(
  connectionString: string,
  concurrency: number,
  onError: (err: Error) => void,
): Pool {
  const pool = new Pool({
    connectionString,
    application_name: SERVICE_NAME,
    max: concurrency + 3,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', onError);
  return pool;
}
