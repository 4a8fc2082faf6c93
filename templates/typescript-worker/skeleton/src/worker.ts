import { correlationIdOf } from './correlation';
import { PermanentJobError, type HandlerRegistry } from './handlers/registry';
import type { Logger } from './logger';
import type { WorkerMetrics } from './metrics';
import { backoffDelayMs, type BackoffOptions } from './queue/backoff';
import type { JobLease, JobStore } from './queue/types';

/** After a failed poll the loop waits longer each time, up to this. */
export const MAX_ERROR_DELAY_MS = 30_000;

/**
 * How long the poll loop may go without running before `/health` fails:
 * ten poll intervals, and never less than 30 s (a poll includes a flag
 * evaluation and a query, which may be slow without the loop being stuck).
 */
export function livenessWindowMs(pollIntervalMs: number): number {
  return Math.max(30_000, 10 * pollIntervalMs);
}

export interface WorkerOptions {
  store: JobStore;
  handlers: HandlerRegistry;
  /** Read before each poll; while it answers true no job is taken. */
  pause: { isPaused(): Promise<boolean> };
  metrics: WorkerMetrics;
  log: Logger;
  concurrency: number;
  pollIntervalMs: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  /** For tests: the jitter's random source and the clock. */
  random?: () => number;
  now?: () => number;
}

interface ActiveJob {
  lease: JobLease;
  controller: AbortController;
  log: Logger;
  /** Set once the outcome is being recorded, or the job was released: whichever comes first wins. */
  settled: boolean;
  done: Promise<void>;
}

/**
 * The poll loop: takes due jobs from the store, up to `concurrency` at a
 * time, runs each with its handler and records the outcome — succeeded,
 * failed (retried after an exponential backoff) or dead (after
 * `maxAttempts` attempts, or at once for a {@link PermanentJobError}).
 */
