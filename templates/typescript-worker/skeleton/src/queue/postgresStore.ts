import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { migrationSql, quotedTable } from './schema';
import type { EnqueueOptions, FailOutcome, Job, JobLease, JobStore, QueueStats } from './types';

/** Each statement of the queue's own transactions may take this long (claiming never waits for a lock). */
export const STATEMENT_TIMEOUT_MS = 5_000;
/** `last_error` keeps the start of long messages only. */
export const MAX_ERROR_LENGTH = 2_000;

interface JobRow {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  run_after: Date;
  created_at: Date;
}

/**
 * The queue in a PostgreSQL table. A claimed job is locked by its own open
 * transaction (one pooled connection per running job) until the worker
 * records the outcome; a crash or a lost connection rolls it back, so the
 * job returns to the queue by itself. Every replica can claim at the same
 * time: `FOR UPDATE SKIP LOCKED` hands each one a different row.
 */
export class PostgresJobStore implements JobStore {
  private readonly t: string;

  constructor(
    readonly pool: Pool,
    readonly table: string,
  ) {
    this.t = quotedTable(table);
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', ignoreConnectionError);
    try {
      await client.query(`BEGIN; ${migrationSql(this.table)} COMMIT;`);
      releaseClient(client);
    } catch (err) {
      releaseClient(client, err);
      throw err;
    }
  }

  async claim(): Promise<JobLease | undefined> {
    const client = await this.pool.connect();
    // The pool only watches idle connections: one this lease holds may fail
    // (database restart, failover) while its job runs. Without a listener that
    // 'error' event would crash the process; the lease's next query fails instead.
    client.on('error', ignoreConnectionError);
    try {
      await client.query(`BEGIN; SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      const { rows } = await client.query<JobRow>(
        `SELECT id::text AS id, type, payload, attempts, run_after, created_at
           FROM ${this.t}
          WHERE status = 'queued' AND run_after <= now()
          ORDER BY run_after, id
          LIMIT 1
            FOR UPDATE SKIP LOCKED`,
      );
      const row = rows[0];
      if (!row) {
        await client.query('COMMIT');
        releaseClient(client);
        return undefined;
      }
      return new PostgresLease(client, this.t, {
        id: row.id,
        type: row.type,
        payload: row.payload,
        attempts: row.attempts,
        runAfter: row.run_after,
        createdAt: row.created_at,
      });
    } catch (err) {
      // Destroys the connection: the server rolls the transaction back.
      releaseClient(client, err);
      throw err;
    }
  }

  async enqueue(type: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string> {
    const body = { ...payload, correlationId: options.correlationId ?? payload.correlationId ?? randomUUID() };
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO ${this.t} (type, payload, run_after)
       VALUES ($1, $2::jsonb, now() + make_interval(secs => $3::float8 / 1000))
       RETURNING id::text AS id`,
      [type, JSON.stringify(body), options.delayMs ?? 0],
    );
    return rows[0]!.id;
  }

  async stats(): Promise<QueueStats> {
    const { rows } = await this.pool.query<{
      ready: number;
      scheduled: number;
      dead: number;
      oldest_ready_age_seconds: number;
    }>(
      `SELECT count(*) FILTER (WHERE status = 'queued' AND run_after <= now())::int AS ready,
              count(*) FILTER (WHERE status = 'queued' AND run_after > now())::int AS scheduled,
              count(*) FILTER (WHERE status = 'dead')::int AS dead,
              coalesce(extract(epoch FROM now() - min(run_after) FILTER (WHERE status = 'queued' AND run_after <= now())), 0)::float8
                AS oldest_ready_age_seconds
         FROM ${this.t}
        WHERE status IN ('queued', 'dead')`,
    );
    const row = rows[0]!;
    return {
      ready: row.ready,
      scheduled: row.scheduled,
      dead: row.dead,
      oldestReadyAgeSeconds: row.oldest_ready_age_seconds,
    };
  }

  /** Deletes up to `limit` jobs that succeeded more than `olderThanMs` ago; returns how many. */
  async deleteSucceeded(olderThanMs: number, limit = 1_000): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM ${this.t}
        WHERE id IN (SELECT id FROM ${this.t}
                      WHERE status = 'succeeded' AND finished_at < now() - make_interval(secs => $1::float8 / 1000)
                      LIMIT $2)`,
      [olderThanMs, limit],
    );
    return rowCount ?? 0;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

class PostgresLease implements JobLease {
  private finished = false;

  constructor(
    private readonly client: PoolClient,
    private readonly t: string,
    readonly job: Job,
  ) {}

  succeed(): Promise<void> {
    return this.finish(
      `UPDATE ${this.t}
          SET status = 'succeeded', attempts = attempts + 1, finished_at = now(), updated_at = now()
        WHERE id = $1`,
      [this.job.id],
    );
  }

  fail(outcome: FailOutcome): Promise<void> {
    const error = outcome.error.slice(0, MAX_ERROR_LENGTH);
    if (outcome.dead) {
      return this.finish(
        `UPDATE ${this.t}
            SET status = 'dead', attempts = attempts + 1, last_error = $2, finished_at = now(), updated_at = now()
          WHERE id = $1`,
        [this.job.id, error],
      );
    }
    return this.finish(
      `UPDATE ${this.t}
          SET attempts = attempts + 1, last_error = $2, updated_at = now(),
              run_after = now() + make_interval(secs => $3::float8 / 1000)
        WHERE id = $1`,
      [this.job.id, error, outcome.delayMs],
    );
  }

  async release(): Promise<void> {
    this.settle();
    try {
      await this.client.query('ROLLBACK');
      releaseClient(this.client);
    } catch (err) {
      releaseClient(this.client, err);
      throw err;
    }
  }

  private async finish(sql: string, params: unknown[]): Promise<void> {
    this.settle();
    try {
      await this.client.query(sql, params);
      await this.client.query('COMMIT');
      releaseClient(this.client);
    } catch (err) {
      // The transaction is lost with the connection: the job stays queued and runs again.
      releaseClient(this.client, err);
      throw err;
    }
  }

  private settle(): void {
    if (this.finished) {
      throw new Error(`job ${this.job.id} was already succeeded, failed or released`);
    }
    this.finished = true;
  }
}

function ignoreConnectionError(): void {
  // Reported by the query that fails next.
}

/** Back to the pool; with an error, the connection is closed instead (rolling back its transaction). */
function releaseClient(client: PoolClient, err?: unknown): void {
  client.off('error', ignoreConnectionError);
  if (err === undefined) client.release();
  else client.release(err instanceof Error ? err : new Error('query failed'));
}
