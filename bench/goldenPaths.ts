/**
 * Golden-path templates (issue 4, "Numbers"), on a backend with the real
 * catalog, scaffolder (+ its GitHub actions and Paved's actions) and
 * feature flags plugins, each in its own PostgreSQL database on the local
 * server, publishing to the fake GitHub (real repositories, real git push).
 * Prints:
 *
 * 1. "Create" → registered catalog entity, 10 runs after a warm-up: the time
 *    from `POST /api/scaffolder/v2/tasks` until the new Component is served
 *    by the catalog API, and until the task completed (the feature flag step
 *    included), p50/p95/max — for Paved's `typescript-service` template and,
 *    in the same run, the upstream equivalent: a template with only
 *    Backstage's own steps (`fetch:template` of the same skeleton,
 *    `publish:github`, `catalog:register`);
 * 2. the generated TypeScript service, taken from the fake GitHub repository
 *    the last run created: `npm ci`, `npm test`, `npm run build` wall time,
 *    and the size of the production `node_modules` (`npm ci --omit=dev`) —
 *    its container image cannot be built here.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/goldenPaths.ts [runs]
 *
 * BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { lumenRetailGithubOrg, startFakeGithub } from '@internal/fake-cloud';
import featureFlagsPlugin from '@internal/plugin-feature-flags-backend';
import scaffolderFeatureFlagsModule from '@internal/plugin-scaffolder-backend-module-feature-flags';
import scaffolderGoldenPathsModule from '@internal/plugin-scaffolder-backend-module-golden-paths';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

const RUNS = Number(process.argv[2] ?? 10);
const TOKEN = 'bench-token';
const ORG = 'lumen-retail';
const ROOT = resolve(__dirname, '..');
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const PREFIX = `paved_bench_gp_${process.pid}_`;
const USER = mockCredentials.user.header('user:default/guest');

const ORG_YAML = join(ROOT, 'catalog-info/org.yaml');
const SYSTEMS_YAML = join(ROOT, 'catalog-info/systems.yaml');

/** Backstage's own steps only, over the same skeleton: the upstream equivalent. */
function writeUpstreamTemplate(dir: string) {
  cpSync(
    join(ROOT, 'templates/typescript-service/skeleton'),
    join(dir, 'skeleton'),
    { recursive: true },
  );
  writeFileSync(
    join(dir, 'template.yaml'),
    `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: upstream-service
  title: Upstream steps only
spec:
  owner: group:default/platform-squad
  type: service
  parameters:
    - required: [name, owner, system]
      properties:
        name: { type: string }
        description: { type: string }
        owner: { type: string }
        system: { type: string }
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        copyWithoutTemplating: ['.github/workflows/**']
        values:
          name: \${{ parameters.name }}
          description: \${{ parameters.description }}
          owner: \${{ parameters.owner }}
          ownerName: discovery-squad
          system: \${{ parameters.system }}
          port: 8080
          githubOrg: ${ORG}
          pavedBaseUrl: https://paved.lumen-retail.example
          templateRef: template:default/upstream-service
          templateVersion: 0.0.0
    - id: publish
      action: publish:github
      input:
        repoUrl: github.com?owner=${ORG}&repo=\${{ parameters.name }}
        repoVisibility: private
        defaultBranch: main
        access: ${ORG}/discovery-squad
        protectDefaultBranch: true
    - id: register
      action: catalog:register
      input:
        repoContentsUrl: \${{ steps.publish.output.repoContentsUrl }}
        catalogInfoPath: /catalog-info.yaml
`,
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};
const ms = (n: number) => `${Math.round(n)} ms`;

async function dropDatabases() {
  const admin = new Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  const { rows } = await admin.query(
    `select datname from pg_database where datname like $1`,
    [`${PREFIX}%`],
  );
  for (const { datname } of rows) {
    await admin.query(`drop database if exists "${datname}" with (force)`);
  }
  await admin.end();
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'paved-bench-gp-'));
  const upstreamDir = join(work, 'upstream-service');
  mkdirSync(upstreamDir);
  writeUpstreamTemplate(upstreamDir);

  const github = await startFakeGithub(lumenRetailGithubOrg(), {
    token: TOKEN,
  });
  const url = new URL(POSTGRES_URL);
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      scaffolderGithubModule,
      scaffolderGoldenPathsModule,
      scaffolderFeatureFlagsModule,
      featureFlagsPlugin,
      databaseServiceFactory,
      // The guest is in discovery-squad, the squad the services are made for.
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () =>
          mockServices.userInfo({
            ownershipEntityRefs: [
              'user:default/guest',
              'group:default/discovery-squad',
            ],
          }),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: 'http://localhost:7007',
            database: {
              client: 'pg',
              connection: {
                host: url.hostname,
                port: Number(url.port || 5432),
                user: decodeURIComponent(url.username || 'postgres'),
                password: decodeURIComponent(url.password),
              },
              prefix: PREFIX,
            },
          },
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: TOKEN,
              },
            ],
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Group',
                  'User',
                  'Template',
                  'Location',
                  'API',
                  'Domain',
                  'Resource',
                ],
              },
            ],
            locations: [
              { type: 'file', target: ORG_YAML },
              { type: 'file', target: SYSTEMS_YAML },
              {
                type: 'file',
                target: join(
                  ROOT,
                  'templates/typescript-service/template.yaml',
                ),
              },
              { type: 'file', target: join(upstreamDir, 'template.yaml') },
            ],
          },
          featureFlags: { environments: ['staging', 'production'] },
        },
      }),
    ],
  });
  const base = `http://localhost:${backend.server.port()}`;
  const api = async (path: string, init?: RequestInit) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: USER,
        'content-type': 'application/json',
        ...init?.headers,
      },
    });

  // Wait for the catalog to hold both templates, the squads and systems.
  for (const ref of [
    'template/default/typescript-service',
    'template/default/upstream-service',
    'group/default/discovery-squad',
    'system/default/storefront',
  ]) {
    for (let i = 0; ; i++) {
      const res = await api(`/api/catalog/entities/by-name/${ref}`);
      if (res.ok) break;
      if (i > 600) throw new Error(`${ref} never reached the catalog`);
      await new Promise(r => setTimeout(r, 100));
    }
  }

  async function createOnce(template: string, name: string) {
    const started = performance.now();
    const res = await api('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: `template:default/${template}`,
        values: {
          name,
          description: 'Created by the golden paths benchmark.',
          owner: 'group:default/discovery-squad',
          system: 'system:default/storefront',
        },
      }),
    });
    if (res.status !== 201) {
      throw new Error(`create ${name}: ${res.status} ${await res.text()}`);
    }
    const { id } = (await res.json()) as { id: string };
    let registeredMs: number | undefined;
    let completedMs: number | undefined;
    while (registeredMs === undefined || completedMs === undefined) {
      if (registeredMs === undefined) {
        const entity = await api(
          `/api/catalog/entities/by-name/component/default/${name}`,
        );
        if (entity.ok) registeredMs = performance.now() - started;
      }
      if (completedMs === undefined) {
        const task = (await (
          await api(`/api/scaffolder/v2/tasks/${id}`)
        ).json()) as {
          status: string;
        };
        if (task.status === 'failed' || task.status === 'cancelled') {
          const events = await (
            await api(`/api/scaffolder/v2/tasks/${id}/events`)
          ).json();
          throw new Error(
            `task for ${name} ${task.status}: ${JSON.stringify(events).slice(
              -2000,
            )}`,
          );
        }
        if (task.status === 'completed')
          completedMs = performance.now() - started;
      }
      if (performance.now() - started > 180_000) {
        throw new Error(`${name}: not registered/completed within 180 s`);
      }
      await new Promise(r => setTimeout(r, 20));
    }
    return { registeredMs, completedMs };
  }

  const results: Record<string, { registered: number[]; completed: number[] }> =
    {};
  for (const template of ['typescript-service', 'upstream-service']) {
    results[template] = { registered: [], completed: [] };
  }
  // Warm up both, then alternate so that both see the same machine.
  await createOnce('typescript-service', 'bench-warmup-paved');
  await createOnce('upstream-service', 'bench-warmup-upstream');
  for (let i = 0; i < RUNS; i++) {
    for (const template of ['typescript-service', 'upstream-service']) {
      const tag = template === 'typescript-service' ? 'paved' : 'upstream';
      const r = await createOnce(template, `bench-${tag}-${i}`);
      results[template].registered.push(r.registeredMs);
      results[template].completed.push(r.completedMs);
    }
  }

  console.log(
    `\n"Create" → entity in the catalog (${RUNS} runs each, fake GitHub over HTTP, real git push)`,
  );
  console.log(
    'template                         registered p50 / p95 / max        task completed p50 / p95 / max',
  );
  for (const [template, r] of Object.entries(results)) {
    const label =
      template === 'typescript-service'
        ? 'paved typescript-service (6 steps)'
        : 'upstream steps only (3 steps)';
    console.log(
      `${label.padEnd(33)}${[50, 95, 100]
        .map(p => ms(percentile(r.registered, p)))
        .join(' / ')
        .padEnd(34)}${[50, 95, 100]
        .map(p => ms(percentile(r.completed, p)))
        .join(' / ')}`,
    );
  }

  // The generated service, as the last run pushed it.
  const repo = github.repo(`bench-paved-${RUNS - 1}`);
  if (!repo?.files) throw new Error('the last repository has no files');
  const project = join(work, 'generated');
  for (const [path, content] of Object.entries(repo.files)) {
    const target = join(project, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  const timed = (args: string[]) => {
    const started = performance.now();
    const r = spawnSync('npm', args, { cwd: project, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`npm ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
    }
    return (performance.now() - started) / 1000;
  };
  rmSync(join(project, 'node_modules'), { recursive: true, force: true });
  const install = timed(['ci', '--no-audit', '--no-fund']);
  const test = timed(['test']);
  const build = timed(['run', 'build']);
  const fullSize = execFileSync('du', ['-sm', join(project, 'node_modules')], {
    encoding: 'utf8',
  }).split('\t')[0];
  const prodInstall = timed(['ci', '--omit=dev', '--no-audit', '--no-fund']);
  const prodSize = execFileSync('du', ['-sm', join(project, 'node_modules')], {
    encoding: 'utf8',
  }).split('\t')[0];
  const distSize = execFileSync('du', ['-sk', join(project, 'dist')], {
    encoding: 'utf8',
  }).split('\t')[0];
  console.log(
    '\nGenerated TypeScript service (from the fake GitHub repository)',
  );
  console.log(
    `npm ci ${install.toFixed(1)} s, npm test ${test.toFixed(
      1,
    )} s, npm run build ${build.toFixed(1)} s — install + test + build ${(
      install +
      test +
      build
    ).toFixed(1)} s`,
  );
  console.log(
    `node_modules: ${fullSize} MB with dev dependencies; production (npm ci --omit=dev, ${prodInstall.toFixed(
      1,
    )} s) ${prodSize} MB; dist ${distSize} KB`,
  );

  await backend.stop();
  await github.close();
  rmSync(work, { recursive: true, force: true });
  await dropDatabases();
}

main()
  // The scaffolder's task workers keep timers after the backend stops.
  .then(() => process.exit(0))
  .catch(async error => {
    console.error(error);
    await dropDatabases().catch(() => {});
    process.exit(1);
  });
