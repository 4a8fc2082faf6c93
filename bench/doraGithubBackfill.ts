/**
 * The DORA GitHub backfill over the fake GitHub: every Lumen Retail
 * repository's 120 days of delivery history (deployments and statuses,
 * workflow runs, releases, merged pull requests with commits and reviews,
 * incident issues) read through octokit over HTTP, stored through the same
 * DoraService path as webhooks and the API, on the local PostgreSQL. Prints
 * the first pass (wall time, records/s, GitHub requests) and an unchanged
 * second, incremental pass.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/doraGithubBackfill.ts [copies]
 *
 * `copies` (default 10) serves the organisation's declared repositories that
 * many times over (`checkout-service-3`, …), each with its own history.
 * BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { lumenRetailGithubOrg, startFakeGithub } from '@internal/fake-cloud';
import doraPlugin from '@internal/plugin-dora-backend';
import knexFactory from 'knex';
import { AddressInfo } from 'node:net';

const TOKEN = 'bench-token';

async function main() {
  const copies = Number(process.argv[2] ?? 10);
  const connection =
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const org = lumenRetailGithubOrg();
  const declared = org.repos.filter(repo => repo.delivery);
  const repos = Array.from({ length: copies }, (_, copy) =>
    declared.map(repo => ({
      ...repo,
      name: copy === 0 ? repo.name : `${repo.name}-${copy}`,
    })),
  ).flat();
  const github = await startFakeGithub(
    { ...org, repos },
    { token: TOKEN, pageSizeLimit: 100 },
  );
  const components: Entity[] = repos.map(repo => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: repo.name,
      namespace: 'default',
      annotations: { 'github.com/project-slug': `lumen-retail/${repo.name}` },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'squad' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/squad' }],
  }));

  const database = `paved_bench_dora_github_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('CREATE DATABASE ??', [database]);
  const knex = knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/+$/, '')}/${database}`,
    pool: { min: 0, max: 20 },
  });

  const backend = await startTestBackend({
    features: [
      doraPlugin,
      catalogServiceMock.factory({ entities: components }),
      mockServices.database.factory({ knex }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: TOKEN,
              },
            ],
          },
          dora: { github: { backfillDays: 365, concurrency: 8 } },
        },
      }),
    ],
  });
  const server = backend.server.listening
    ? backend.server
    : await new Promise<typeof backend.server>(resolve =>
        backend.server.listen(0, '127.0.0.1', () => resolve(backend.server)),
      );
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/dora`;

  console.log(
    `DORA GitHub backfill: ${repos.length} repositories (${copies} × Lumen Retail's ${declared.length}), 120 days each, fake GitHub over HTTP, 8 repositories at a time`,
  );
  for (const label of ['first pass', 'second pass (unchanged)']) {
    const requestsBefore = github.requests.length;
    const t0 = performance.now();
    // The test backend's scheduler runs the pass before answering.
    const res = await fetch(`${base}/github/sync`, { method: 'POST' });
    if (res.status !== 202) throw new Error(`sync answered ${res.status}`);
    const seconds = (performance.now() - t0) / 1000;
    const status = (await (await fetch(`${base}/github/sync`)).json()) as {
      lastPass: {
        repositories: {
          deployments: number;
          changes: number;
          incidents: number;
          errors: unknown[];
        }[];
      };
    };
    const sum = (key: 'deployments' | 'changes' | 'incidents') =>
      status.lastPass.repositories.reduce((total, r) => total + r[key], 0);
    const records = sum('deployments') + sum('changes') + sum('incidents');
    const failed = status.lastPass.repositories.filter(r => r.errors.length);
    console.log(
      `  ${label.padEnd(24)} ${seconds.toFixed(1)} s · ${sum(
        'deployments',
      )} deployments, ${sum('changes')} changes, ${sum(
        'incidents',
      )} incidents (${(records / seconds).toFixed(0)} records/s) · ${
        github.requests.length - requestsBefore
      } GitHub requests · ${failed.length} repositories with errors`,
    );
  }

  // Let the org page's facts settle before stopping (a refresh follows writes).
  for (;;) {
    const { staleServices } = (await (
      await fetch(`${base}/status`)
    ).json()) as { staleServices: number };
    if (staleServices === 0) break;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await new Promise(resolve => setTimeout(resolve, 3000));
  await backend.stop();
  await github.close();
  await knex.destroy();
  await admin.raw('DROP DATABASE ?? WITH (FORCE)', [database]);
  await admin.destroy();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