export class Worker {
  private readonly active = new Set<ActiveJob>();
  private readonly now: () => number;
  private lastPollAt: number;
  private loopDone: Promise<void> | undefined;
  private stopping = false;
  private migrated = false;
  private paused = false;
  private wakeUp: (() => void) | undefined;
  private wokenEarly = false;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? Date.now;
    // Counts as a poll, so that /health answers 200 while the first one runs.
    this.lastPollAt = this.now();
  }

  /** Jobs running now. */
  get running(): number {
    return this.active.size;
  }

  /** Milliseconds since the poll loop last began a round. */
  lastPollAgeMs(): number {
    return Math.max(0, this.now() - this.lastPollAt);
  }

  start(): void {
    this.loopDone ??= this.loop();
  }

  /**
   * Stops taking jobs and waits up to `timeoutMs` for the running ones.
   * Those still running then are aborted (their handler's `signal`) and
   * given back to the queue untouched, to run again on another replica.
   */
  async stop(timeoutMs: number): Promise<{ finished: number; released: number }> {
    this.stopping = true;
    this.wake();
    const inFlight = [...this.active];
    // The loop takes no job once `stopping` is set: `inFlight` is complete.
    const allDone = Promise.all([this.loopDone, ...inFlight.map(job => job.done)]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      allDone.then(() => false),
      new Promise<boolean>(resolve => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);

    let released = 0;
    if (timedOut) {
      for (const job of this.active) {
        if (job.settled) continue;
        job.settled = true;
        job.controller.abort(new Error('the worker is shutting down'));
        try {
          await job.lease.release();
          released += 1;
          this.options.metrics.jobReleased(job.lease.job.type);
          job.log.warn({ timeoutMs }, 'job released back to the queue: still running at the end of the shutdown timeout');
        } catch (err) {
          job.log.error({ err }, 'releasing the job failed; it returns to the queue when its connection closes');
        }
      }
    }
    return { finished: inFlight.length - released, released };
  }

  private async loop(): Promise<void> {
    const { store, pause, metrics, log, concurrency, pollIntervalMs } = this.options;
    let errorDelayMs = pollIntervalMs;
    let failing = false;

    while (!this.stopping) {
      this.lastPollAt = this.now();
      try {
        if (!this.migrated) {
          await store.migrate();
          this.migrated = true;
          log.info('queue table ready');
        }
        const paused = await pause.isPaused();
        if (paused !== this.paused) {
          this.paused = paused;
          metrics.setPaused(paused);
          if (paused) {
            log.warn(
              { running: this.active.size },
              'processing paused by the pause-processing flag: no new job is taken until it is turned off',
            );
          } else {
            log.info('processing resumed: the pause-processing flag is off');
          }
        }
        while (!paused && !this.stopping && this.active.size < concurrency) {
          const lease = await store.claim();
          if (!lease) break;
          if (this.stopping) {
            await lease.release();
            break;
          }
          this.runJob(lease);
        }
        if (failing) {
          log.info('polling the queue works again');
          failing = false;
        }
        errorDelayMs = pollIntervalMs;
        await this.idle(pollIntervalMs);
      } catch (err) {
        const what = this.migrated ? 'polling the queue failed' : 'creating the queue table failed';
        log.error({ err, retryInMs: errorDelayMs }, what);
        failing = true;
        await this.idle(errorDelayMs);
        errorDelayMs = Math.min(errorDelayMs * 2, MAX_ERROR_DELAY_MS);
      }
    }
  }

  private runJob(lease: JobLease): void {
    const { job } = lease;
    const { metrics } = this.options;
    const attempt = job.attempts + 1;
    const correlationId = correlationIdOf(job.payload);
    const active: ActiveJob = {
      lease,
      controller: new AbortController(),
      log: this.options.log.child({ jobId: job.id, jobType: job.type, attempt, correlationId }),
      settled: false,
      done: Promise.resolve(),
    };
    this.active.add(active);
    metrics.setInProgress(this.active.size);
    metrics.jobStarted(job.type, (this.now() - job.runAfter.getTime()) / 1000);
    active.log.info('job started');

    active.done = this.execute(active, attempt, correlationId).finally(() => {
      this.active.delete(active);
      metrics.setInProgress(this.active.size);
      this.wake();
    });
  }

  private async execute(active: ActiveJob, attempt: number, correlationId: string): Promise<void> {
    const { handlers, metrics, maxAttempts, backoff } = this.options;
    const { lease, log, controller } = active;
    const { job } = lease;
    const started = performance.now();

    let failure: { error: unknown } | undefined;
    try {
      await handlers.run(job.type, job.payload, {
        jobId: job.id,
        attempt,
        correlationId,
        log,
        signal: controller.signal,
      });
    } catch (error) {
      failure = { error };
    }
    if (active.settled) return; // Released at shutdown meanwhile: the queue has it again.
    active.settled = true;

    const seconds = (performance.now() - started) / 1000;
    const durationMs = Math.round(seconds * 1000);
    try {
      if (!failure) {
        await lease.succeed();
        metrics.jobFinished(job.type, 'succeeded', seconds);
        log.info({ durationMs }, 'job succeeded');
        return;
      }
      const { error } = failure;
      const message = describeError(error);
      const permanent = error instanceof PermanentJobError;
      if (permanent || attempt >= maxAttempts) {
        await lease.fail({ dead: true, error: message });
        metrics.jobFinished(job.type, 'dead', seconds);
        log.error(
          { err: error, durationMs, attempts: attempt, reason: permanent ? 'permanent-error' : 'max-attempts' },
          'job dead',
        );
      } else {
        const delayMs = backoffDelayMs(attempt, backoff, this.options.random);
        await lease.fail({ dead: false, error: message, delayMs });
        metrics.jobFinished(job.type, 'failed', seconds);
        log.warn({ err: error, durationMs, retryInMs: delayMs, maxAttempts }, 'job failed; will retry');
      }
    } catch (err) {
      log.error({ err }, 'recording the job outcome failed; the job returns to the queue and runs again');
    }
  }

  /** Waits `ms`, or less if a job finishes or the worker stops meanwhile. */
  private idle(ms: number): Promise<void> {
    if (this.wokenEarly || this.stopping) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private wake(): void {
    if (this.wakeUp) {
      this.wakeUp();
    } else {
      this.wokenEarly = true;
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
