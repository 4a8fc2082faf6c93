#!/usr/bin/env node
// Entry point of the two README commands (`npm start`, `npm test`).
//
// It must run on any Node >= 20 with nothing installed, so it uses only Node's
// standard library. It makes sure a Node 22/24 runtime is available (taking
// Node 24 from the npm registry when the machine's is older), installs the
// workspace with the committed Yarn release when yarn.lock changed, and then
// hands over to scripts/start.mjs or scripts/test.mjs under that runtime.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = join(ROOT, '.paved');
const NODE_RUNTIME_VERSION = '24.21.0';
const YARN_RELEASE = join(ROOT, '.yarn', 'releases', 'yarn-4.18.1.cjs');
const SUPPORTED_NODE_MAJORS = [22, 24];

const COMMANDS = {
  start: 'scripts/start.mjs',
  test: 'scripts/test.mjs',
};

function log(message) {
  process.stdout.write(`[paved] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[paved] ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    cwd: ROOT,
    ...options,
  });
  if (result.error) {
    fail(`${command} could not run: ${result.error.message}`);
  }
  return result.status ?? 1;
}

/** The directory holding a supported `node` binary, downloading one if needed. */
function ensureNodeRuntime() {
  const major = Number(process.versions.node.split('.')[0]);
  if (SUPPORTED_NODE_MAJORS.includes(major)) {
    return dirname(process.execPath);
  }
  const packageName = `node-${process.platform}-${process.arch}`;
  const prefix = join(TOOLS, 'node');
  const binDir = join(prefix, 'node_modules', packageName, 'bin');
  if (!existsSync(join(binDir, 'node'))) {
    log(
      `Node ${process.versions.node} is too old for Backstage; installing Node ${NODE_RUNTIME_VERSION} from the npm registry into .paved/node`,
    );
    mkdirSync(prefix, { recursive: true });
    const status = run(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        `${packageName}@${NODE_RUNTIME_VERSION}`,
      ],
      { shell: process.platform === 'win32' },
    );
    if (status !== 0 || !existsSync(join(binDir, 'node'))) {
      fail(`could not install ${packageName}@${NODE_RUNTIME_VERSION} with npm`);
    }
  }
  return binDir;
}

/** A `yarn` command on PATH that runs the committed Yarn release. */
function ensureYarnShim(nodeBinDir) {
  const binDir = join(TOOLS, 'bin');
  mkdirSync(binDir, { recursive: true });
  const shim = join(binDir, 'yarn');
  const body = `#!/bin/sh\nexec "${join(nodeBinDir, 'node')}" "${YARN_RELEASE}" "$@"\n`;
  if (!existsSync(shim) || readFileSync(shim, 'utf8') !== body) {
    writeFileSync(shim, body);
    chmodSync(shim, 0o755);
  }
  return binDir;
}

function installFingerprint() {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'yarn.lock')));
  hash.update(readFileSync(join(ROOT, 'package.json')));
  return hash.digest('hex');
}

function ensureDependencies(env) {
  const stamp = join(ROOT, 'node_modules', '.paved-install');
  const fingerprint = installFingerprint();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) {
    return;
  }
  log('Installing dependencies (yarn install --immutable)…');
  const started = Date.now();
  const status = run('yarn', ['install', '--immutable'], { env });
  if (status !== 0) {
    fail('yarn install failed; see the output above');
  }
  writeFileSync(stamp, fingerprint);
  log(`Dependencies installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function main() {
  const [commandName, ...rest] = process.argv.slice(2);
  const script = COMMANDS[commandName];
  if (!script) {
    fail(
      `unknown command "${commandName ?? ''}"; use one of: ${Object.keys(COMMANDS).join(', ')}`,
    );
  }
  const nodeBinDir = ensureNodeRuntime();
  const yarnBinDir = ensureYarnShim(nodeBinDir);
  const nodeRoot = dirname(nodeBinDir);
  const env = {
    ...process.env,
    PATH: [yarnBinDir, nodeBinDir, process.env.PATH].join(':'),
    // Native addons must build against the runtime's own headers: the
    // machine cannot reach nodejs.org to download them.
    ...(existsSync(join(nodeRoot, 'include', 'node'))
      ? { npm_config_nodedir: nodeRoot }
      : {}),
  };
  ensureDependencies(env);
  process.exitCode = run(join(nodeBinDir, 'node'), [script, ...rest], { env });
}

main();
