import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createShutdown } from './shutdown';
import { createHarness } from './testing/harness';

function exitPromise(): { exit: (code: number) => void; code: Promise<number> } {
  let exit!: (code: number) => void;
  const code = new Promise<number>(resolve => (exit = resolve));
  return { exit, code };
}

describe('graceful shutdown', () => {
  test('drains, closes the server and the pool, then exits 0', async () => {
    const { app, db, logs, state } = await createHarness();
    const { exit, code } = exitPromise();
    const shutdown = createShutdown({ app, db, state, timeoutMs: 1_000, exit });

    await shutdown('SIGTERM');
    assert.equal(await code, 0);
    assert.equal(state.draining, true);
    assert.equal(db.closed, true);
    assert.deepEqual(
      logs.lines.map(line => line.msg).filter(msg => msg === 'shutting down' || msg === 'shutdown complete'),
      ['shutting down', 'shutdown complete'],
    );
  });

  test('waits for a request in flight', async () => {
    const { app, db, state } = await createHarness();
    let release!: () => void;
    app.get('/slow', async () => {
      await new Promise<void>(resolve => (release = resolve));
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await new Promise(resolve => setTimeout(resolve, 50));

    const { exit, code } = exitPromise();
    void createShutdown({ app, db, state, timeoutMs: 2_000, exit })('SIGTERM');
    await new Promise(resolve => setTimeout(resolve, 50));
    assert.equal(db.closed, false, 'the pool stays open while a request runs');
    release();

    const res = await inFlight;
    assert.deepEqual(await res.json(), { done: true });
    assert.equal(await code, 0);
    assert.equal(db.closed, true);
  });

  test('exits 1 when shutdown takes longer than the timeout', async () => {
    const { app, logs, state } = await createHarness();
    const hangingDb = { close: () => new Promise<void>(() => {}) };
    const { exit, code } = exitPromise();
    void createShutdown({ app, db: hangingDb, state, timeoutMs: 50, exit })('SIGTERM');
    assert.equal(await code, 1);
    const [line] = logs.withMsg('shutdown timed out; exiting');
    assert.equal(line?.level, 'error');
  });

  test('a second signal does not start a second shutdown', async () => {
    const { app, db, logs, state } = await createHarness();
    const codes: number[] = [];
    const shutdown = createShutdown({ app, db, state, timeoutMs: 1_000, exit: c => codes.push(c) });
    await Promise.all([shutdown('SIGTERM'), shutdown('SIGINT')]);
    assert.deepEqual(codes, [0]);
    assert.equal(logs.withMsg('shutting down').length, 1);
  });
});
