import { OpenFeature } from '@openfeature/server-sdk';
import { ConfigError, JOBS_TABLE, SERVICE_NAME, loadConfig, type Config } from './config';
import { createPool } from './db';
import { createFlagClient, PauseSwitch } from './flags';
import { createHandlers } from './handlers';
import { createHttpServer, listen } from './http';
import { createLogger, fatalLine, openFeatureLogger } from './logger';
import { createMetrics } from './metrics';
import { PostgresJobStore } from './queue/postgresStore';
import { createShutdown } from './shutdown';
import { livenessWindowMs, Worker } from './worker';

/** Succeeded jobs are kept this long (for investigations), then deleted. */
const SUCCEEDED_RETENTION_MS = 7 * 24 * 3600_000;
const PRUNE_INTERVAL_MS = 3600_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      // One line naming every bad variable, then exit before doing anything.
      process.stderr.write(fatalLine(SERVICE_NAME, err.message, { invalid: err.problems }));
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config);

  const pool = createPool(config.databaseUrl, config.concurrency, err => {
    log.warn({ err }, 'idle database connection failed');
  });
  const store = new PostgresJobStore(pool, JOBS_TABLE);
  const handlers = createHandlers();
  const metrics = createMetrics(config.serviceName, handlers.types());
  const flags = createFlagClient(config);
  flags.setLogger(openFeatureLogger(log));

  const worker = new Worker({
    store,
    handlers,
    pause: new PauseSwitch(flags, log),
    metrics,
    log,
    concurrency: config.concurrency,
    pollIntervalMs: config.pollIntervalMs,
    maxAttempts: config.maxAttempts,
    backoff: { baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs },
  });
  const state = { draining: false };
  const server = createHttpServer({
    worker,
    store,
    metrics,
    state,
    log,
    livenessWindowMs: livenessWindowMs(config.pollIntervalMs),
  });

  const prune = setInterval(() => {
    store.deleteSucceeded(SUCCEEDED_RETENTION_MS).then(
      deleted => deleted > 0 && log.info({ deleted }, 'deleted succeeded jobs older than 7 days'),
      (err: unknown) => log.warn({ err }, 'deleting old succeeded jobs failed'),
    );
  }, PRUNE_INTERVAL_MS);
  prune.unref();

  const shutdown = createShutdown({
    worker,
    server,
    store,
    state,
    log,
    timeoutMs: config.shutdownTimeoutMs,
    closeOthers: async () => {
      clearInterval(prune);
      await OpenFeature.close();
    },
    exit: code => process.exit(code),
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
  process.on('uncaughtException', err => {
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', reason => {
    log.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });

  await listen(server, config.port);
  log.info(
    {
      port: config.port,
      table: JOBS_TABLE,
      jobTypes: handlers.types(),
      concurrency: config.concurrency,
      pollIntervalMs: config.pollIntervalMs,
      maxAttempts: config.maxAttempts,
    },
    'listening',
  );
  worker.start();
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : err;
  process.stderr.write(fatalLine(SERVICE_NAME, 'startup failed', { err: error }));
  process.exit(1);
});
