import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PermanentJobError } from './handlers/registry';
import { createTestWorker, FakeJobStore, testHandler, waitFor } from './testing/harness';
import { livenessWindowMs } from './worker';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WELCOME = { email: 'ana@example.com', name: 'Ana' };

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A handler whose runs wait until the test lets them finish. */
function gatedHandler(type = 'gated') {
  const gates: { resolve: () => void; signal: AbortSignal }[] = [];
  let running = 0;
  let maxRunning = 0;
  const handler = testHandler(type, (_payload, { signal }) => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<void>(resolve => {
      gates.push({
        signal,
        resolve: () => {
          running -= 1;
          resolve();
        },
      });
    });
  });
  return { handler, gates, maxRunning: () => maxRunning };
}

async function metricLine(metrics: { registry: { metrics(): Promise<string> } }, pattern: RegExp): Promise<string | undefined> {
  const text = await metrics.registry.metrics();
  return text.split('\n').find(line => pattern.test(line));
}

describe('the poll loop', () => {
  test('runs a due job, marks it succeeded and logs it with its job id and correlation id', async () => {
    const { worker, store, logs, metrics } = createTestWorker();
    const id = store.add('send-welcome-email', { ...WELCOME, correlationId: 'signup-42' });
    worker.start();
    await waitFor(() => store.job(id).status === 'succeeded', 'the job to succeed');
    await worker.stop(1_000);

    assert.deepEqual(store.events, [{ id, action: 'succeed' }]);
    assert.equal(store.job(id).attempts, 1);
    const [line] = logs.withMsg('job succeeded');
    assert.equal(line?.level, 'info');
    assert.equal(line?.service, 'test-worker');
    assert.equal(line?.jobId, id);
    assert.equal(line?.jobType, 'send-welcome-email');
    assert.equal(line?.correlationId, 'signup-42');
    assert.equal(line?.attempt, 1);
    assert.equal(typeof line?.durationMs, 'number');
    // The handler's own lines carry the same ids.
    const handlerLine = logs.lines.find(l => l.recipientDomain === 'example.com');
    assert.equal(handlerLine?.correlationId, 'signup-42');
    assert.equal(handlerLine?.jobId, id);

    assert.match(
      (await metricLine(metrics, /^worker_jobs_total\{.*outcome="succeeded"/)) ?? '',
      /type="send-welcome-email".* 1$/,
    );
    assert.match((await metricLine(metrics, /^worker_job_duration_seconds_count\{/)) ?? '', / 1$/);
  });

  test('generates a correlation id when the payload has none, or an unsafe one', async () => {
    const { worker, store, logs } = createTestWorker();
    store.add('send-welcome-email', WELCOME);
    store.add('send-welcome-email', { ...WELCOME, correlationId: 'a b\n{"msg":"forged"}' });
    worker.start();
    await waitFor(() => logs.withMsg('job succeeded').length === 2, 'both jobs');
    await worker.stop(1_000);
    for (const line of logs.withMsg('job succeeded')) {
      assert.match(String(line.correlationId), UUID);
    }
  });

  test('retries a failed job after an exponential backoff', async () => {
    const failing = testHandler('flaky', () => Promise.reject(new Error('smtp 451 try later')));
    const { worker, store, logs, metrics } = createTestWorker({
      handlers: [failing],
      backoff: { baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
    });
    const id = store.add('flaky', {});
    const before = Date.now();
    worker.start();
    await waitFor(() => store.events.length === 1, 'the first attempt');
    await sleep(30); // several polls: the job is not due again yet
    await worker.stop(1_000);

    assert.deepEqual(store.events, [
      { id, action: 'fail', outcome: { dead: false, error: 'Error: smtp 451 try later', delayMs: 60_000 } },
    ]);
    const job = store.job(id);
    assert.equal(job.status, 'queued');
    assert.equal(job.attempts, 1);
    assert.equal(job.lastError, 'Error: smtp 451 try later');
    assert.ok(job.runAfter >= before + 60_000);
    const [line] = logs.withMsg('job failed; will retry');
    assert.equal(line?.level, 'warn');
    assert.equal(line?.retryInMs, 60_000);
    assert.equal(line?.jobId, id);
    assert.match((await metricLine(metrics, /^worker_jobs_total\{.*outcome="failed"/)) ?? '', / 1$/);
  });

  test('succeeds on a later attempt', async () => {
    let calls = 0;
    const flaky = testHandler('flaky', () => (++calls === 1 ? Promise.reject(new Error('timeout')) : Promise.resolve()));
    const { worker, store, logs } = createTestWorker({ handlers: [flaky] });
    const id = store.add('flaky', {});
    worker.start();
    await waitFor(() => store.job(id).status === 'succeeded', 'the second attempt');
    await worker.stop(1_000);
    assert.deepEqual(
      store.events.map(e => e.action),
      ['fail', 'succeed'],
    );
    assert.equal(logs.withMsg('job succeeded')[0]?.attempt, 2);
  });

  test('sends a job to dead after MAX_ATTEMPTS failed attempts, waiting longer each time', async () => {
    const failing = testHandler('flaky', () => Promise.reject(new Error('still broken')));
    const { worker, store, logs, metrics } = createTestWorker({
      handlers: [failing],
      maxAttempts: 3,
      backoff: { baseDelayMs: 2, maxDelayMs: 100 },
    });
    const id = store.add('flaky', {});
    worker.start();
    await waitFor(() => store.job(id).status === 'dead', 'the job to be dead');
    await sleep(20);
    await worker.stop(1_000);

    assert.deepEqual(
      store.events.map(e => (e.action === 'fail' ? e.outcome : e)),
      [
        { dead: false, error: 'Error: still broken', delayMs: 2 },
        { dead: false, error: 'Error: still broken', delayMs: 4 },
        { dead: true, error: 'Error: still broken' },
      ],
    );
    assert.equal(store.job(id).attempts, 3);
    const [dead] = logs.withMsg('job dead');
    assert.equal(dead?.level, 'error');
    assert.equal(dead?.reason, 'max-attempts');
    assert.equal(dead?.attempt, 3);
    assert.match((await metricLine(metrics, /^worker_jobs_total\{.*outcome="dead"/)) ?? '', / 1$/);
    assert.match((await metricLine(metrics, /^worker_jobs_total\{.*outcome="failed"/)) ?? '', / 2$/);
  });

  test('sends a job to dead at once when retrying cannot help (invalid payload, PermanentJobError)', async () => {
    const refusing = testHandler('refusing', () => Promise.reject(new PermanentJobError('customer 42 was deleted')));
    const { worker, store, logs } = createTestWorker({ maxAttempts: 5 });
    const invalid = store.add('send-welcome-email', { email: 'nope' });
    worker.start();
    await waitFor(() => store.job(invalid).status === 'dead', 'the invalid job to be dead');
    await worker.stop(1_000);
    assert.equal(store.job(invalid).attempts, 1);
    assert.match(store.job(invalid).lastError ?? '', /^InvalidPayloadError: invalid payload for send-welcome-email: payload\.email: /);
    assert.equal(logs.withMsg('job dead')[0]?.reason, 'permanent-error');

    const other = createTestWorker({ handlers: [refusing], maxAttempts: 5 });
    const id = other.store.add('refusing', {});
    other.worker.start();
    await waitFor(() => other.store.job(id).status === 'dead', 'the refused job to be dead');
    await other.worker.stop(1_000);
    assert.equal(other.store.job(id).lastError, 'PermanentJobError: customer 42 was deleted');
  });

  test('retries a job whose type has no handler (a newer version may know it)', async () => {
    const { worker, store } = createTestWorker({ backoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const id = store.add('send-goodbye-email', {});
    worker.start();
    await waitFor(() => store.events.length === 1, 'the attempt');
    await worker.stop(1_000);
    assert.equal(store.job(id).status, 'queued');
    assert.match(store.job(id).lastError ?? '', /no handler for job type "send-goodbye-email"/);
  });

  test('runs at most CONCURRENCY jobs at a time', async () => {
    const gated = gatedHandler();
    const { worker, store, metrics } = createTestWorker({ handlers: [gated.handler], concurrency: 2 });
    const ids = ['a', 'b', 'c', 'd', 'e'].map(() => store.add('gated', {}));
    worker.start();
    await waitFor(() => gated.gates.length === 2, 'two jobs to start');
    await sleep(30);
    assert.equal(gated.gates.length, 2, 'no third job while two run');
    assert.equal(worker.running, 2);
    assert.match((await metricLine(metrics, /^worker_jobs_in_progress/)) ?? '', / 2$/);

    // Each finished job makes room for the next at once.
    for (let released = 0; released < ids.length; released++) {
      await waitFor(() => gated.gates.length > released, `job ${released + 1} to start`);
      gated.gates[released]!.resolve();
    }
    await waitFor(() => ids.every(id => store.job(id).status === 'succeeded'), 'every job');
    await worker.stop(1_000);
    assert.equal(gated.maxRunning(), 2);
  });

  test('takes no job while the pause flag is on, logs it once, and resumes when it is off', async () => {
    const { worker, store, logs, pause, metrics } = createTestWorker();
    pause.paused = true;
    const id = store.add('send-welcome-email', WELCOME);
    worker.start();
    await sleep(50); // about ten polls
    assert.equal(store.claims, 0);
    assert.equal(store.job(id).status, 'queued');
    assert.ok(worker.lastPollAgeMs() < 50, 'the loop keeps running while paused');
    const pausedLines = logs.lines.filter(l => String(l.msg).startsWith('processing paused'));
    assert.equal(pausedLines.length, 1);
    assert.equal(pausedLines[0]?.level, 'warn');
    assert.match((await metricLine(metrics, /^worker_paused/)) ?? '', / 1$/);

    pause.paused = false;
    await waitFor(() => store.job(id).status === 'succeeded', 'the job after resuming');
    await worker.stop(1_000);
    assert.equal(logs.lines.filter(l => String(l.msg).startsWith('processing resumed')).length, 1);
    assert.match((await metricLine(metrics, /^worker_paused/)) ?? '', / 0$/);
  });

  test('keeps polling while the database is down, and creates the table once it is back', async () => {
    const store = new FakeJobStore();
    store.down = true;
    const { worker, logs } = createTestWorker({ store });
    worker.start();
    await waitFor(() => logs.withMsg('creating the queue table failed').length >= 2, 'a few failed attempts');
    assert.ok(worker.lastPollAgeMs() < 1_000);
    store.down = false;
    const id = store.add('send-welcome-email', WELCOME);
    await waitFor(() => store.job(id).status === 'succeeded', 'the job once the database is back', 5_000);
    await worker.stop(1_000);
    assert.equal(logs.withMsg('queue table ready').length, 1);
    assert.equal(logs.withMsg('creating the queue table failed')[0]?.level, 'error');
  });
});

describe('liveness', () => {
  test('the poll age grows while the loop does not run', () => {
    let now = 1_000_000;
    const { worker } = createTestWorker({ now: () => now });
    assert.equal(worker.lastPollAgeMs(), 0);
    now += 45_000;
    assert.equal(worker.lastPollAgeMs(), 45_000);
  });

  test('the window is ten poll intervals, at least 30 s', () => {
    assert.equal(livenessWindowMs(1_000), 30_000);
    assert.equal(livenessWindowMs(10_000), 100_000);
  });
});

describe('stop', () => {
  test('stops taking jobs and waits for the running one to finish', async () => {
    const gated = gatedHandler();
    const { worker, store } = createTestWorker({ handlers: [gated.handler], concurrency: 1 });
    const first = store.add('gated', {});
    const second = store.add('gated', {});
    worker.start();
    await waitFor(() => gated.gates.length === 1, 'the first job to start');

    let stopped = false;
    const stopping = worker.stop(2_000).then(result => {
      stopped = true;
      return result;
    });
    await sleep(30);
    assert.equal(stopped, false, 'stop waits while a job runs');
    gated.gates[0]!.resolve();
    assert.deepEqual(await stopping, { finished: 1, released: 0 });
    assert.equal(store.job(first).status, 'succeeded');
    assert.equal(store.job(second).status, 'queued');
    assert.equal(gated.gates.length, 1, 'no job taken after stop');
  });

  test('gives a job that outlives the timeout back to the queue, untouched, and aborts its handler', async () => {
    const gated = gatedHandler();
    const { worker, store, logs, metrics } = createTestWorker({ handlers: [gated.handler] });
    const id = store.add('gated', {});
    worker.start();
    await waitFor(() => gated.gates.length === 1, 'the job to start');

    assert.deepEqual(await worker.stop(30), { finished: 0, released: 1 });
    assert.equal(gated.gates[0]!.signal.aborted, true);
    assert.deepEqual(store.events, [{ id, action: 'release' }]);
    assert.equal(store.job(id).status, 'queued');
    assert.equal(store.job(id).attempts, 0, 'the attempt does not count');
    const [line] = logs.lines.filter(l => String(l.msg).startsWith('job released back to the queue'));
    assert.equal(line?.jobId, id);

    // The handler finishing late changes nothing.
    gated.gates[0]!.resolve();
    await sleep(10);
    assert.equal(store.events.length, 1);
    assert.match((await metricLine(metrics, /^worker_jobs_released_total\{/)) ?? '', / 1$/);
  });
});
