#!/usr/bin/env node
// `yarn install --immutable` of a fresh clone with an empty Yarn cache: the
// install step of the first `npm start` on a new machine (registry access
// only, no warm cache).
//
//   node bench/install.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../scripts/lib/paths.mjs';

const work = mkdtempSync(join(tmpdir(), 'paved-bench-install-'));
const clone = join(work, 'paved');
try {
  spawnSync('git', ['clone', '-q', ROOT, clone], { stdio: 'inherit' });
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['.yarn/releases/yarn-4.18.1.cjs', 'install', '--immutable'],
    {
      cwd: clone,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        YARN_ENABLE_GLOBAL_CACHE: 'false',
        YARN_CACHE_FOLDER: join(work, 'cache'),
      },
    },
  );
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) throw new Error('yarn install failed');
  const du = spawnSync('du', ['-sh', join(clone, 'node_modules')], {
    encoding: 'utf8',
  });
  console.log(
    `yarn install --immutable, empty cache: ${seconds.toFixed(
      0,
    )} s; node_modules ${du.stdout.split('\t')[0]}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
