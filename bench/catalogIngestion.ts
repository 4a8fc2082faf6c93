/**
 * Catalog ingestion, end to end: a real catalog backend (createBackend from
 * @backstage/backend-defaults, real scheduler, URL reader and GitHub
 * integration) on the local PostgreSQL, fed by fake cloud APIs over HTTP.
 * For each scenario: time from an empty catalog to every expected entity
 * processed and stitched, peak RSS, and the requests the fakes served.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalogIngestion.ts [repositories] [scenario...]
 *
 * `repositories` (or BENCH_REPOSITORIES) defaults to 5000, half of them with
 * a catalog-info.yaml. Scenarios default to all of them. Each runs in its own
 * child process (so RSS and module state are its own) against a fresh
 * database, dropped afterwards. PostgreSQL is BENCH_POSTGRES_URL, default
 * postgresql://postgres@127.0.0.1:5432.
 *
 * A scenario is one entry in SCENARIOS: it starts its fakes, says which
 * backend modules and config to run, and how many entities of each kind a
 * complete ingestion holds. A Kubernetes-workloads scenario adds an entry
 * that starts the fake Kubernetes API and the workloads module.
 */
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import githubCatalogModule from '@backstage/plugin-catalog-backend-module-github';
import {
  FakeGithubRequest,
  startFakeGithub,
  startFakeKubernetes,
  syntheticGithubOrg,
  syntheticKubernetesCluster,
} from '@internal/fake-cloud';
import githubInferenceModule from '@internal/plugin-catalog-backend-module-github-inference';
import kubernetesWorkloadsModule from '@internal/plugin-catalog-backend-module-kubernetes-workloads';
import { fork } from 'node:child_process';
import { Client } from 'pg';
import { freePort } from './freePort';

const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const TIMEOUT_MS = 60 * 60 * 1000;
const POLL_MS = 250;

/** What a running scenario gives the harness. */
type RunningScenario = {
  features: BackendFeature[];
  /** Merged into the backend's config (integrations, catalog.providers, ...). */
  config: JsonObject;
  /** Entities of each kind (lower case) a complete ingestion holds. */
  expected: Record<string, number>;
  /** Requests the fakes served so far, by what they were. */
  requests(): Record<string, number>;
  /** Notes printed with the figures. */
  notes: string[];
  close(): Promise<void>;
};

type Scenario = {
  name: string;
  title: string;
  start(repositories: number): Promise<RunningScenario>;
};

/** Runs as soon as the backend starts, and not again during the bench. */
const SCHEDULE_ONCE = {
  frequency: { hours: 24 },
  timeout: { hours: 1 },
};

/** GitHub's largest GraphQL page, instead of upstream's default 25. */
const REPOSITORIES_PAGE_SIZE = 100;

function githubRequests(requests: FakeGithubRequest[]) {
  const graphql = requests.filter(r => r.graphql);
  const contents = requests.filter(
    r => r.path.includes('/contents/') || r.path.startsWith('/raw/'),
  );
  return {
    total: requests.length,
    graphql: graphql.length,
    'graphql points': graphql.reduce((sum, r) => sum + r.graphql!.cost, 0),
    rest: requests.length - graphql.length,
    'contents reads': contents.length,
    'not 2xx/304': requests.filter(r => r.status >= 400).length,
  };
}

/** Upstream GithubEntityProvider, optionally with Paved's inference beside it. */
function githubScenario(options: {
  name: string;
  title: string;
  inference: boolean;
}): Scenario {
  return {
    name: options.name,
    title: options.title,
    async start(repositories) {
      const org = syntheticGithubOrg({ repositories, declaredShare: 0.5 });
      const declared = org.repos.filter(
        r => r.files?.['catalog-info.yaml'],
      ).length;
      const github = await startFakeGithub(org, { token: 'ghp_bench' });
      const providers: JsonObject = {
        github: {
          bench: {
            organization: org.login,
            catalogPath: '/catalog-info.yaml',
            // Emit a location only where the file exists (the GraphQL listing says so).
            validateLocationsExist: true,
            pageSizes: { repositories: REPOSITORIES_PAGE_SIZE },
            schedule: SCHEDULE_ONCE,
          },
        },
      };
      if (options.inference) {
        providers.githubInference = {
          bench: { organization: org.login, schedule: SCHEDULE_ONCE },
        };
      }
      const pages = Math.ceil(repositories / REPOSITORIES_PAGE_SIZE);
      return {
        features: options.inference
          ? [githubCatalogModule, githubInferenceModule]
          : [githubCatalogModule],
        config: {
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: 'ghp_bench',
              },
            ],
          },
          catalog: { providers },
        },
        expected: {
          location: declared,
          component: options.inference ? repositories : declared,
        },
        requests: () => githubRequests(github.requests),
        notes: [
          `upstream sleeps 1 s between GraphQL pages: ${
            pages - 1
          } s of the time is that (${pages} pages of ${REPOSITORIES_PAGE_SIZE})`,
        ],
        close: () => github.close(),
      };
    },
  };
}

