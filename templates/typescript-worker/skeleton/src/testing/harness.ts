import { randomUUID } from 'node:crypto';
import { InMemoryProvider, OpenFeature, type Client, type Provider } from '@openfeature/server-sdk';
import { z } from 'zod';
import { loadConfig, type Config } from '../config';
import { createHandlers } from '../handlers';
import { HandlerRegistry, type JobHandler } from '../handlers/registry';
import { createLogger, type Logger } from '../logger';
import { createMetrics, type WorkerMetrics } from '../metrics';
import type { EnqueueOptions, FailOutcome, Job, JobLease, JobStore, QueueStats } from '../queue/types';
import { Worker, type WorkerOptions } from '../worker';

export const testConfig = (env: Record<string, string> = {}): Config =>
  loadConfig({ DATABASE_URL: 'postgresql://app@localhost:5432/app', LOG_LEVEL: 'debug', ...env });

/** Collects the JSON log lines. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  withMsg(msg: string): Record<string, unknown>[] {
    return this.lines.filter(line => line.msg === msg);
  }
}

export function testLogger(): { log: Logger; logs: LogCapture } {
  const logs = new LogCapture();
  return { log: createLogger({ serviceName: 'test-worker', logLevel: 'debug' }, logs), logs };
}

/** An OpenFeature client of its own (a fresh domain), backed by `provider`. */
export async function flagClient(provider: Provider = new InMemoryProvider({})): Promise<Client> {
  const domain = `test-${randomUUID()}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return OpenFeature.getClient(domain);
}

export interface FakeJob {
  id: string;
  type: string;
  payload: unknown;
  status: 'queued' | 'succeeded' | 'dead';
  attempts: number;
  runAfter: number;
  createdAt: number;
  lastError: string | null;
  locked: boolean;
}

export type LeaseEvent =
  | { id: string; action: 'succeed' }
  | { id: string; action: 'fail'; outcome: FailOutcome }
  | { id: string; action: 'release' };

/**
 * The queue in memory, with the Postgres store's rules: a claimed job is
 * locked until its lease is settled, a failed one waits `delayMs`, a
 * released one is untouched. Records every settlement in `events`.
 */
export class FakeJobStore implements JobStore {
  readonly jobs: FakeJob[] = [];
  readonly events: LeaseEvent[] = [];
  migrations = 0;
  claims = 0;
  closed = false;
  /** Make the next calls fail, like a database that is down. */
  down = false;
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  add(type: string, payload: unknown, extra: Partial<Omit<FakeJob, 'id' | 'type' | 'payload'>> = {}): string {
    const id = String(this.nextId++);
    this.jobs.push({
      id,
      type,
      payload,
      status: 'queued',
      attempts: 0,
      runAfter: this.now(),
      createdAt: this.now(),
      lastError: null,
      locked: false,
      ...extra,
    });
    return id;
  }

  job(id: string): FakeJob {
    const job = this.jobs.find(j => j.id === id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }

  migrate(): Promise<void> {
    this.migrations += 1;
    return this.down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : Promise.resolve();
  }

  claim(): Promise<JobLease | undefined> {
    if (this.down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    this.claims += 1;
    const due = this.jobs
      .filter(j => j.status === 'queued' && !j.locked && j.runAfter <= this.now())
      .sort((a, b) => a.runAfter - b.runAfter)[0];
    if (!due) return Promise.resolve(undefined);
    due.locked = true;
    return Promise.resolve(this.lease(due));
  }

  enqueue(type: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string> {
    const id = this.add(
      type,
      { ...payload, correlationId: options.correlationId ?? randomUUID() },
      { runAfter: this.now() + (options.delayMs ?? 0) },
    );
    return Promise.resolve(id);
  }

  stats(): Promise<QueueStats> {
    if (this.down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const queued = this.jobs.filter(j => j.status === 'queued');
    const ready = queued.filter(j => j.runAfter <= this.now());
    return Promise.resolve({
      ready: ready.length,
      scheduled: queued.length - ready.length,
      dead: this.jobs.filter(j => j.status === 'dead').length,
      oldestReadyAgeSeconds: ready.length ? (this.now() - Math.min(...ready.map(j => j.runAfter))) / 1000 : 0,
    });
  }

  ping(): Promise<void> {
    return this.down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private lease(row: FakeJob): JobLease {
    const job: Job = {
      id: row.id,
      type: row.type,
      payload: row.payload,
      attempts: row.attempts,
      runAfter: new Date(row.runAfter),
      createdAt: new Date(row.createdAt),
    };
    let settled = false;
    const settle = (event: LeaseEvent) => {
      if (settled) throw new Error(`job ${row.id} settled twice`);
      settled = true;
      row.locked = false;
      this.events.push(event);
    };
    return {
      job,
      succeed: () => {
        settle({ id: row.id, action: 'succeed' });
        row.status = 'succeeded';
        row.attempts += 1;
        return Promise.resolve();
      },
      fail: outcome => {
        settle({ id: row.id, action: 'fail', outcome });
        row.attempts += 1;
        row.lastError = outcome.error;
        if (outcome.dead) row.status = 'dead';
        else row.runAfter = this.now() + outcome.delayMs;
        return Promise.resolve();
      },
      release: () => {
        settle({ id: row.id, action: 'release' });
        return Promise.resolve();
      },
    };
  }
}

/** A handler for tests: does what `behaviour` says with each payload. */
export function testHandler(
  type: string,
  behaviour: (payload: unknown, ctx: Parameters<JobHandler['handle']>[1]) => Promise<void>,
): JobHandler {
  return {
    type,
    payload: z.unknown(),
    handle: behaviour,
  };
}

export interface TestWorker {
  worker: Worker;
  store: FakeJobStore;
  log: Logger;
  logs: LogCapture;
  metrics: WorkerMetrics;
  pause: { paused: boolean; isPaused(): Promise<boolean> };
}

/** A worker on a fake store, polling every 5 ms, with the example handlers unless others are given. */
export function createTestWorker(
  overrides: Partial<Omit<WorkerOptions, 'store' | 'handlers'>> & {
    store?: FakeJobStore;
    handlers?: JobHandler[];
  } = {},
): TestWorker {
  const store = overrides.store ?? new FakeJobStore();
  const handlers = overrides.handlers ? new HandlerRegistry(overrides.handlers) : createHandlers();
  const { log, logs } = testLogger();
  const metrics = overrides.metrics ?? createMetrics('test-worker', handlers.types());
  const pause = {
    paused: false,
    isPaused() {
      return Promise.resolve(this.paused);
    },
  };
  const worker = new Worker({
    log,
    pause,
    concurrency: 2,
    pollIntervalMs: 5,
    maxAttempts: 3,
    backoff: { baseDelayMs: 1, maxDelayMs: 100 },
    random: () => 0.5,
    ...overrides,
    store,
    handlers,
    metrics,
  });
  return { worker, store, log, logs, metrics, pause };
}

/** Resolves once `predicate` holds; fails the test after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 2));
  }
}
