import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './logger';
import type { WorkerMetrics } from './metrics';
import type { JobStore } from './queue/types';

export interface HttpDeps {
  worker: { lastPollAgeMs(): number };
  store: Pick<JobStore, 'ping' | 'stats'>;
  metrics: WorkerMetrics;
  /** Set to true when the worker starts shutting down. */
  state: { draining: boolean };
  log: Logger;
  /** `/health` fails when the poll loop has not run for longer than this. */
  livenessWindowMs: number;
  /** How long `/ready` waits for `SELECT 1`, and `/metrics` for the queue counts. */
  dependencyTimeoutMs?: number;
}

export type HealthBody =
  | { status: 'ok'; lastPollAgeMs: number }
  | { status: 'stale'; lastPollAgeMs: number; livenessWindowMs: number };

export type ReadinessBody =
  | { status: 'ready'; checks: { database: { status: 'up'; latencyMs: number } } }
  | { status: 'not-ready'; checks: { database: { status: 'down'; error: string } } }
  | { status: 'draining' };

/**
 * The worker's small HTTP server, for Kubernetes and Prometheus only:
 *
 * - `GET /health` (liveness): 200 while the poll loop keeps running, 503
 *   when it has not run within `livenessWindowMs` (it is stuck: restart).
 *   Never touches the database, so an outage does not restart every pod.
 * - `GET /ready` (readiness): 200 when the database answers `SELECT 1`.
 * - `GET /metrics`: Prometheus text, with the queue's counts read at scrape time.
 *
 * Successful probes and scrapes are not logged; their failures are.
 */
export function createHttpServer(deps: HttpDeps): Server {
  const { worker, store, metrics, state, log, livenessWindowMs } = deps;
  const timeoutMs = deps.dependencyTimeoutMs ?? 1_000;

  const routes = new Map<string, (res: ServerResponse) => Promise<void> | void>([
    ['/health', res => {
      const lastPollAgeMs = worker.lastPollAgeMs();
      // While draining the loop has stopped on purpose: not a reason to restart.
      if (lastPollAgeMs <= livenessWindowMs || state.draining) {
        return send(res, 200, { status: 'ok', lastPollAgeMs } satisfies HealthBody);
      }
      log.warn({ lastPollAgeMs, livenessWindowMs }, 'liveness check failed: the poll loop is not running');
      return send(res, 503, { status: 'stale', lastPollAgeMs, livenessWindowMs } satisfies HealthBody);
    }],

    ['/ready', async res => {
      if (state.draining) {
        return send(res, 503, { status: 'draining' } satisfies ReadinessBody);
      }
      const started = performance.now();
      try {
        await withTimeout(store.ping(), timeoutMs);
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        return send(res, 200, { status: 'ready', checks: { database: { status: 'up', latencyMs } } } satisfies ReadinessBody);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log.warn({ err, check: 'database' }, 'readiness check failed');
        return send(res, 503, {
          status: 'not-ready',
          checks: { database: { status: 'down', error } },
        } satisfies ReadinessBody);
      }
    }],

    ['/metrics', async res => {
      try {
        metrics.setQueueStats(await withTimeout(store.stats(), timeoutMs));
      } catch (err) {
        // The process metrics are still worth serving; the queue gauges keep their last values.
        log.warn({ err }, 'reading the queue counts for /metrics failed');
      }
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(body);
    }],
  ]);

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (state.draining) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.get(path);
    if (!route) {
      return send(res, 404, { error: 'Not Found' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, { error: 'Method Not Allowed' });
    }
    Promise.resolve()
      .then(() => route(res))
      .catch((err: unknown) => {
        log.error({ err, path }, 'request failed');
        if (!res.headersSent) send(res, 500, { error: 'Internal Server Error' });
        else res.destroy();
      });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
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

/** Listens on `port` on every interface; resolves once it does. */
export function listen(server: Server, port: number, host = '0.0.0.0'): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting connections and waits for the ones open to finish their request. */
export function closeServer(server: Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
