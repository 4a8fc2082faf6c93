#!/usr/bin/env node
// Frontend bundle size: the JavaScript a browser must load before the first
// render (the <script> tags of index.html), raw and gzip, plus the total of
// all chunks. Compared, in the same run, with the stock
// `@backstage/create-app` skeleton of the same release, built with the same
// Yarn and dependency pins.
//
//   node bench/bundle-size.mjs            Paved only (builds packages/app)
//   node bench/bundle-size.mjs --stock    also builds the stock skeleton in
//                                         .paved/bench/stock (a few minutes)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../scripts/lib/paths.mjs';

const CREATE_APP_VERSION = '0.9.2';

function run(command, args, cwd, input) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: input ? ['pipe', 'inherit', 'inherit'] : 'inherit',
    input,
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}`);
}

function measure(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<script[^>]*src="([^"]+\.js)"/g)].map(m =>
    m[1].replace(/^.*\/static\//, 'static/'),
  );
  const size = file => {
    const content = readFileSync(join(distDir, file));
    return {
      raw: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
    };
  };
  const sum = files =>
    files
      .map(size)
      .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), {
        raw: 0,
        gzip: 0,
      });
  const allJs = readdirSync(join(distDir, 'static'))
    .filter(f => f.endsWith('.js'))
    .map(f => `static/${f}`);
  return {
    initial: sum(initial),
    initialFiles: initial.length,
    all: sum(allJs),
    allFiles: allJs.length,
  };
}

function buildStock(dir) {
  if (!existsSync(join(dir, 'package.json'))) {
    run(
      'npx',
      [
        '-y',
        `@backstage/create-app@${CREATE_APP_VERSION}`,
        '--path',
        dir,
        '--skip-install',
      ],
      ROOT,
      'stock\n',
    );
    // Same Yarn release and registry pins as Paved (see docs/adr/0002).
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    pkg.packageManager = ours.packageManager;
    pkg.resolutions = { ...pkg.resolutions, ...ours.resolutions };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    run(
      'cp',
      [
        join(ROOT, '.yarn/releases/yarn-4.18.1.cjs'),
        join(dir, '.yarn/releases/'),
      ],
      ROOT,
    );
    writeFileSync(
      join(dir, '.yarnrc.yml'),
      readFileSync(join(ROOT, '.yarnrc.yml'), 'utf8'),
    );
    writeFileSync(join(dir, 'yarn.lock'), '');
  }
  run(
    process.execPath,
    [join(dir, '.yarn/releases/yarn-4.18.1.cjs'), 'install'],
    dir,
  );
  run(
    process.execPath,
    [join(dir, '.yarn/releases/yarn-4.18.1.cjs'), 'workspace', 'app', 'build'],
    dir,
  );
  return join(dir, 'packages/app/dist');
}

const kb = n => `${(n / 1024).toFixed(0)} KiB`;
function report(name, m) {
  console.log(
    `  ${name.padEnd(8)} initial JS ${kb(m.initial.gzip)} gzip (${kb(
      m.initial.raw,
    )} raw, ${m.initialFiles} files); all JS ${kb(m.all.gzip)} gzip in ${
      m.allFiles
    } chunks`,
  );
}

run('yarn', ['workspace', 'app', 'build'], ROOT);
const paved = measure(join(ROOT, 'packages/app/dist'));
const results = [['Paved', paved]];
if (process.argv.includes('--stock')) {
  results.push([
    'stock',
    measure(buildStock(join(ROOT, '.paved/bench/stock'))),
  ]);
}
console.log('frontend bundle size');
for (const [name, m] of results) report(name, m);
