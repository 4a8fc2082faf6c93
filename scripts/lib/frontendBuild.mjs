// Builds packages/app only when its inputs changed since the last build, so a
// warm `npm start` skips the bundler entirely.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './paths.mjs';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'dist-types', 'e2e-tests']);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* files(join(dir, entry.name));
    } else {
      yield join(dir, entry.name);
    }
  }
}

/** Frontend inputs: the app and every frontend plugin (not -backend/-node). */
function frontendInputDirs() {
  const dirs = [join(ROOT, 'packages', 'app')];
  const plugins = join(ROOT, 'plugins');
  if (existsSync(plugins)) {
    for (const entry of readdirSync(plugins, { withFileTypes: true })) {
      if (entry.isDirectory() && !/-(backend|node)(-|$)/.test(entry.name)) {
        dirs.push(join(plugins, entry.name));
      }
    }
  }
  return dirs;
}

export function frontendFingerprint() {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'yarn.lock')));
  for (const dir of frontendInputDirs()) {
    for (const file of files(dir)) {
      const { size, mtimeMs } = statSync(file);
      hash.update(`${relative(ROOT, file)}:${size}:${mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

/** Returns true when it had to build. Throws when the build fails. */
export function ensureFrontendBuilt() {
  const distIndex = join(ROOT, 'packages', 'app', 'dist', 'index.html');
  const stamp = join(ROOT, 'packages', 'app', 'dist', '.paved-fingerprint');
  const fingerprint = frontendFingerprint();
  if (
    existsSync(distIndex) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === fingerprint
  ) {
    return false;
  }
  process.stdout.write('[paved] Building the frontend (packages/app)…\n');
  const result = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error('the frontend build failed; see the output above');
  }
  writeFileSync(stamp, fingerprint);
  return true;
}
