import type { Client } from '@openfeature/server-sdk';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Config } from './config';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation';
import type { Database } from './db';
import { loggerOptions, openFeatureLogger, type LogDestination } from './logger';
import { createMetrics } from './metrics';
import { greetingRoutes } from './routes/greeting';
import { healthRoutes } from './routes/health';

export interface AppDeps {
  config: Config;
  db: Database;
  flags: Client;
  /** Where log lines go; stdout when omitted. */
  logger?: LogDestination;
  /** Shared with the shutdown handler, which sets `draining`. */
  state?: { draining: boolean };
  /** How long `/ready` waits for the database; 1 s by default. */
  readyTimeoutMs?: number;
}

/** Builds the HTTP app without listening, so tests can `inject` requests. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { config, db, flags } = deps;
  const state = deps.state ?? { draining: false };

  const app = Fastify({
    logger: loggerOptions(config, deps.logger),
    genReqId: req => correlationIdFrom(req.headers[CORRELATION_HEADER]),
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
  });

  flags.setLogger(openFeatureLogger(app.log));
  const metrics = createMetrics(config.serviceName);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_HEADER, request.id);
    done();
  });

  // Once draining, answers close their connection, so that keep-alive
  // clients cannot hold the server open past the shutdown.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (state.draining) {
      reply.header('connection', 'close');
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    metrics.observe(
      {
        method: request.method,
        // The route pattern (/v1/orders/:id), never the raw URL; 404s share one value.
        route: request.routeOptions.url ?? 'unmatched',
        statusCode: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const statusCode = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
    if (statusCode >= 500) {
      request.log.error({ err }, 'request failed');
      return reply.code(statusCode).send({ error: 'Internal Server Error', correlationId: request.id });
    }
    return reply.code(statusCode).send({ error: err.message, correlationId: request.id });
  });

  healthRoutes(app, {
    db,
    metrics,
    state,
    readyTimeoutMs: deps.readyTimeoutMs ?? 1_000,
  });
  greetingRoutes(app, { flags });

  return app;
}