/**
 * The issue's whole picture: the GitHub org (upstream provider + inference)
 * and a cluster with as many workloads as the org has repositories.
 */
const pavedWithKubernetes: Scenario = {
  name: 'paved-k8s',
  title:
    'Paved: GitHub (upstream + inference) and a Kubernetes cluster with as many workloads as repositories',
  async start(repositories) {
    const github = await githubScenario({
      name: 'paved',
      title: '',
      inference: true,
    }).start(repositories);
    const cluster = syntheticKubernetesCluster({ workloads: repositories });
    const kubernetes = await startFakeKubernetes(cluster, { token: 'bench' });
    const resources = cluster.objects.filter(
      o => o.kind !== 'Namespace',
    ).length;
    const config = github.config as { catalog: { providers: JsonObject } };
    return {
      features: [...github.features, kubernetesWorkloadsModule],
      config: {
        ...github.config,
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: cluster.name,
                  url: kubernetes.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'bench',
                  skipTLSVerify: true,
                },
              ],
            },
          ],
        },
        catalog: {
          rules: [
            { allow: ['Component', 'Resource', 'Location', 'Group', 'System'] },
          ],
          providers: {
            ...config.catalog.providers,
            kubernetesWorkloads: {
              schedule: SCHEDULE_ONCE,
              watchFor: { seconds: 0 },
              clusters: [
                { name: cluster.name, environment: cluster.environment },
              ],
            },
          },
        },
      },
      expected: { ...github.expected, resource: resources },
      requests: () => ({
        ...github.requests(),
        kubernetes: kubernetes.requests.length,
      }),
      notes: [
        ...github.notes,
        `${resources} Kubernetes objects (${repositories} workloads + their Services and Ingresses)`,
      ],
      close: async () => {
        await github.close();
        await kubernetes.close();
      },
    };
  },
};

const SCENARIOS: Scenario[] = [
  githubScenario({
    name: 'upstream',
    title: 'upstream GithubEntityProvider alone (declared repositories only)',
    inference: false,
  }),
  githubScenario({
    name: 'paved',
    title:
      'Paved: upstream GithubEntityProvider + github-inference (the undeclared half inferred)',
    inference: true,
  }),
  pavedWithKubernetes,
];

type Result = {
  scenario: string;
  repositories: number;
  startupMs: number;
  ingestionMs: number;
  entities: Record<string, number>;
  peakRssBytes: number;
  baselineRssBytes: number;
  requests: Record<string, number>;
  notes: string[];
};

function connectionTo(database?: string): Client {
  const url = new URL(POSTGRES_URL);
  if (database) url.pathname = `/${database}`;
  return new Client({ connectionString: url.toString() });
}

