import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildProductionBundle,
  startProductionServer,
} from '../scripts/lib/productionServer.mjs';
import { dropDatabases } from '../scripts/lib/testDatabase.mjs';
import {
  demoFakeCloudConfigEnv,
  startDemoFakeCloud,
} from '../scripts/lib/demoFakeCloud.mjs';
import { waitForPortal } from '../scripts/lib/portalReadiness.mjs';
import { findFreePort } from '../scripts/lib/embeddedPostgres.mjs';
import { ROOT } from '../scripts/lib/paths.mjs';

const DATABASE_PREFIX = 'paved_e2e_';

/**
 * Builds the production bundle, starts it against a clean set of
 * `paved_e2e_*` databases with guest sign-in allowed, and waits until a guest
 * sees the demo catalog. Returns the teardown.
 */
export default async function globalSetup() {
  const databaseUrl =
    process.env.PAVED_TEST_DATABASE_URL ??
    'postgresql://postgres@127.0.0.1:5432';
  const workDir = join(ROOT, '.paved', 'e2e');
  const bundleDir = join(workDir, 'bundle');
  mkdirSync(workDir, { recursive: true });

  // PAVED_E2E_REUSE_BUILD=1 skips the build when iterating on the specs.
  if (process.env.PAVED_E2E_REUSE_BUILD !== '1' || !existsSync(bundleDir)) {
    buildProductionBundle(bundleDir);
  }
  await dropDatabases(databaseUrl, DATABASE_PREFIX);

  // The demo's fake cloud, as `npm start` runs it.
  const fakeCloud = await startDemoFakeCloud({ ephemeralPorts: true });

  const port = Number(process.env.PAVED_E2E_PORT ?? 7077);
  const metricsPort = await findFreePort();
  const logFile = join(workDir, 'backend.log');
  const server = startProductionServer({
    bundleDir,
    port,
    metricsPort,
    databaseUrl,
    logFile,
    env: {
      ...demoFakeCloudConfigEnv(fakeCloud, {
        catalogDir: join(bundleDir, 'catalog-info'),
        templatesDir: join(bundleDir, 'templates'),
      }),
      APP_CONFIG_backend_database_prefix: DATABASE_PREFIX,
      // The production config offers GitHub sign-in only; the smoke test
      // signs in as the demo guest instead.
      APP_CONFIG_auth_providers_guest: JSON.stringify({
        userEntityRef: 'user:default/guest',
        dangerouslyAllowOutsideDevelopment: true,
      }),
      APP_CONFIG_paved_signIn_providers: JSON.stringify(['guest']),
    },
  });
  const exited = new Promise<number | null>(resolve =>
    server.once('exit', code => resolve(code)),
  );

  process.env.PAVED_E2E_BUNDLE = bundleDir;
  process.env.PAVED_E2E_PID = String(server.pid);
  process.env.PAVED_E2E_LOG = logFile;
  process.env.PAVED_E2E_METRICS_PORT = String(metricsPort);

  await Promise.race([
    waitForPortal(`http://localhost:${port}`, {
      timeoutMs: 120_000,
      minInferred: 4,
    }),
    exited.then(code => {
      throw new Error(
        `the production backend exited with code ${code} before it was ready; see ${logFile}`,
      );
    }),
  ]);

  return async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await exited;
    }
    await fakeCloud.stop();
    await dropDatabases(databaseUrl, DATABASE_PREFIX);
  };
}
