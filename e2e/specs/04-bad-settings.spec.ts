import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startProductionServer } from '../../scripts/lib/productionServer.mjs';
import { findFreePort } from '../../scripts/lib/embeddedPostgres.mjs';

/** Starts the production bundle with `env` and returns how it ended. */
async function startWith(env: Record<string, string>) {
  const logFile = join(
    mkdtempSync(join(tmpdir(), 'paved-bad-settings-')),
    'out.log',
  );
  const server = startProductionServer({
    bundleDir: process.env.PAVED_E2E_BUNDLE!,
    port: await findFreePort(),
    metricsPort: await findFreePort(),
    databaseUrl: '',
    logFile,
    // Nothing from the caller's environment may leak into the settings.
    env: {
      POSTGRES_HOST: '',
      POSTGRES_PORT: '',
      POSTGRES_USER: '',
      POSTGRES_PASSWORD: '',
      ...env,
    },
  });
  const started = Date.now();
  const [code] = await once(server, 'exit');
  return {
    code,
    seconds: (Date.now() - started) / 1000,
    output: readFileSync(logFile, 'utf8').trim(),
  };
}

test.describe('a missing or wrong database setting fails start-up at once, naming the variable', () => {
  test('no database configured at all', async () => {
    const result = await startWith({});
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /^Paved cannot start: POSTGRES_HOST is not set/,
    );
    expect(result.output.split('\n')).toHaveLength(1);
  });

  test('a port that is not a number', async () => {
    const result = await startWith({
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: 'five',
      POSTGRES_USER: 'postgres',
    });
    expect(result.code).toBe(1);
    expect(result.output).toBe(
      'Paved cannot start: POSTGRES_PORT must be a TCP port number between 1 and 65535, got "five"',
    );
  });

  test('a server that does not answer', async () => {
    const closedPort = await findFreePort();
    const result = await startWith({
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: String(closedPort),
      POSTGRES_USER: 'postgres',
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      new RegExp(
        `^Paved cannot start: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${closedPort} \\(check POSTGRES_HOST/POSTGRES_PORT\\)`,
      ),
    );
    expect(result.output.split('\n')).toHaveLength(1);
    expect(result.seconds).toBeLessThan(15);
  });
});
