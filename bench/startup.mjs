#!/usr/bin/env node
// Time from the start command to "portal ready" (backend ready, guest signed
// in, demo catalog visible), with dependencies installed and the frontend
// built: once on a cold database (fresh embedded data directory: initdb,
// migrations, first ingestion of the demo org) and then warm (same data).
//
//   node bench/startup.mjs [--runs=N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../scripts/lib/paths.mjs';

const runs = Number(
  process.argv.find(a => a.startsWith('--runs='))?.slice(7) ?? 3,
);

function startOnce(dataDir) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['scripts/paved.mjs', 'start'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      PAVED_EXIT_WHEN_READY: '1',
      PAVED_POSTGRES_DIR: dataDir,
      DATABASE_URL: '',
      POSTGRES_HOST: '',
    },
  });
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error('npm start did not become ready');
  }
  const reported = /started in ([\d.]+) s/.exec(result.stdout)?.[1];
  return { wall: seconds, reported: Number(reported) };
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// Build the frontend once so that neither measurement includes it.
const warmup = mkdtempSync(join(tmpdir(), 'paved-bench-pg-'));
startOnce(warmup);
rmSync(warmup, { recursive: true, force: true });

const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paved-bench-pg-'));
  cold.push(startOnce(dataDir).wall);
  warm.push(startOnce(dataDir).wall);
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`start → portal ready, ${runs} runs each (seconds, wall clock)`);
console.log(
  `  cold database: median ${median(cold).toFixed(1)}  runs ${cold
    .map(s => s.toFixed(1))
    .join(' ')}  (target < 60)`,
);
console.log(
  `  warm database: median ${median(warm).toFixed(1)}  runs ${warm
    .map(s => s.toFixed(1))
    .join(' ')}  (target < 30)`,
);
