import type { Server } from 'node:http';
import { closeServer } from './http';
import type { Logger } from './logger';
import type { JobStore } from './queue/types';
import type { Worker } from './worker';

/** Closing the server, the pool and the flag provider may take this long after the jobs. */
export const CLOSE_GRACE_MS = 5_000;

export interface ShutdownDeps {
  worker: Pick<Worker, 'stop' | 'running'>;
  server: Server;
  store: Pick<JobStore, 'close'>;
  state: { draining: boolean };
  log: Logger;
  /** How long running jobs may take to finish (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Other things to close last, e.g. OpenFeature's provider. */
  closeOthers?: () => Promise<void>;
  exit: (code: number) => void;
  closeGraceMs?: number;
}

/**
 * The graceful shutdown for SIGTERM/SIGINT: no new job is taken, running
 * jobs get up to `timeoutMs` to finish and those that do not are given
 * back to the queue; then the HTTP server and the pool close. Exit 0, or 1
 * if closing hangs for `closeGraceMs` more.
 */
export function createShutdown(deps: ShutdownDeps): (signal: string) => Promise<void> {
  const { worker, server, store, state, log, timeoutMs, exit } = deps;
  const closeGraceMs = deps.closeGraceMs ?? CLOSE_GRACE_MS;
  let started = false;

  return async function shutdown(signal: string): Promise<void> {
    if (started) {
      log.info({ signal }, 'shutdown already in progress');
      return;
    }
    started = true;
    log.info({ signal, timeoutMs, running: worker.running }, 'shutting down');
    state.draining = true;

    const timer = setTimeout(() => {
      log.error({ timeoutMs, closeGraceMs }, 'shutdown timed out; exiting');
      exit(1);
    }, timeoutMs + closeGraceMs);

    try {
      const { finished, released } = await worker.stop(timeoutMs);
      await closeServer(server);
      await store.close();
      await deps.closeOthers?.();
      clearTimeout(timer);
      log.info({ finished, released }, 'shutdown complete');
      exit(0);
    } catch (err) {
      clearTimeout(timer);
      log.error({ err }, 'shutdown failed');
      exit(1);
    }
  };
}
