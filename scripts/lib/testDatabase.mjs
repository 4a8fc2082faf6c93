// The PostgreSQL that tests run against: the machine's server on
// 127.0.0.1:5432 when it answers, otherwise a throw-away embedded one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embeddedPostgres.mjs';

export const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432';

async function answers(connectionString) {
  const client = new pg.Client({
    connectionString: `${connectionString}/postgres`,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Resolves to `{ url, stop }` where `url` has no database name (TestDatabases
 * creates one database per test through it).
 */
export async function provideTestDatabase({ log }) {
  const configured = process.env.PAVED_TEST_DATABASE_URL;
  if (configured) {
    return { url: configured.replace(/\/+$/, ''), stop: async () => {} };
  }
  if (await answers(LOCAL_SERVER_URL)) {
    log(`Tests use the PostgreSQL server at 127.0.0.1:5432`);
    return { url: LOCAL_SERVER_URL, stop: async () => {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'paved-test-pg-'));
  const db = await startEmbeddedPostgres({ dataDir, persistent: false });
  log(
    `No PostgreSQL on 127.0.0.1:5432; started a throw-away embedded one on port ${db.port}`,
  );
  return {
    url: `postgresql://${db.user}:${db.password}@${db.host}:${db.port}`,
    stop: async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Drops every database whose name starts with `prefix`. */
export async function dropDatabases(url, prefix) {
  const client = new pg.Client({ connectionString: `${url}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
