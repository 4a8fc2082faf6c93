import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueStats } from './queue/types';

export type JobOutcome = 'succeeded' | 'failed' | 'dead';

/** Job run time in seconds. */
export const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Time from a job being due to a worker starting it, in seconds; 300 matches the SLO (slo.yaml). */
export const WAIT_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

export interface WorkerMetrics {
  registry: Registry;
  /** A job was taken from the queue `waitSeconds` after it was due. */
  jobStarted(type: string, waitSeconds: number): void;
  jobFinished(type: string, outcome: JobOutcome, seconds: number): void;
  /** A running job was given back to the queue at shutdown. */
  jobReleased(type: string): void;
  setInProgress(count: number): void;
  setPaused(paused: boolean): void;
  setQueueStats(stats: QueueStats): void;
}

/**
 * A registry of its own (not prom-client's global one) with the default
 * process metrics and the worker's. `type` labels are the registered job
 * types; any other value in the table counts as `unknown`, so a typo in a
 * producer cannot create new series.
 */
export function createMetrics(serviceName: string, jobTypes: readonly string[]): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });
  const known = new Set(jobTypes);
  const typeLabel = (type: string) => (known.has(type) ? type : 'unknown');

  const jobs = new Counter({
    name: 'worker_jobs_total',
    help: 'Job attempts finished by this replica, by job type and outcome: succeeded, failed (will be retried) or dead',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'worker_job_duration_seconds',
    help: 'Time a job attempt took, by job type and outcome',
    labelNames: ['type', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const wait = new Histogram({
    name: 'worker_job_wait_seconds',
    help: 'Time from a job being due (created, or its retry time) to a worker starting it, by job type',
    labelNames: ['type'] as const,
    buckets: WAIT_BUCKETS,
    registers: [registry],
  });
  const released = new Counter({
    name: 'worker_jobs_released_total',
    help: 'Running jobs given back to the queue unfinished because the worker shut down',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const inProgress = new Gauge({
    name: 'worker_jobs_in_progress',
    help: 'Jobs this replica is running now',
    registers: [registry],
  });
  const paused = new Gauge({
    name: 'worker_paused',
    help: '1 while the pause-processing flag stops this replica from taking jobs',
    registers: [registry],
  });
  const depth = new Gauge({
    name: 'worker_queue_depth',
    help: 'Jobs due now and waiting for a worker (the whole table; every replica reports the same value)',
    registers: [registry],
  });
  const delayed = new Gauge({
    name: 'worker_queue_delayed',
    help: 'Queued jobs waiting for their retry time (the whole table)',
    registers: [registry],
  });
  const oldest = new Gauge({
    name: 'worker_queue_oldest_age_seconds',
    help: 'How long the oldest due job has been waiting (the whole table)',
    registers: [registry],
  });
  const dead = new Gauge({
    name: 'worker_dead_jobs',
    help: 'Jobs in the dead-letter state (the whole table)',
    registers: [registry],
  });
  for (const outcome of ['succeeded', 'failed', 'dead'] as const) {
    for (const type of jobTypes) jobs.inc({ type, outcome }, 0);
  }
  paused.set(0);
  inProgress.set(0);

  return {
    registry,
    jobStarted(type, waitSeconds) {
      wait.observe({ type: typeLabel(type) }, Math.max(0, waitSeconds));
    },
    jobFinished(type, outcome, seconds) {
      const labels = { type: typeLabel(type), outcome };
      jobs.inc(labels);
      duration.observe(labels, seconds);
    },
    jobReleased(type) {
      released.inc({ type: typeLabel(type) });
    },
    setInProgress(count) {
      inProgress.set(count);
    },
    setPaused(value) {
      paused.set(value ? 1 : 0);
    },
    setQueueStats(stats) {
      depth.set(stats.ready);
      delayed.set(stats.scheduled);
      oldest.set(stats.oldestReadyAgeSeconds);
      dead.set(stats.dead);
    },
  };
}
