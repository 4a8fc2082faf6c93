import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Runs last: it stops the portal that the other specs use.
test('drains and exits cleanly on SIGTERM', async () => {
  const pid = Number(process.env.PAVED_E2E_PID);
  expect(isRunning(pid)).toBe(true);
  const signalled = Date.now();
  process.kill(pid, 'SIGTERM');
  await expect.poll(() => isRunning(pid), { timeout: 20_000 }).toBe(false);
  const log = readFileSync(process.env.PAVED_E2E_LOG!, 'utf8');
  expect(log).not.toMatch(/"level":"error"/);
  test.info().annotations.push({
    type: 'shutdown',
    description: `exited ${Date.now() - signalled} ms after SIGTERM`,
  });
});
