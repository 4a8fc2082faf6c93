// Builds the portal the way docker/Dockerfile does (`yarn build:backend`,
// which bundles the backend and the built frontend) and runs the bundle with
// the production config, outside a container. Used by the browser smoke test
// and by the benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

/** Runs `yarn build:backend` and unpacks the bundle into `targetDir`. */
export function buildProductionBundle(targetDir) {
  const build = spawnSync('yarn', ['build:backend'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    throw new Error('yarn build:backend failed; see the output above');
  }
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  const untar = spawnSync(
    'tar',
    ['xzf', join(ROOT, 'packages/backend/dist/bundle.tar.gz'), '-C', targetDir],
    { stdio: 'inherit' },
  );
  if (untar.status !== 0) throw new Error('could not unpack bundle.tar.gz');
  // What the Dockerfile copies next to the bundle.
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    cpSync(join(ROOT, file), join(targetDir, file));
  }
  cpSync(join(ROOT, 'catalog-info'), join(targetDir, 'catalog-info'), {
    recursive: true,
  });
  cpSync(join(ROOT, 'templates'), join(targetDir, 'templates'), {
    recursive: true,
    filter: source => !/[\\/](node_modules|dist)$/.test(source),
  });
  linkDependencies(targetDir);
}

/**
 * The container runs `yarn workspaces focus --all --production`; here the
 * repository's installed dependencies stand in for that step, except that the
 * workspace packages resolve to the bundle's own (built) copies.
 */
function linkDependencies(bundleDir) {
  const workspaces = new Map();
  for (const group of ['packages', 'plugins']) {
    const dir = join(bundleDir, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(dir, name, 'package.json');
      if (existsSync(manifest)) {
        workspaces.set(JSON.parse(readFileSync(manifest, 'utf8')).name, join(dir, name));
      }
    }
  }
  const modules = join(bundleDir, 'node_modules');
  mkdirSync(modules);
  const link = (name, target) => symlinkSync(workspaces.get(name) ?? target, join(modules, name));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    const source = join(ROOT, 'node_modules', entry);
    if (entry.startsWith('@')) {
      mkdirSync(join(modules, entry));
      for (const child of readdirSync(source)) {
        link(`${entry}/${child}`, join(source, child));
      }
    } else {
      link(entry, source);
    }
  }
}

/**
 * Starts the unpacked bundle with the production config. Resolves to the
 * child process; its output goes to `logFile`.
 */
export function startProductionServer({
  bundleDir,
  port,
  metricsPort,
  databaseUrl,
  logFile,
  env = {},
}) {
  const out = openSync(logFile, 'w');
  const baseUrl = `http://localhost:${port}`;
  return spawn(
    process.execPath,
    [
      '--require',
      join(ROOT, 'packages/backend/src/instrumentation.js'),
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ],
    {
      cwd: bundleDir,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        PAVED_BASE_URL: baseUrl,
        PAVED_METRICS_PORT: String(metricsPort),
        APP_CONFIG_backend_listen: `:${port}`,
        AUTH_GITHUB_CLIENT_ID: 'paved-e2e',
        AUTH_GITHUB_CLIENT_SECRET: 'paved-e2e',
        PAVED_CATALOG_DIR: join(bundleDir, 'catalog-info'),
        PAVED_TEMPLATES_DIR: join(bundleDir, 'templates'),
        ...env,
      },
    },
  );
}
