/**
 * OpenCost import and right-sizing at a big cluster's scale: a synthetic
 * cluster of N workloads (default 1,000; two containers each, 1–6 replicas,
 * 20 nodes) served by the fake OpenCost over HTTP for two months, imported
 * by the cost backend on PostgreSQL (per pod and container, 7-day windows,
 * the catalog's workloads joined), then:
 * - the import: wall time, line items and container-days, OpenCost
 *   requests and bytes, peak RSS; then the same again (a re-import
 *   replaces);
 * - the same with OpenCost answering 504 beyond 2 days (smaller windows);
 * - p50/p95 of `GET /right-sizing` for the org page (every container) and
 *   for one Component's tab, 200 each.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/costOpenCost.ts [workloads]
 *
 * BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432;
 * BENCH_KEEP_DATABASES=1 keeps the database.
 */
import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  OPENCOST_DEFAULT_PRICES,
  OpenCostContainerDay,
  OpenCostDataset,
  startFakeOpenCost,
} from '@internal/fake-cloud';
import costPlugin from '@internal/plugin-cost-backend';
import knexFactory from 'knex';
import request from 'supertest';

const DAY_MS = 86_400_000;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const NOW = new Date('2026-11-20T09:00:00Z');
const SOURCE = 'opencost-bench';
const TASK_ID = `cost-import-opencost-${SOURCE}`;
const SAMPLES = 200;
const SQUADS = 50;
/** The importer's window (BENCH_WINDOW_DAYS), 2 by default as in config. */
const WINDOW_DAYS = Number(process.env.BENCH_WINDOW_DAYS ?? 2);
const NODES = 20;

/** A deterministic number in [0, 1) from a string. */
function unit(seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  }
  return ((h >>> 0) % 1_000_000) / 1_000_000;
}

/** N workloads of two containers (app and a sidecar), 1–6 replicas each. */
function syntheticDataset(workloads: number): OpenCostDataset {
  const nodes = Array.from({ length: NODES }, (_, i) => ({
    name: `node-${i}`,
    providerID: `i-bench${String(i).padStart(8, '0')}`,
    cpuCores: 64,
    ramBytes: 256 * GIB,
  }));
  return {
    clusters: [{ name: 'bench', nodes }],
    prices: OPENCOST_DEFAULT_PRICES,
    containersOn(dayStart: number): OpenCostContainerDay[] {
      const records: OpenCostContainerDay[] = [];
      for (let w = 0; w < workloads; w++) {
        const name = `service-${w}`;
        const namespace = `ns-${w % 40}`;
        const replicas = 1 + Math.floor(unit(name) * 6);
        for (let r = 0; r < replicas; r++) {
          const node = nodes[(w + r) % NODES];
          const pod = `${name}-7d9f8c-${r}`;
          for (const [container, cpuRequest, ramRequest] of [
            ['app', 0.5, 1024 * MIB],
            ['proxy', 0.1, 128 * MIB],
          ] as const) {
            const share = 0.2 + unit(`${name}/${container}`) * 0.9;
            const wobble = 0.9 + unit(`${pod}/${container}@${dayStart}`) * 0.2;
            const cpu = cpuRequest * share * wobble;
            const ram = ramRequest * (0.4 + share * 0.6) * wobble;
            records.push({
              cluster: 'bench',
              node: node.name,
              providerID: node.providerID,
              namespace,
              controllerKind: 'deployment',
              controller: name,
              pod,
              container,
              labels: {
                app_kubernetes_io_name: name,
                team: `squad-${w % SQUADS}`,
                pod_template_hash: '7d9f8c',
              },
              namespaceLabels: { kubernetes_io_metadata_name: namespace },
              services: [name],
              start: dayStart,
              end: Math.min(dayStart + DAY_MS, NOW.getTime()),
              cpuCoreRequest: cpuRequest,
              cpuCoreLimit: cpuRequest * 2,
              cpuCoreUsageAverage: cpu,
              cpuCoreUsageMax: cpu * 1.8,
              ramByteRequest: ramRequest,
              ramByteLimit: ramRequest * 2,
              ramByteUsageAverage: ram,
              ramByteUsageMax: ram * 1.1,
              networkTransferBytes: 2 * GIB,
              networkReceiveBytes: 2 * GIB,
              networkCrossZoneBytes: 0.5 * GIB,
              networkCrossRegionBytes: 0,
              networkInternetBytes: 0.05 * GIB,
            });
          }
        }
      }
      return records;
    },
  };
}

