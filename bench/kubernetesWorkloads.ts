/**
 * A Kubernetes workloads run over a synthetic cluster served by the fake
 * Kubernetes API over real HTTP, into a real catalog backend on PostgreSQL
 * with an empty catalog: time until every entity is processed and stitched,
 * requests, peak RSS; then an unchanged resync. Run with
 * `node --require @backstage/cli/config/nodeTransform.cjs bench/kubernetesWorkloads.ts [workloads]`
 * (default 5000; BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432).
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
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  startFakeKubernetes,
  syntheticKubernetesCluster,
} from '@internal/fake-cloud';
import { IngestionRunStore } from '@internal/plugin-catalog-ingestion-node';
import kubernetesWorkloads from '@internal/plugin-catalog-backend-module-kubernetes-workloads';
import knexFactory from 'knex';
import request from 'supertest';

const TASK = 'kubernetes-workloads:synthetic:refresh';
const PROVIDER = 'kubernetes-workloads:synthetic';

async function main() {
  const workloads = Number(process.argv[2] ?? 5000);
  const connection =
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const database = `paved_bench_k8s_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('CREATE DATABASE ??', [database]);
  const knex = knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/+$/, '')}/${database}`,
    pool: { min: 0, max: 20 },
  });

  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  const cluster = syntheticKubernetesCluster({ workloads });
  const expected = cluster.objects.length;
  const fake = await startFakeKubernetes(cluster, { token: 'bench' });

  let scheduler: SchedulerService | undefined;
  const captureScheduler = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-scheduler',
    register(env) {
      env.registerInit({
        deps: { s: coreServices.scheduler },
        async init({ s }) {
          scheduler = s;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      kubernetesWorkloads,
      captureScheduler,
      mockServices.database.factory({ knex }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'synthetic',
                    url: fake.url,
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
              {
                allow: ['Component', 'System', 'Resource', 'Group', 'Location'],
              },
            ],
            providers: {
              kubernetesWorkloads: {
                schedule: {
                  frequency: { hours: 1 },
                  timeout: { minutes: 30 },
                  initialDelay: { seconds: 1 },
                },
                watchFor: { seconds: 0 },
                clusters: [{ name: 'synthetic', environment: 'production' }],
              },
            },
          },
        },
      }),
    ],
  });

  const stitchedResources = async (): Promise<number> => {
    const res = await request(backend.server)
      .get(
        '/api/catalog/entities/by-query?filter=kind=resource&limit=1&fields=metadata.name',
      )
      .set('Authorization', mockCredentials.user.header());
    return res.body.totalItems ?? 0;
  };

  const started = Date.now();
  await scheduler!.triggerTask(TASK);
  const listed = Date.now();
  let stitched = 0;
  while (stitched < expected) {
    await new Promise(resolve => setTimeout(resolve, 500));
    stitched = await stitchedResources();
    if (Date.now() - started > 30 * 60_000)
      throw new Error(
        `only ${stitched} of ${expected} stitched after 30 minutes`,
      );
  }
  const done = Date.now();
  const firstRequests = fake.requests.length;

  // An unchanged cluster: the resync relists and applies the same full mutation.
  const resyncStarted = Date.now();
  await scheduler!.triggerTask(TASK);
  const resync = Date.now() - resyncStarted;

  const [latest, first] = await new IngestionRunStore(knex).runsOf(PROVIDER, 2);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  await backend.stop();
  await fake.close();
  await knex.destroy();
  await admin.raw('DROP DATABASE ?? WITH (FORCE)', [database]);
  await admin.destroy();

  const c = first.counts;
  console.log(
    `Kubernetes workloads into an empty catalog (PostgreSQL), ${workloads} workloads`,
  );
  console.log(
    `  objects          ${expected} (${c.workloads} workloads: ${c.deployments} Deployments, ${c.statefulSets} StatefulSets, ${c.daemonSets} DaemonSets, ${c.cronJobs} CronJobs; ${c.services} Services, ${c.ingresses} Ingresses; ${c.unowned} unowned)`,
  );
  console.log(
    `  list + full mutation + workload table   ${(
      (listed - started) /
      1000
    ).toFixed(1)} s, ${firstRequests} API requests (${
      c.requests
    } in the run, 500 a page)`,
  );
  console.log(
    `  empty catalog -> all ${expected} processed and stitched   ${(
      (done - started) /
      1000
    ).toFixed(1)} s`,
  );
  console.log(
    `  unchanged resync (relist + full mutation)   ${(resync / 1000).toFixed(
      1,
    )} s, outcome ${latest.outcome}`,
  );
  console.log(
    `  peak RSS         ${(peakRss / 1024 / 1024).toFixed(
      0,
    )} MiB (one process: catalog backend, provider and fake API server)`,
  );
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
