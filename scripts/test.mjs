// `npm test`: type-check, lint, every unit/integration test (Jest, against
// real PostgreSQL) and the browser smoke test (Playwright, Debian Chromium,
// against the production build of the portal). Ends with one plain line:
// `N passed, N failed`.
//
// Runs under Node 22/24 with dependencies installed (scripts/paved.mjs).
// Flags: --skip-e2e, --only=<step> (tsc | lint | unit | e2e).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/paths.mjs';
import { provideTestDatabase } from './lib/testDatabase.mjs';

const args = process.argv.slice(2);
const only = args.find(a => a.startsWith('--only='))?.slice('--only='.length);
const skipE2e = args.includes('--skip-e2e');
const REPORTS = join(ROOT, '.paved', 'reports');

function log(message) {
  process.stdout.write(`[paved] ${message}\n`);
}

function runStep(name, command, commandArgs, env) {
  log(`── ${name}: ${command} ${commandArgs.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  const seconds = (Date.now() - started) / 1000;
  return { ok: result.status === 0, seconds };
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/** Test counts from a Jest --json report. */
function jestCounts(report) {
  if (!report) return undefined;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
  };
}

/** Test counts from a Playwright JSON report. */
function playwrightCounts(report) {
  if (!report) return undefined;
  const { expected = 0, unexpected = 0, flaky = 0 } = report.stats ?? {};
  const setupFailed = (report.errors ?? []).length > 0 ? 1 : 0;
  return { passed: expected + flaky, failed: unexpected + setupFailed };
}

async function main() {
  const totalStarted = Date.now();
  rmSync(REPORTS, { recursive: true, force: true });
  mkdirSync(REPORTS, { recursive: true });

  const database = await provideTestDatabase({ log });
  const env = {
    ...process.env,
    BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: database.url,
    PAVED_TEST_DATABASE_URL: database.url,
    // Jest's watch mode and colours are for humans at a terminal.
    CI: process.env.CI ?? 'true',
  };

  const results = [];
  const want = step => !only || only === step;

  if (want('tsc')) {
    const r = runStep('type-check', 'yarn', ['tsc'], env);
    results.push({ name: 'type-check', ...r, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1 });
  }
  if (want('lint')) {
    const r = runStep('lint', 'yarn', ['backstage-cli', 'repo', 'lint'], env);
    results.push({ name: 'lint', ...r, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1 });
  }
  if (want('unit')) {
    const reportFile = join(REPORTS, 'jest.json');
    const r = runStep(
      'unit and integration tests',
      'yarn',
      ['backstage-cli', 'repo', 'test', '--json', `--outputFile=${reportFile}`],
      env,
    );
    const counts = jestCounts(readJson(reportFile)) ?? { passed: 0, failed: 1 };
    if (!r.ok && counts.failed === 0) counts.failed = 1;
    results.push({ name: 'jest', ...r, ...counts });
  }
  if (want('e2e') && !skipE2e) {
    const reportFile = join(REPORTS, 'playwright.json');
    const r = runStep(
      'browser smoke test',
      'yarn',
      ['playwright', 'test', '--config', 'e2e/playwright.config.ts'],
      { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile },
    );
    const counts = playwrightCounts(readJson(reportFile)) ?? { passed: 0, failed: 1 };
    if (!r.ok && counts.failed === 0) counts.failed = 1;
    results.push({ name: 'playwright', ...r, ...counts });
  }

  await database.stop();

  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  log('── summary');
  for (const r of results) {
    log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(0)} s`,
    );
  }
  log(`total ${((Date.now() - totalStarted) / 1000).toFixed(0)} s`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed === 0 && results.every(r => r.ok) ? 0 : 1;
}

main().catch(error => {
  process.stderr.write(`[paved] ${error.stack ?? error}\n`);
  process.stdout.write('0 passed, 1 failed\n');
  process.exitCode = 1;
});
