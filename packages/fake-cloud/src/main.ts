/**
 * Runs the fake cloud for the demo: a fake GitHub serving the Lumen Retail
 * organisation that catalog-info/ describes, until SIGTERM/SIGINT.
 *
 *   FAKE_GITHUB_PORT (default 7101)
 */
import { lumenRetailGithubOrg } from './github/lumenRetailGithubOrg';
import { startFakeGithub } from './github/startFakeGithub';

async function main() {
  const port = Number(process.env.FAKE_GITHUB_PORT ?? 7101);
  const github = await startFakeGithub(lumenRetailGithubOrg(), { port });
  process.stdout.write(
    `[fake-cloud] fake GitHub (org lumen-retail) at ${github.apiBaseUrl}\n`,
  );
  const stop = () => github.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`[fake-cloud] ${error.stack ?? error}\n`);
  process.exit(1);
});
