/**
 * Webhook to refreshed entity: a real backend (createBackend: catalog, events
 * with the GitHub webhook module, GitHub inference) on the local PostgreSQL,
 * fed by the fake GitHub serving the demo organisation. Each sample creates a
 * repository upstream, POSTs a signed `repository: created` webhook to
 * /api/events/http/github and times until the inferred Component is in the
 * catalog's final entities (processed and stitched); then the same for
 * `deleted` until it is gone.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/githubWebhook.ts [samples]
 *
 * samples defaults to 40. BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { ConfigReader } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import eventsGithubModule from '@backstage/plugin-events-backend-module-github';
import {
  FakeGithubRepo,
  lumenRetailGithubOrg,
  startFakeGithub,
  waitFor,
} from '@internal/fake-cloud';
import githubInferenceModule from '@internal/plugin-catalog-backend-module-github-inference';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from './freePort';

const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const SECRET = 'bench-webhook-secret';

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function main() {
  const samples = Number(process.argv[2] ?? 40);
  const org = lumenRetailGithubOrg();
  const github = await startFakeGithub(org, { token: 'ghp_bench' });
  const port = await freePort();
  const prefix = `bench_webhook_${process.pid}_`;
  const url = new URL(POSTGRES_URL);

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () =>
        new ConfigReader({
          app: { baseUrl: 'http://127.0.0.1:3000' },
          backend: {
            baseUrl: `http://127.0.0.1:${port}`,
            listen: { host: '127.0.0.1', port },
            database: {
              client: 'pg',
              connection: {
                host: url.hostname,
                port: Number(url.port || 5432),
                user: decodeURIComponent(url.username || 'postgres'),
                ...(url.password
                  ? { password: decodeURIComponent(url.password) }
                  : {}),
              },
              prefix,
            },
          },
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: 'ghp_bench',
              },
            ],
          },
          events: { modules: { github: { webhookSecret: SECRET } } },
          catalog: {
            providers: {
              githubInference: {
                'lumen-retail': {
                  organization: 'lumen-retail',
                  schedule: {
                    frequency: { hours: 24 },
                    timeout: { minutes: 10 },
                  },
                },
              },
            },
          },
        }),
    }),
  );
  backend.add(catalogPlugin);
  backend.add(eventsPlugin);
  backend.add(eventsGithubModule);
  backend.add(githubInferenceModule);
  await backend.start();

  const db = new Client({
    connectionString: Object.assign(new URL(POSTGRES_URL), {
      pathname: `/${prefix}catalog`,
    }).toString(),
  });
  await db.connect();
  const exists = async (ref: string) =>
    (
      await db.query(
        'select 1 from final_entities where entity_ref = $1 and final_entity is not null',
        [ref],
      )
    ).rowCount === 1;
  await waitFor(
    'the first inference pass',
    async () =>
      (await exists('component:default/pricing-engine')) ? true : undefined,
    { timeoutMs: 120_000 },
  );

  const deliver = async (event: string, payload: object) => {
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', SECRET)
      .update(body)
      .digest('hex')}`;
    const res = await fetch(`http://127.0.0.1:${port}/api/events/http/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-hub-signature-256': signature,
      },
      body,
    });
    if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
  };
  const repository = (name: string) => ({
    name,
    full_name: `lumen-retail/${name}`,
    owner: { login: 'lumen-retail' },
    default_branch: 'main',
  });

  const created: number[] = [];
  const deleted: number[] = [];
  /** From just before the webhook is sent until `condition` holds. */
  const timeFrom = async (
    send: () => Promise<void>,
    condition: () => Promise<boolean>,
  ) => {
    const started = performance.now();
    await send();
    while (!(await condition())) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    return performance.now() - started;
  };
  for (let i = 0; i < samples; i++) {
    const name = `webhook-bench-${i}`;
    const ref = `component:default/${name}`;
    const repo: FakeGithubRepo = {
      name,
      language: 'Go',
      files: {
        Dockerfile: 'FROM scratch\n',
        '.github/CODEOWNERS': '* @lumen-retail/checkout-squad\n',
      },
    };
    github.setRepos([...org.repos, repo]);
    created.push(
      await timeFrom(
        () =>
          deliver('repository', {
            action: 'created',
            repository: repository(name),
          }),
        () => exists(ref),
      ),
    );
    github.setRepos(org.repos);
    deleted.push(
      await timeFrom(
        () =>
          deliver('repository', {
            action: 'deleted',
            repository: repository(name),
          }),
        async () => !(await exists(ref)),
      ),
    );
  }

  const report = (label: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(28)} p50 ${percentile(sorted, 50).toFixed(
        0,
      )} ms · p95 ${percentile(sorted, 95).toFixed(0)} ms · max ${sorted[
        sorted.length - 1
      ].toFixed(0)} ms`,
    );
  };
  console.log(
    `GitHub webhook → refreshed entity, ${samples} samples each (processed and stitched)`,
  );
  report('repository created → in', created);
  report('repository deleted → gone', deleted);

  await db.end();
  await backend.stop();
  await github.close();
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const { rows } = await admin.query(
    'select datname from pg_database where datname like $1',
    [`${prefix}%`],
  );
  for (const { datname } of rows)
    await admin.query(`drop database "${datname}" with (force)`);
  await admin.end();
}

main().then(
  // The backend may keep handles (pools, timers) open after stop.
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
