// `npm start`: the portal with the demo organisation, from a fresh clone.
//
// Runs under Node 22/24 with dependencies installed (scripts/paved.mjs sees
// to both). Uses the PostgreSQL named by DATABASE_URL / POSTGRES_* when set,
// otherwise an embedded one whose data lives in .paved/postgres. Builds the
// frontend when its sources changed, starts the backend (which serves it) and
// prints the URL once a guest can see the demo catalog. The demo's fake
// GitHub (packages/fake-cloud) serves the same organisation, so repositories
// without catalog-info.yaml show up as inferred components.
//
// PAVED_EXIT_WHEN_READY=1 stops everything as soon as the portal is ready
// (used by bench/startup.mjs); PAVED_POSTGRES_DIR moves the embedded data.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  demoFakeCloudConfigEnv,
  startDemoFakeCloud,
} from './lib/demoFakeCloud.mjs';
import { startDemoFlagTraffic } from './lib/demoFlagTraffic.mjs';
import { startEmbeddedPostgres } from './lib/embeddedPostgres.mjs';
import { ensureFrontendBuilt } from './lib/frontendBuild.mjs';
import { waitForPortal } from './lib/portalReadiness.mjs';
import { ROOT } from './lib/paths.mjs';

const started = Date.now();
const PORT = Number(process.env.PAVED_PORT ?? 7007);
const BASE_URL = `http://localhost:${PORT}`;
const exitWhenReady = process.env.PAVED_EXIT_WHEN_READY === '1';

function log(message) {
  process.stdout.write(`[paved] ${message}\n`);
}

function seconds() {
  return ((Date.now() - started) / 1000).toFixed(1);
}

const cleanups = [];
let stopping = false;
async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`[paved] while stopping: ${error.message}\n`);
    }
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function databaseEnv() {
  if (process.env.DATABASE_URL || process.env.POSTGRES_HOST) {
    log('Using the PostgreSQL server named by DATABASE_URL / POSTGRES_*');
    return {};
  }
  const dataDir =
    process.env.PAVED_POSTGRES_DIR ?? join(ROOT, '.paved', 'postgres');
  mkdirSync(join(ROOT, '.paved'), { recursive: true });
  const db = await startEmbeddedPostgres({ dataDir, preferredPort: 54329 });
  cleanups.push(() => db.stop());
  if (process.env.PAVED_DEMO_FAKE_CLOUD !== '0') {
    // The fake GitHub generates 120 days of delivery history ending now at
    // each start; the DORA records read from the last run's history would
    // disagree with it, so the dora plugin starts empty and reads it again.
    await db.dropDatabaseIfExists('backstage_plugin_dora');
  }
  log(
    `Embedded PostgreSQL ${db.cold ? 'initialised and ' : ''}started on 127.0.0.1:${db.port} (data in .paved/postgres) at ${seconds()} s`,
  );
  return {
    POSTGRES_HOST: db.host,
    POSTGRES_PORT: String(db.port),
    POSTGRES_USER: db.user,
    POSTGRES_PASSWORD: db.password,
  };
}

function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(
        new Error(
          `port ${port} is already in use (is Paved already running?); stop it or set PAVED_PORT`,
        ),
      ),
    );
    probe.listen(port, () => probe.close(resolve));
  });
}

/** The demo's fake GitHub, Kubernetes, AWS and Azure, unless PAVED_DEMO_FAKE_CLOUD=0. */
async function fakeCloudEnv() {
  if (process.env.PAVED_DEMO_FAKE_CLOUD === '0') return {};
  const fakeCloud = await startDemoFakeCloud();
  cleanups.push(() => fakeCloud.stop());
  log(
    `Fake cloud for the demo organisation: GitHub ${fakeCloud.github.apiBaseUrl}, AWS ${fakeCloud.aws.endpoint}, Azure ${fakeCloud.azure.endpoint} (PAVED_DEMO_FAKE_CLOUD=0 turns it off)`,
  );
  return demoFakeCloudConfigEnv(fakeCloud);
}

async function main() {
  await assertPortFree(PORT);
  const dbEnv = await databaseEnv();
  const demoEnv = await fakeCloudEnv();

  const built = ensureFrontendBuilt();
  if (built) log(`Frontend built at ${seconds()} s`);

  const backend = spawn('yarn', ['workspace', 'backend', 'start'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
    env: {
      ...process.env,
      ...dbEnv,
      ...demoEnv,
      // The backend serves the built frontend, so both share one origin.
      APP_CONFIG_app_baseUrl: BASE_URL,
      APP_CONFIG_backend_baseUrl: BASE_URL,
      APP_CONFIG_backend_listen_port: String(PORT),
    },
  });
  cleanups.push(
    () =>
      new Promise(resolve => {
        if (backend.exitCode !== null) return resolve();
        backend.once('exit', resolve);
        process.kill(-backend.pid, 'SIGTERM');
      }),
  );
  backend.on('exit', code => {
    if (!stopping) {
      process.stderr.write(`[paved] the backend exited (code ${code})\n`);
      stopAll(code || 1);
    }
  });

  const { entityCount, inferredCount } = await waitForPortal(BASE_URL, {
    timeoutMs: 180_000,
    minInferred: Object.keys(demoEnv).length > 0 ? 1 : 0,
  });
  log(
    `Paved is ready at ${BASE_URL} (${entityCount} entities in the catalog, ${inferredCount} inferred from GitHub; started in ${seconds()} s)`,
  );
  if (exitWhenReady) {
    await stopAll(0);
    return;
  }
  if (Object.keys(demoEnv).length > 0) {
    cleanups.push(startDemoFlagTraffic(BASE_URL));
    log('The demo services evaluate their feature flags (a few shoppers a second)');
  }
}

main().catch(error => {
  process.stderr.write(`[paved] ${error.message}\n`);
  stopAll(1);
});
