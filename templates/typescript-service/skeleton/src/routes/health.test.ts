import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeDatabase, createHarness } from '../testing/harness';

describe('GET /health', () => {
  test('answers ok without touching the database', async () => {
    const { app, db } = await createHarness({ db: new FakeDatabase('down') });
    const res = await app.inject({ url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
    assert.equal(db.pings, 0);
  });
});

describe('GET /ready', () => {
  test('is ready when the database answers', async () => {
    const { app, db } = await createHarness();
    const res = await app.inject({ url: '/ready' });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ status: string; checks: { database: { status: string; latencyMs: number } } }>();
    assert.equal(body.status, 'ready');
    assert.equal(body.checks.database.status, 'up');
    assert.equal(typeof body.checks.database.latencyMs, 'number');
    assert.equal(db.pings, 1);
  });

  test('is not ready when the database fails, and logs why', async () => {
    const { app, logs } = await createHarness({ db: new FakeDatabase('down') });
    const res = await app.inject({ url: '/ready' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), {
      status: 'not-ready',
      checks: { database: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:5432' } },
    });
    const [line] = logs.withMsg('readiness check failed');
    assert.equal(line?.level, 'warn');
    assert.equal(line?.check, 'database');
  });

  test('is not ready when the database does not answer in time', async () => {
    const { app } = await createHarness({ db: new FakeDatabase('hang'), readyTimeoutMs: 30 });
    const res = await app.inject({ url: '/ready' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), {
      status: 'not-ready',
      checks: { database: { status: 'down', error: 'no answer within 30 ms' } },
    });
  });

  test('answers draining once shutdown has begun', async () => {
    const { app, db, state } = await createHarness();
    state.draining = true;
    const res = await app.inject({ url: '/ready' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), { status: 'draining' });
    assert.equal(db.pings, 0);
  });

  test('probes are not logged when they succeed', async () => {
    const { app, logs } = await createHarness();
    await app.inject({ url: '/health' });
    await app.inject({ url: '/ready' });
    assert.deepEqual(logs.withMsg('incoming request'), []);
  });
});
