/**
 * Against a real PostgreSQL: runs when DATABASE_URL is set (CI's test job
 * starts one), and is skipped otherwise. Each run uses a table of its own
 * and drops it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Pool } from 'pg';
import { PostgresJobStore } from './postgresStore';

const DATABASE_URL = process.env.DATABASE_URL;
const table = `test_jobs_${randomBytes(4).toString('hex')}`;

describe('PostgresJobStore', { skip: DATABASE_URL ? false : 'DATABASE_URL is not set' }, () => {
  const pools: Pool[] = [];
  const newStore = (applicationName = 'store-test') => {
    const pool = new Pool({ connectionString: DATABASE_URL, application_name: applicationName, max: 4 });
    pools.push(pool);
    return new PostgresJobStore(pool, table);
  };
  let store: PostgresJobStore;

  const row = async (id: string) => {
    const { rows } = await store.pool.query<{
      status: string;
      attempts: number;
      last_error: string | null;
      run_after: Date;
      finished_at: Date | null;
      due_in_seconds: number;
    }>(
      `SELECT status, attempts, last_error, run_after, finished_at,
              extract(epoch FROM run_after - now())::float8 AS due_in_seconds
         FROM "${table}" WHERE id = $1`,
      [id],
    );
    return rows[0]!;
  };
  const clear = () => store.pool.query(`DELETE FROM "${table}"`);

  before(async () => {
    store = newStore();
    // Every replica migrates at start, at the same time: the advisory lock makes that safe.
    await Promise.all([store.migrate(), newStore().migrate(), newStore().migrate()]);
  });

  after(async () => {
    await store.pool.query(`DROP TABLE IF EXISTS "${table}"`);
    await Promise.all(pools.map(pool => pool.end().catch(() => undefined)));
  });

  test('enqueues, claims and marks a job succeeded', async () => {
    await clear();
    const id = await store.enqueue('send-welcome-email', { email: 'ana@example.com' }, { correlationId: 'c-1' });
    const lease = await store.claim();
    assert.ok(lease);
    assert.equal(lease.job.id, id);
    assert.equal(lease.job.type, 'send-welcome-email');
    assert.deepEqual(lease.job.payload, { email: 'ana@example.com', correlationId: 'c-1' });
    assert.equal(lease.job.attempts, 0);
    assert.ok(lease.job.runAfter instanceof Date);
    await lease.succeed();
    const after = await row(id);
    assert.equal(after.status, 'succeeded');
    assert.equal(after.attempts, 1);
    assert.ok(after.finished_at);
    assert.equal(await store.claim(), undefined);
  });

  test('hands each replica a different job (FOR UPDATE SKIP LOCKED)', async () => {
    await clear();
    const ids = [await store.enqueue('a', {}), await store.enqueue('b', {})];
    const other = newStore();
    const [first, second] = await Promise.all([store.claim(), other.claim()]);
    assert.ok(first && second);
    assert.deepEqual([first.job.id, second.job.id].sort(), [...ids].sort());
    assert.equal(await store.claim(), undefined, 'both jobs are locked');
    await first.release();
    await second.release();
  });

  test('a failed attempt waits for its backoff, and dead is final', async () => {
    await clear();
    const id = await store.enqueue('a', {});
    const lease = await store.claim();
    await lease!.fail({ dead: false, error: 'Error: smtp 451', delayMs: 60_000 });
    const retrying = await row(id);
    assert.equal(retrying.status, 'queued');
    assert.equal(retrying.attempts, 1);
    assert.equal(retrying.last_error, 'Error: smtp 451');
    assert.ok(retrying.due_in_seconds > 55 && retrying.due_in_seconds <= 60, `${retrying.due_in_seconds}`);
    assert.equal(await store.claim(), undefined, 'not due yet');
    assert.deepEqual(await store.stats(), { ready: 0, scheduled: 1, dead: 0, oldestReadyAgeSeconds: 0 });

    await store.pool.query(`UPDATE "${table}" SET run_after = now() - interval '2 minutes' WHERE id = $1`, [id]);
    const stats = await store.stats();
    assert.equal(stats.ready, 1);
    assert.ok(stats.oldestReadyAgeSeconds >= 119, `${stats.oldestReadyAgeSeconds}`);
    const again = await store.claim();
    assert.equal(again?.job.attempts, 1);
    await again.fail({ dead: true, error: 'x'.repeat(5_000) });
    const dead = await row(id);
    assert.equal(dead.status, 'dead');
    assert.equal(dead.attempts, 2);
    assert.equal(dead.last_error?.length, 2_000);
    assert.equal(await store.claim(), undefined);
    assert.equal((await store.stats()).dead, 1);
  });

  test('a released job is back, untouched', async () => {
    await clear();
    const id = await store.enqueue('a', {});
    await (await store.claim())!.release();
    assert.equal((await row(id)).attempts, 0);
    const lease = await store.claim();
    assert.equal(lease?.job.id, id);
    await lease.release();
    await assert.rejects(lease.succeed(), /already succeeded, failed or released/);
  });

  test('a job whose worker died (its connection closed) is back in the queue', async () => {
    await clear();
    const id = await store.enqueue('a', {});
    const crashing = newStore('store-test-crashing');
    const lease = await crashing.claim();
    assert.equal(lease?.job.id, id);
    await store.pool.query(
      `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = 'store-test-crashing'`,
    );
    const again = await store.claim();
    assert.equal(again?.job.id, id, 'the killed transaction released the row');
    assert.equal(again?.job.attempts, 0);
    await again.succeed();
    await assert.rejects(lease.succeed());
    assert.equal((await row(id)).status, 'succeeded');
  });

  test('a delayed job is not due before its time', async () => {
    await clear();
    await store.enqueue('a', {}, { delayMs: 60_000 });
    assert.equal(await store.claim(), undefined);
    assert.equal((await store.stats()).scheduled, 1);
  });

  test('deletes old succeeded jobs, and only those', async () => {
    await clear();
    const done = await store.enqueue('a', {});
    const waiting = await store.enqueue('b', {}, { delayMs: 60_000 });
    await (await store.claim())!.succeed();
    await store.pool.query(`UPDATE "${table}" SET finished_at = now() - interval '8 days' WHERE id = $1`, [done]);
    assert.equal(await store.deleteSucceeded(7 * 24 * 3600_000), 1);
    const { rows } = await store.pool.query<{ id: string }>(`SELECT id::text AS id FROM "${table}"`);
    assert.deepEqual(rows, [{ id: waiting }]);
  });
});
