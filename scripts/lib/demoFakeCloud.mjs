// The demo's fake cloud: packages/fake-cloud serving the Lumen Retail org
// (the same organisation as catalog-info/), and the config that points the
// portal's GitHub integration and inference provider at it.
import { spawn } from 'node:child_process';
import { ROOT } from './paths.mjs';
import { findFreePort } from './embeddedPostgres.mjs';

/**
 * Starts `yarn dev:fake-cloud` on a free port (7101 when free) and resolves
 * once it serves. Returns its API base URL and a stop function.
 */
export async function startDemoFakeCloud({ preferredPort = 7101 } = {}) {
  const port = await findFreePort(preferredPort);
  const child = spawn('yarn', ['dev:fake-cloud'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FAKE_GITHUB_PORT: String(port) },
  });
  const apiBaseUrl = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
      const match = /fake GitHub \(org [^)]+\) at (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', code =>
      reject(new Error(`the fake cloud exited (code ${code}) before it served`)),
    );
  });
  return {
    apiBaseUrl,
    stop: () =>
      new Promise(resolve => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        process.kill(-child.pid, 'SIGTERM');
      }),
  };
}

/** Config overrides (APP_CONFIG_* variables) for a portal using the fake cloud. */
export function demoFakeCloudConfigEnv(apiBaseUrl) {
  return {
    APP_CONFIG_integrations_github: JSON.stringify([
      { host: 'github.com', apiBaseUrl, token: 'demo-token' },
    ]),
    APP_CONFIG_catalog_providers_githubInference: JSON.stringify({
      'lumen-retail': {
        organization: 'lumen-retail',
        schedule: {
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 2 },
        },
      },
    }),
  };
}