function postgresConnectionConfig(): JsonObject {
  const url = new URL(POSTGRES_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

type Progress = {
  byKind: Record<string, number>;
  discovered: number;
  processed: number;
  stitched: number;
  stitchQueue: number;
};

async function progress(db: Client): Promise<Progress | undefined> {
  try {
    const counts = await db.query(`
      select
        (select count(*) from refresh_state)::int as discovered,
        (select count(*) from refresh_state where processed_entity is not null)::int as processed,
        (select count(*) from final_entities where final_entity is not null)::int as stitched,
        (select count(*) from stitch_queue)::int as "stitchQueue"`);
    const kinds = await db.query(`
      select split_part(entity_ref, ':', 1) as kind, count(*)::int as n
      from final_entities where final_entity is not null group by 1`);
    return {
      ...counts.rows[0],
      byKind: Object.fromEntries(kinds.rows.map(r => [r.kind, r.n])),
    };
  } catch {
    return undefined; // tables not migrated yet
  }
}

/** Every expected entity discovered, processed and stitched, and nothing left to stitch. */
function isComplete(p: Progress, expected: Record<string, number>): boolean {
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  return (
    p.discovered === total &&
    p.processed === total &&
    p.stitched === total &&
    p.stitchQueue === 0 &&
    Object.entries(expected).every(([kind, n]) => p.byKind[kind] === n)
  );
}

/** Child process: one scenario, one fresh database. */
async function runScenario(
  scenario: Scenario,
  repositories: number,
): Promise<Result> {
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  const running = await scenario.start(repositories);
  const baselineRss = process.memoryUsage().rss;
  const prefix = `bench_${scenario.name}_${process.pid}_`;
  const database = `${prefix}catalog`;

  const port = await freePort();
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
              connection: postgresConnectionConfig(),
              prefix,
            },
          },
          // One instance, no events backend: publish and subscribe in-process.
          events: { useEventBus: 'never' },
          ...running.config,
        }),
    }),
  );
  backend.add(catalogPlugin);
  for (const feature of running.features) backend.add(feature);

  const started = Date.now();
  await backend.start();
  const startupMs = Date.now() - started;

  const db = connectionTo(database);
  await db.connect();
  let last: Progress | undefined;
  const deadline = started + TIMEOUT_MS;
  for (;;) {
    last = await progress(db);
    if (last && isComplete(last, running.expected)) break;
    if (Date.now() > deadline) {
      throw new Error(
        `${scenario.name}: not complete after ${
          TIMEOUT_MS / 1000
        } s: ${JSON.stringify(last)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  const ingestionMs = Date.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const requests = running.requests();

  await db.end();
  await backend.stop();
  await running.close();
  const admin = connectionTo('postgres');
  await admin.connect();
  await admin.query(`drop database if exists "${database}" with (force)`);
  await admin.end();

  return {
    scenario: scenario.name,
    repositories,
    startupMs,
    ingestionMs,
    entities: last.byKind,
    peakRssBytes: peakRss,
    baselineRssBytes: baselineRss,
    requests,
    notes: running.notes,
  };
}

function runInChild(name: string, repositories: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', name, String(repositories)], {
      execArgv: process.execArgv,
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    });
    let result: Result | undefined;
    child.on('message', message => {
      result = message as Result;
    });
    child.on('error', reject);
    child.on('exit', code =>
      result
        ? resolve(result)
        : reject(new Error(`scenario ${name} exited with ${code}`)),
    );
  });
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function print(result: Result) {
  const scenario = SCENARIOS.find(s => s.name === result.scenario)!;
  const total = Object.values(result.entities).reduce((a, b) => a + b, 0);
  console.log(`\n${result.scenario}: ${scenario.title}`);
  console.log(
    `  empty catalog -> ${total} entities processed and stitched   ${seconds(
      result.ingestionMs,
    )} (backend start-up and migrations ${seconds(
      result.startupMs,
    )}, then ${seconds(result.ingestionMs - result.startupMs)})`,
  );
  console.log(
    `  entities          ${Object.entries(result.entities)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}`,
  );
  console.log(
    `  throughput        ${(total / (result.ingestionMs / 1000)).toFixed(
      0,
    )} entities/s`,
  );
  console.log(
    `  peak RSS          ${mib(
      result.peakRssBytes,
    )} (one process: backend and fakes; ${mib(
      result.baselineRssBytes,
    )} before the backend started, modules loaded and fakes up)`,
  );
  console.log(
    `  requests          ${Object.entries(result.requests)
      .map(([what, n]) => `${what} ${n}`)
      .join(', ')}`,
  );
  for (const note of result.notes) console.log(`  note              ${note}`);
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const scenario = SCENARIOS.find(s => s.name === args[1]);
    if (!scenario) throw new Error(`unknown scenario ${args[1]}`);
    const result = await runScenario(scenario, Number(args[2]));
    process.send!(result);
    // The backend may keep handles (pools, timers) open after stop.
    process.exit(0);
  }

  const repositories = Number(
    args.find(a => /^\d+$/.test(a)) ?? process.env.BENCH_REPOSITORIES ?? 5000,
  );
  const names = args.filter(a => !/^\d+$/.test(a));
  const selected = names.length
    ? names.map(n => {
        const found = SCENARIOS.find(s => s.name === n);
        if (!found) {
          throw new Error(
            `unknown scenario ${n}; known: ${SCENARIOS.map(s => s.name).join(
              ', ',
            )}`,
          );
        }
        return found;
      })
    : SCENARIOS;

  console.log(
    `Catalog ingestion, ${repositories} repositories (half with catalog-info.yaml), PostgreSQL ${
      new URL(POSTGRES_URL).host
    }, Node ${process.version}`,
  );
  for (const scenario of selected) {
    print(await runInChild(scenario.name, repositories));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
