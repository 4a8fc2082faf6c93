import type { FastifyInstance } from 'fastify';
import type { Database } from '../db';
import type { HttpMetrics } from '../metrics';

export interface HealthOptions {
  db: Database;
  metrics: HttpMetrics;
  /** Set to true when the service starts shutting down. */
  state: { draining: boolean };
  /** How long `/ready` waits for `SELECT 1`. */
  readyTimeoutMs: number;
}

export type ReadinessBody =
  | { status: 'ready'; checks: { database: { status: 'up'; latencyMs: number } } }
  | { status: 'not-ready'; checks: { database: { status: 'down'; error: string } } }
  | { status: 'draining' };

// Probes and scrapes run every few seconds: only their problems are logged.
const quiet = { logLevel: 'warn' } as const;

export function healthRoutes(app: FastifyInstance, opts: HealthOptions): void {
  const { db, metrics, state, readyTimeoutMs } = opts;

  // Liveness: the process answers. Never touches a dependency, so a database
  // outage makes pods unready instead of restarting them all.
  app.get('/health', quiet, () => ({ status: 'ok' }));

  // Readiness: may this replica take traffic?
  app.get('/ready', quiet, async (request, reply): Promise<ReadinessBody> => {
    if (state.draining) {
      return reply.code(503).send({ status: 'draining' });
    }
    const started = performance.now();
    try {
      await withTimeout(db.ping(), readyTimeoutMs);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return { status: 'ready', checks: { database: { status: 'up', latencyMs } } };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      request.log.warn({ err, check: 'database' }, 'readiness check failed');
      return reply.code(503).send({
        status: 'not-ready',
        checks: { database: { status: 'down', error } },
      });
    }
  });

  app.get('/metrics', quiet, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
