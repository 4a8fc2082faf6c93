import type { FastifyInstance } from 'fastify';
import type { Database } from './db';

export interface ShutdownDeps {
  app: FastifyInstance;
  db: Pick<Database, 'close'>;
  state: { draining: boolean };
  timeoutMs: number;
  /** Other things to close after the server, e.g. OpenFeature's provider. */
  closeOthers?: () => Promise<void>;
  exit: (code: number) => void;
}

/**
 * The graceful shutdown for SIGTERM/SIGINT: readiness answers `draining`,
 * the server stops accepting connections and waits for requests in flight,
 * then the pool closes. Exit 0, or 1 if it took longer than `timeoutMs`.
 */
export function createShutdown(deps: ShutdownDeps): (signal: string) => Promise<void> {
  const { app, db, state, timeoutMs, exit } = deps;
  let started = false;

  return async function shutdown(signal: string): Promise<void> {
    if (started) {
      app.log.info({ signal }, 'shutdown already in progress');
      return;
    }
    started = true;
    app.log.info({ signal, timeoutMs }, 'shutting down');
    state.draining = true;

    const timer = setTimeout(() => {
      app.log.error({ timeoutMs }, 'shutdown timed out; exiting');
      exit(1);
    }, timeoutMs);

    try {
      await app.close();
      await db.close();
      await deps.closeOthers?.();
      clearTimeout(timer);
      app.log.info('shutdown complete');
      exit(0);
    } catch (err) {
      clearTimeout(timer);
      app.log.error({ err }, 'shutdown failed');
      exit(1);
    }
  };
}
