import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { createHttpServer, listen, type HttpDeps } from './http';
import { createMetrics } from './metrics';
import { FakeJobStore, testLogger } from './testing/harness';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function start(overrides: Partial<HttpDeps> & { pollAgeMs?: number } = {}) {
  const store = overrides.store instanceof FakeJobStore ? overrides.store : new FakeJobStore();
  const { log, logs } = testLogger();
  const state = overrides.state ?? { draining: false };
  const metrics = overrides.metrics ?? createMetrics('test-worker', ['send-welcome-email']);
  const server = createHttpServer({
    worker: { lastPollAgeMs: () => overrides.pollAgeMs ?? 5 },
    store,
    metrics,
    state,
    log,
    livenessWindowMs: 30_000,
    dependencyTimeoutMs: 50,
    ...overrides,
  });
  servers.push(server);
  await listen(server, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init);
  return { get, store, logs, state, metrics };
}

describe('GET /health', () => {
  test('is ok while the poll loop runs', async () => {
    const { get } = await start({ pollAgeMs: 900 });
    const res = await get('/health');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', lastPollAgeMs: 900 });
  });

  test('is 503 when the poll loop has not run within the window, and logs why', async () => {
    const { get, logs } = await start({ pollAgeMs: 31_000 });
    const res = await get('/health');
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: 'stale', lastPollAgeMs: 31_000, livenessWindowMs: 30_000 });
    assert.equal(logs.withMsg('liveness check failed: the poll loop is not running')[0]?.level, 'warn');
  });

  test('does not touch the database', async () => {
    const store = new FakeJobStore();
    store.down = true;
    const { get } = await start({ store });
    assert.equal((await get('/health')).status, 200);
  });

  test('stays ok while draining (the loop stopped on purpose)', async () => {
    const { get } = await start({ pollAgeMs: 60_000, state: { draining: true } });
    assert.equal((await get('/health')).status, 200);
  });
});

describe('GET /ready', () => {
  test('is ready when the database answers', async () => {
    const { get } = await start();
    const res = await get('/ready');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; checks: { database: { status: string; latencyMs: number } } };
    assert.equal(body.status, 'ready');
    assert.equal(body.checks.database.status, 'up');
    assert.equal(typeof body.checks.database.latencyMs, 'number');
  });

  test('is not ready when the database fails, and logs why', async () => {
    const store = new FakeJobStore();
    store.down = true;
    const { get, logs } = await start({ store });
    const res = await get('/ready');
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), {
      status: 'not-ready',
      checks: { database: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:5432' } },
    });
    assert.equal(logs.withMsg('readiness check failed')[0]?.check, 'database');
  });

  test('is not ready when the database does not answer in time', async () => {
    const store = new FakeJobStore();
    store.ping = () => new Promise(() => {});
    const { get } = await start({ store });
    const res = await get('/ready');
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), {
      status: 'not-ready',
      checks: { database: { status: 'down', error: 'no answer within 50 ms' } },
    });
  });

  test('answers draining once shutdown has begun, and closes connections', async () => {
    const { get } = await start({ state: { draining: true } });
    const res = await get('/ready');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('connection'), 'close');
    assert.deepEqual(await res.json(), { status: 'draining' });
  });
});

describe('GET /metrics', () => {
  test('serves Prometheus text with process, job and queue metrics', async () => {
    const { get, store, metrics } = await start();
    store.add('send-welcome-email', {});
    store.add('send-welcome-email', {}, { runAfter: Date.now() - 90_000 });
    store.add('send-welcome-email', {}, { runAfter: Date.now() + 60_000 });
    store.add('send-welcome-email', {}, { status: 'dead' });
    metrics.jobFinished('send-welcome-email', 'succeeded', 0.02);
    metrics.jobFinished('mystery-type', 'failed', 0.02);

    const res = await get('/metrics');
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^# TYPE worker_jobs_total counter$/m);
    assert.match(text, /^# TYPE worker_job_duration_seconds histogram$/m);
    assert.match(text, /^process_cpu_user_seconds_total\{service="test-worker"\} /m);
    assert.match(text, /^nodejs_eventloop_lag_seconds\{service="test-worker"\} /m);
    assert.match(text, /^worker_jobs_total\{type="send-welcome-email",outcome="succeeded",service="test-worker"\} 1$/m);
    assert.match(text, /^worker_jobs_total\{type="send-welcome-email",outcome="dead",service="test-worker"\} 0$/m);
    assert.match(text, /^worker_jobs_total\{type="unknown",outcome="failed",service="test-worker"\} 1$/m, 'unknown types share one label');
    assert.match(text, /^worker_queue_depth\{service="test-worker"\} 2$/m);
    assert.match(text, /^worker_queue_delayed\{service="test-worker"\} 1$/m);
    assert.match(text, /^worker_dead_jobs\{service="test-worker"\} 1$/m);
    const oldest = /^worker_queue_oldest_age_seconds\{service="test-worker"\} (\S+)$/m.exec(text);
    assert.ok(oldest && Number(oldest[1]) >= 90, `oldest age: ${oldest?.[1]}`);
  });

  test('still answers when the queue cannot be read, and logs it', async () => {
    const store = new FakeJobStore();
    store.down = true;
    const { get, logs } = await start({ store });
    const res = await get('/metrics');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^worker_queue_depth\{service="test-worker"\} 0$/m);
    assert.equal(logs.withMsg('reading the queue counts for /metrics failed').length, 1);
  });
});

describe('other requests', () => {
  test('answer 404, or 405 for another method', async () => {
    const { get } = await start();
    assert.equal((await get('/nope')).status, 404);
    assert.equal((await get('/constructor')).status, 404);
    const post = await get('/health', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });
});
