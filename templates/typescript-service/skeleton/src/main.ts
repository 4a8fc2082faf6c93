import { OpenFeature } from '@openfeature/server-sdk';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { ConfigError, SERVICE_NAME, loadConfig, type Config } from './config';
import { createPostgres } from './db';
import { createFlagClient } from './flags';
import { fatalLine } from './logger';
import { createShutdown } from './shutdown';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      // One line naming every bad variable, then exit before listening.
      process.stderr.write(fatalLine(SERVICE_NAME, err.message, { invalid: err.problems }));
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const state = { draining: false };

  // `app` is assigned right below; the pool reports idle-connection errors through it.
  let app: FastifyInstance | undefined = undefined;
  const db = createPostgres(config.databaseUrl, err => {
    app?.log.warn({ err }, 'idle database connection failed');
  });
  const flags = createFlagClient(config);
  app = buildApp({ config, db, flags, state });
  const log = app.log;

  const shutdown = createShutdown({
    app,
    db,
    state,
    timeoutMs: config.shutdownTimeoutMs,
    closeOthers: () => OpenFeature.close(),
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

  await app.listen({ port: config.port, host: '0.0.0.0' });
  log.info({ port: config.port }, 'listening');
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : err;
  process.stderr.write(fatalLine(SERVICE_NAME, 'startup failed', { err: error }));
  process.exit(1);
});