/** Components, squads, and the workloads the catalog's provider would have written. */
function catalog(workloads: number): Entity[] {
  const entities: Entity[] = [];
  for (let g = 0; g < SQUADS; g++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `squad-${g}`, namespace: 'default' },
      spec: { type: 'team', children: [] },
    });
  }
  for (let w = 0; w < workloads; w++) {
    const owner = `group:default/squad-${w % SQUADS}`;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `service-${w}`, namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner },
      relations: [{ type: 'ownedBy', targetRef: owner }],
    });
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `service-${w}-deployment-bench`,
        namespace: 'default',
        annotations: {
          'paved.dev/kubernetes-cluster': 'bench',
          'backstage.io/kubernetes-namespace': `ns-${w % 40}`,
          'paved.dev/kubernetes-name': `service-${w}`,
          'paved.dev/environment': 'production',
        },
      },
      spec: {
        type: 'kubernetes-deployment',
        owner,
        dependencyOf: [`component:default/service-${w}`],
      },
      relations: [
        { type: 'dependencyOf', targetRef: `component:default/service-${w}` },
        { type: 'ownedBy', targetRef: owner },
      ],
    });
  }
  return entities;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

async function main() {
  const workloads = Number(process.argv[2] ?? 1000);
  const connection =
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const database = `paved_bench_opencost_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('CREATE DATABASE ??', [database]);
  const knex = knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/+$/, '')}/${database}`,
    pool: { min: 0, max: 20 },
  });
  const dataset = syntheticDataset(workloads);
  const fake = await startFakeOpenCost({ dataset, now: NOW });
  const slowFake = await startFakeOpenCost({
    dataset,
    now: NOW,
    maxWindowHours: 24,
  });

  let scheduler: SchedulerService | undefined;
  const backend = await startTestBackend({
    features: [
      costPlugin,
      createBackendModule({
        pluginId: 'cost',
        moduleId: 'bench-scheduler',
        register(env) {
          env.registerInit({
            deps: { s: coreServices.scheduler },
            async init({ s }) {
              scheduler = s;
            },
          });
        },
      }),
      catalogServiceMock.factory({ entities: catalog(workloads) }),
      mockServices.database.factory({ knex }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          cost: {
            imports: {
              openCost: [fake, slowFake].map((server, i) => ({
                source: i === 0 ? SOURCE : `${SOURCE}-504`,
                baseUrl: server.url,
                cluster: 'bench',
                environment: 'production',
                months: 2,
                windowDays: WINDOW_DAYS,
                schedule: {
                  frequency: { hours: 6 },
                  timeout: { hours: 1 },
                  initialDelay: { hours: 1 },
                },
              })),
            },
          },
        },
      }),
    ],
  });
  const as = mockCredentials.user.header();
  const get = (path: string) =>
    request(backend.server).get(`/api/cost${path}`).set('Authorization', as);

  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);

  const importOnce = async (taskId: string, count: number) => {
    peakRss = process.memoryUsage().rss;
    const started = Date.now();
    await scheduler!.triggerTask(taskId);
    for (;;) {
      const { body } = await get('/imports?limit=1');
      const [latest] = body.imports;
      if (body.imports.length > 0 && latest.status !== 'running') {
        const { body: all } = await get('/imports?limit=50');
        if (all.imports.length >= count) {
          return { seconds: (Date.now() - started) / 1000, result: latest };
        }
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  };

  // The floor: fetching and parsing the same windows from OpenCost alone.
  const fetchStarted = Date.now();
  let bytes = 0;
  for (let day = Date.UTC(2026, 9, 1); day < NOW.getTime(); ) {
    const end = Math.min(day + WINDOW_DAYS * DAY_MS, Date.UTC(2026, 10, 21));
    const window = `${new Date(day).toISOString().slice(0, 19)}Z,${new Date(end)
      .toISOString()
      .slice(0, 19)}Z`;
    const response = await fetch(
      `${fake.url}/allocation?window=${window}&aggregate=cluster,namespace,controllerKind,controller,pod,container&step=1d&accumulate=false&idle=true`,
    );
    const text = await response.text();
    bytes += text.length;
    JSON.parse(text);
    day = end;
  }
  const fetchSeconds = (Date.now() - fetchStarted) / 1000;
  const requestsBefore = fake.requests.length;

  const rssBefore = process.memoryUsage().rss;
  const first = await importOnce(TASK_ID, 1);
  const firstPeak = peakRss;
  const requests = fake.requests
    .slice(requestsBefore)
    .filter(r => r.path === '/allocation');
  const [{ usage }] = await knex('cost_container_usage').count({ usage: '*' });
  const second = await importOnce(TASK_ID, 2);

  const time = async (path: string) => {
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      const response = await get(path.replace('{i}', String(i % workloads)));
      if (response.status !== 200) {
        throw new Error(`${path}: ${response.status} ${response.text}`);
      }
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return `p50 ${percentile(samples, 0.5).toFixed(1)} ms, p95 ${percentile(
      samples,
      0.95,
    ).toFixed(1)} ms`;
  };
  const org = await get('/right-sizing');
  const orgTiming = await time('/right-sizing');
  const entityTiming = await time(
    '/right-sizing?entityRef=component:default/service-{i}',
  );
  const ownerTiming = await time('/right-sizing?owner=group:default/squad-7');
  // Last: its rows would be a second series of every container.
  const slow = await importOnce(`${TASK_ID}-504`, 3);
  const slowRequests = slowFake.requests.filter(r => r.path === '/allocation');
  clearInterval(sampler);

  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const lines = [
    `OpenCost import, ${workloads} workloads × 2 containers (${
      first.result.rows
    } line items, ${usage} container-days, 2026-10-01 to ${NOW.toISOString().slice(
      0,
      10,
    )}):`,
    `  first import            ${first.seconds.toFixed(1)} s, ${
      requests.length
    } OpenCost requests (${WINDOW_DAYS}-day windows), peak RSS ${mb(
      firstPeak,
    )} (${mb(rssBefore)} before)`,
    `  OpenCost alone (floor)  ${fetchSeconds.toFixed(
      1,
    )} s to answer and parse the same windows, ${mb(bytes)} of JSON`,
    `  re-import (replaces)    ${second.seconds.toFixed(1)} s, ${
      second.result.status
    }, ${second.result.rows} line items`,
    `  504 beyond 1 day        ${slow.seconds.toFixed(1)} s, ${
      slowRequests.length
    } requests (${
      slowRequests.filter(r => r.status === 504).length
    } answered 504), ${slow.result.status}`,
    `right-sizing (${org.body.containers.length} containers, ${org.body.tooNew} too new, ${org.body.rules.days} days):`,
    `  org page, every container       ${orgTiming}`,
    `  a Component's tab               ${entityTiming}`,
    `  a squad's tab (${Math.round(
      workloads / SQUADS,
    )} services)   ${ownerTiming}`,
  ];
  console.log(lines.join('\n'));

  await backend.stop();
  await fake.close();
  await slowFake.close();
  await knex.destroy();
  if (!process.env.BENCH_KEEP_DATABASES) {
    await admin.raw('DROP DATABASE ?? WITH (FORCE)', [database]);
  }
  await admin.destroy();
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
