import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { createHttpServer, listen } from './http';
import { createShutdown } from './shutdown';
import { createTestWorker, testHandler, waitFor } from './testing/harness';

function exitPromise(): { exit: (code: number) => void; code: Promise<number> } {
  let exit!: (code: number) => void;
  const code = new Promise<number>(resolve => (exit = resolve));
  return { exit, code };
}

/** A worker whose `slow` jobs run until the test lets them finish, with its HTTP server listening. */
async function setup() {
  let finish!: () => void;
  const slow = testHandler('slow', () => new Promise<void>(resolve => (finish = resolve)));
  const fast = testHandler('fast', () => Promise.resolve());
  const t = createTestWorker({ handlers: [slow, fast] });
  const state = { draining: false };
  const server = createHttpServer({
    worker: t.worker,
    store: t.store,
    metrics: t.metrics,
    state,
    log: t.log,
    livenessWindowMs: 30_000,
  });
  await listen(server, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return { ...t, server, state, port, finish: () => finish() };
}

describe('graceful shutdown', () => {
  test('waits for the running job, takes no new one, closes the server and the pool, then exits 0', async () => {
    const { worker, store, log, logs, server, state, port, finish } = await setup();
    const running = store.add('slow', {});
    worker.start();
    await waitFor(() => worker.running === 1, 'the job to start');

    const { exit, code } = exitPromise();
    const shutdown = createShutdown({ worker, server, store, state, log, timeoutMs: 2_000, exit });
    void shutdown('SIGTERM');
    const queuedLater = store.add('fast', {});
    await new Promise(resolve => setTimeout(resolve, 50));

    assert.equal(state.draining, true);
    assert.equal(store.closed, false, 'the pool stays open while a job runs');
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    assert.equal(ready.status, 503, 'readiness answers draining');
    finish();

    assert.equal(await code, 0);
    assert.equal(store.job(running).status, 'succeeded');
    assert.equal(store.job(queuedLater).status, 'queued', 'no job taken once shutting down');
    assert.equal(store.closed, true);
    assert.equal(server.listening, false);
    const messages = logs.lines.map(line => line.msg);
    assert.deepEqual(
      messages.filter(msg => msg === 'shutting down' || msg === 'job succeeded' || msg === 'shutdown complete'),
      ['shutting down', 'job succeeded', 'shutdown complete'],
    );
    assert.deepEqual(logs.withMsg('shutdown complete')[0]?.finished, 1);
  });

  test('gives jobs still running after the timeout back to the queue, and still exits 0', async () => {
    const { worker, store, log, logs, server, state } = await setup();
    const running = store.add('slow', {});
    worker.start();
    await waitFor(() => worker.running === 1, 'the job to start');

    const { exit, code } = exitPromise();
    void createShutdown({ worker, server, store, state, log, timeoutMs: 30, exit })('SIGTERM');
    assert.equal(await code, 0);
    assert.equal(store.job(running).status, 'queued');
    assert.deepEqual(store.events, [{ id: running, action: 'release' }]);
    assert.equal(logs.withMsg('shutdown complete')[0]?.released, 1);
  });

  test('exits 1 when closing hangs past the grace period', async () => {
    const { worker, server, state, log, logs } = await setup();
    const hangingStore = { close: () => new Promise<void>(() => {}) };
    const { exit, code } = exitPromise();
    void createShutdown({
      worker,
      server,
      store: hangingStore,
      state,
      log,
      timeoutMs: 10,
      closeGraceMs: 20,
      exit,
    })('SIGTERM');
    assert.equal(await code, 1);
    assert.equal(logs.withMsg('shutdown timed out; exiting')[0]?.level, 'error');
  });

  test('a second signal does not start a second shutdown', async () => {
    const { worker, store, server, state, log, logs } = await setup();
    const codes: number[] = [];
    const shutdown = createShutdown({
      worker,
      server,
      store,
      state,
      log,
      timeoutMs: 1_000,
      exit: c => codes.push(c),
    });
    await Promise.all([shutdown('SIGTERM'), shutdown('SIGINT')]);
    assert.deepEqual(codes, [0]);
    assert.equal(logs.withMsg('shutting down').length, 1);
  });
});
