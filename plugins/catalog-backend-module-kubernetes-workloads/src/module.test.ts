import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  deployment,
  FakeKubernetesServer,
  lumenImage,
  lumenRetailKubernetesClusters,
  startFakeKubernetes,
  waitFor,
} from '@internal/fake-cloud';
import { IngestionRunStore } from '@internal/plugin-catalog-ingestion-node';
import { Knex } from 'knex';
import request from 'supertest';
import { WorkloadStore } from './database/WorkloadStore';
import { resourceEntityName } from './mapping/resourceEntityName';
import { catalogModuleKubernetesWorkloads } from './module';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const CATALOG_INFO = path.resolve(__dirname, '../../../catalog-info');
const CATALOG_FILES = [
  'org.yaml',
  'systems.yaml',
  'components/checkout.yaml',
  'components/developer-platform.yaml',
  'components/fulfilment.yaml',
  'components/identity.yaml',
  'components/storefront.yaml',
];
const task = (cluster: string) => `kubernetes-workloads:${cluster}:refresh`;
const refOf = (
  cluster: string,
  namespace: string,
  kind: Parameters<typeof resourceEntityName>[2],
  name: string,
) => `resource:default/${resourceEntityName(cluster, namespace, kind, name)}`;

type Backend = {
  server: Parameters<typeof request>[0];
  scheduler: SchedulerService;
  knex: Knex;
};

async function startBackend(
  fakes: FakeKubernetesServer[],
  provider: { watchFor: object; requestTimeout?: object },
): Promise<Backend> {
  const knex = await databases.init('POSTGRES_15');
  let scheduler: SchedulerService | undefined;
  // The catalog's scheduler, so each test decides when a run starts.
  const captureScheduler = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-scheduler',
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
      catalogModuleKubernetesWorkloads,
      captureScheduler,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: fakes.map(fake => ({
                  name: fake.cluster.name,
                  url: fake.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: `${fake.cluster.name}-token`,
                  skipTLSVerify: true,
                })),
              },
            ],
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Domain',
                  'Resource',
                  'Group',
                  'User',
                  'Location',
                  'API',
                ],
              },
            ],
            locations: CATALOG_FILES.map(file => ({
              type: 'file',
              target: path.join(CATALOG_INFO, file),
            })),
            providers: {
              kubernetesWorkloads: {
                // An initial delay keeps the test scheduler from running at
                // start-up: each test triggers its own runs.
                schedule: {
                  frequency: { hours: 1 },
                  timeout: { minutes: 5 },
                  initialDelay: { seconds: 1 },
                },
                pageSize: 5,
                ...provider,
                clusters: fakes.map(fake => ({
                  name: fake.cluster.name,
                  environment: fake.cluster.environment,
                })),
              },
            },
          },
        },
      }),
    ],
  });
  return { server: backend.server, scheduler: scheduler!, knex };
}

async function entities(backend: Backend, filter: string): Promise<Entity[]> {
  const res = await request(backend.server)
    .get(`/api/catalog/entities?filter=${filter}`)
    .set('Authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return res.body;
}

async function entity(
  backend: Backend,
  ref: string,
): Promise<Entity | undefined> {
  const [kind, rest] = ref.split(':');
  const res = await request(backend.server)
    .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
    .set('Authorization', mockCredentials.user.header());
  return res.status === 200 ? res.body : undefined;
}

/** Waits until catalog-info/ is in: what workloads link to. */
async function catalogReady(backend: Backend) {
  await waitFor('catalog-info components, systems and groups', async () => {
    const found = await entities(
      backend,
      'kind=component,kind=system,kind=group',
    );
    return found.length >= 17 + 5 + 7 ? true : undefined;
  });
}

const fromCluster = (cluster: string) =>
  `metadata.annotations.paved.dev/ingested-by=kubernetes-workloads:${cluster}`;

const listRequests = (fake: FakeKubernetesServer) =>
  fake.requests.filter(r => !r.watch).length;

describe('Kubernetes workloads, against fake Lumen Retail clusters', () => {
  const fakes: FakeKubernetesServer[] = [];
  const start = async (cluster: 'staging' | 'production') => {
    const fake = await startFakeKubernetes(
      lumenRetailKubernetesClusters()[cluster],
      {
        token: `${cluster}-token`,
        bookmarkIntervalMs: 200,
      },
    );
    fakes.push(fake);
    return fake;
  };

  afterEach(async () => {
    await Promise.all(fakes.splice(0).map(fake => fake.close()));
  });

  it('turns both clusters into Resources linked to Components, Systems and owners, with workload facts', async () => {
    const staging = await start('staging');
    const production = await start('production');
    const backend = await startBackend([staging, production], {
      watchFor: { seconds: 0 },
    });
    await catalogReady(backend);

    await Promise.all([
      backend.scheduler.triggerTask(task('staging')),
      backend.scheduler.triggerTask(task('production')),
    ]);
    const checkoutRef = refOf(
      'production',
      'checkout',
      'Deployment',
      'checkout-service',
    );
    const stitched = await waitFor(
      'the stitched checkout-service Deployment',
      async () => {
        const found = await entity(backend, checkoutRef);
        return found?.relations?.length ? found : undefined;
      },
    );
    expect(stitched.metadata).toMatchObject({
      title: 'checkout-service (Deployment, production/checkout)',
      annotations: {
        'paved.dev/ingested-by': 'kubernetes-workloads:production',
        'paved.dev/source-kind': 'kubernetes',
        'paved.dev/source-location': 'production/checkout',
        'paved.dev/environment': 'production',
        'backstage.io/kubernetes-id': 'checkout-service',
        'backstage.io/kubernetes-namespace': 'checkout',
        'backstage.io/managed-by-location': `url:${production.url}/apis/apps/v1/namespaces/checkout/deployments/checkout-service`,
      },
      labels: {
        'paved.dev/environment': 'production',
        'paved.dev/kubernetes-cluster': 'production',
      },
    });
    // The summary survives processing and stitching.
    expect(stitched.spec).toMatchObject({
      type: 'kubernetes-deployment',
      owner: 'group:default/checkout-squad',
      replicas: { desired: 4, ready: 4 },
      images: [
        lumenImage('checkout-service', '4.2.0'),
        'otel/opentelemetry-collector-contrib:0.114.0',
      ],
    });
    expect(stitched.relations).toEqual(
      expect.arrayContaining([
        {
          type: 'dependencyOf',
          targetRef: 'component:default/checkout-service',
        },
        { type: 'ownedBy', targetRef: 'group:default/checkout-squad' },
        { type: 'partOf', targetRef: 'system:default/checkout' },
      ]),
    );

    const all = await waitFor('70 Resources from both clusters', async () => {
      const found = [
        ...(await entities(backend, fromCluster('staging'))),
        ...(await entities(backend, fromCluster('production'))),
      ];
      return found.length === 70 ? found : undefined;
    });
    const byRef = new Map(
      all.map(e => [`resource:default/${e.metadata.name}`, e]),
    );
    // The website's Ingress links by app.kubernetes.io/name.
    expect(
      byRef.get(refOf('staging', 'storefront', 'Ingress', 'storefront-web'))
        ?.spec,
    ).toMatchObject({
      type: 'kubernetes-ingress',
      hosts: ['www.staging.lumen-retail.example'],
      dependencyOf: ['component:default/storefront-web'],
      owner: 'group:default/discovery-squad',
    });
    // A data store owned through its label; a worker as a CronJob.
    expect(
      byRef.get(refOf('production', 'checkout', 'StatefulSet', 'cart-cache'))
        ?.spec,
    ).toMatchObject({
      owner: 'group:default/checkout-squad',
      system: 'system:default/checkout',
    });
    expect(
      byRef.get(
        refOf('production', 'fulfilment', 'CronJob', 'notification-worker'),
      )?.spec,
    ).toMatchObject({
      schedule: '*/5 * * * *',
      dependencyOf: ['component:default/notification-worker'],
    });
    // Unowned, in a System that exists, and entirely stray.
    expect(
      byRef.get(
        refOf('production', 'checkout', 'Deployment', 'pricing-engine'),
      ),
    ).toMatchObject({
      metadata: { annotations: { 'paved.dev/unowned': 'true' } },
      spec: {
        owner: 'group:default/unowned',
        system: 'system:default/checkout',
      },
    });
    expect(
      byRef.get(
        refOf('production', 'default', 'Deployment', 'legacy-image-resizer'),
      )?.spec?.system,
    ).toBeUndefined();
    expect(
      byRef.has(
        refOf('staging', 'storefront', 'Deployment', 'recommendations-service'),
      ),
    ).toBe(true);
    expect(
      byRef.has(
        refOf(
          'production',
          'storefront',
          'Deployment',
          'recommendations-service',
        ),
      ),
    ).toBe(false);

    // Facts for cost and DORA.
    const store = new WorkloadStore(backend.knex);
    expect(await store.get(checkoutRef)).toMatchObject({
      cluster: 'production',
      environment: 'production',
      componentRef: 'component:default/checkout-service',
      replicas: { desired: 4, ready: 4 },
      containers: [
        {
          name: 'checkout-service',
          repository: 'ghcr.io/lumen-retail/checkout-service',
          tag: '4.2.0',
          digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
          requests: { cpu: '500m', memory: '1Gi' },
          limits: { cpu: '1', memory: '2Gi' },
        },
        {
          name: 'otel-collector',
          repository: 'docker.io/otel/opentelemetry-collector-contrib',
          tag: '0.114.0',
          digest: null,
        },
      ],
    });
    expect(await store.listForCluster('production')).toHaveLength(19);
    expect(
      (await store.listForComponent('component:default/order-service')).map(
        w => `${w.environment}/${w.kind}/${w.name}`,
      ),
    ).toEqual([
      'production/CronJob/order-export-nightly',
      'production/Deployment/order-service',
      'staging/CronJob/order-export-nightly',
      'staging/Deployment/order-service',
    ]);

    // Each run is on record, with its counts.
    const [run] = await new IngestionRunStore(backend.knex).runsOf(
      'kubernetes-workloads:production',
    );
    expect(run).toMatchObject({
      sourceKind: 'kubernetes',
      target: 'production (production)',
      outcome: 'complete',
      counts: {
        entities: 34,
        workloads: 19,
        deployments: 14,
        statefulSets: 2,
        daemonSets: 1,
        cronJobs: 2,
        services: 12,
        ingresses: 3,
        unowned: 2,
        skipped: 0,
      },
      problems: [],
    });
    // Paginated (5 a page), authenticated, every list answered.
    expect(
      production.requests
        .filter(r => r.path === '/apis/apps/v1/deployments')
        .map(r => r.query.limit),
    ).toEqual(['5', '5', '5']);
    expect(production.requests.every(r => r.status === 200)).toBe(true);
  });

  it('follows changes by watching, and relists when the watch reports 410 Gone', async () => {
    const production = await start('production');
    const backend = await startBackend([production], {
      watchFor: { seconds: 12 },
    });
    await catalogReady(backend);
    const run = backend.scheduler.triggerTask(task('production'));
    const pricingRef = refOf(
      'production',
      'checkout',
      'Deployment',
      'pricing-engine',
    );
    await waitFor('the first list', async () => entity(backend, pricingRef));
    const listsAfterFirstRun = listRequests(production);

    production.apply(
      deployment({
        name: 'gift-cards',
        namespace: 'checkout',
        labels: {
          'app.kubernetes.io/name': 'gift-cards',
          'app.kubernetes.io/part-of': 'checkout',
          team: 'checkout-squad',
        },
        replicas: 2,
        containers: [
          {
            name: 'gift-cards',
            image: lumenImage('gift-cards', '0.1.0'),
            cpu: { request: '100m' },
          },
        ],
      }),
    );
    production.remove('Deployment', 'checkout', 'pricing-engine');
    const giftCardsRef = refOf(
      'production',
      'checkout',
      'Deployment',
      'gift-cards',
    );
    const giftCards = await waitFor('gift-cards from the watch', async () =>
      entity(backend, giftCardsRef),
    );
    expect(giftCards.spec).toMatchObject({
      owner: 'group:default/checkout-squad',
      replicas: { desired: 2 },
    });
    await waitFor('pricing-engine to go', async () =>
      (await entity(backend, pricingRef)) ? undefined : true,
    );
    expect(listRequests(production)).toBe(listsAfterFirstRun);
    const store = new WorkloadStore(backend.knex);
    expect((await store.get(giftCardsRef))?.containers[0]).toMatchObject({
      tag: '0.1.0',
      requests: { cpu: '100m', memory: null },
    });
    expect(await store.get(pricingRef)).toBeUndefined();

    // History gone (etcd compaction, API server restart): resuming gets 410.
    production.expireResourceVersions();
    const runs = new IngestionRunStore(backend.knex);
    await waitFor('a relist', async () =>
      (await runs.runsOf('kubernetes-workloads:production')).length === 2
        ? true
        : undefined,
    );
    expect(listRequests(production)).toBeGreaterThan(listsAfterFirstRun);
    // And the watches that follow the relist still deliver.
    production.remove('Service', 'checkout', 'cart-service');
    const cartServiceRef = refOf(
      'production',
      'checkout',
      'Service',
      'cart-service',
    );
    await waitFor('the cart-service Service to go', async () =>
      (await entity(backend, cartServiceRef)) ? undefined : true,
    );
    await run;
    expect(production.requests.some(r => r.watch && r.status === 200)).toBe(
      true,
    );
  });

  it('never removes entities on a failed, partial or timed-out list; a complete list removes what is gone upstream', async () => {
    const production = await start('production');
    const backend = await startBackend([production], {
      watchFor: { seconds: 0 },
      requestTimeout: { seconds: 1 },
    });
    await catalogReady(backend);
    const runs = new IngestionRunStore(backend.knex);
    const pricingRef = refOf(
      'production',
      'checkout',
      'Deployment',
      'pricing-engine',
    );
    await backend.scheduler.triggerTask(task('production'));
    await waitFor('pricing-engine', async () => entity(backend, pricingRef));

    production.remove('Deployment', 'checkout', 'pricing-engine');
    const faults: [
      RegExp,
      Parameters<FakeKubernetesServer['failNext']>[1],
      RegExp,
    ][] = [
      [
        /^\/apis\/apps\/v1\/statefulsets/,
        { status: 500 },
        /listing statefulsets: 500 InternalError/,
      ],
      // The second page of deployments: a partial list.
      [
        /^\/apis\/apps\/v1\/deployments\?.*continue=/,
        { status: 503 },
        /listing deployments: 503 ServiceUnavailable/,
      ],
      [
        /^\/apis\/batch\/v1\/cronjobs/,
        { delayMs: 3000 },
        /listing cronjobs: no answer within 1 s/,
      ],
      [
        /^\/api\/v1\/services/,
        { status: 502, rawBody: '<html>Bad Gateway</html>' },
        /listing services: HTTP 502/,
      ],
    ];
    for (const [pattern, fault, error] of faults) {
      production.failNext(pattern, fault);
      await backend.scheduler.triggerTask(task('production'));
      const [latest] = await runs.runsOf('kubernetes-workloads:production', 1);
      expect(latest).toMatchObject({
        outcome: 'failed',
        error: expect.stringMatching(error),
      });
    }
    await new Promise(resolve => setTimeout(resolve, 1500));
    expect(await entity(backend, pricingRef)).toBeDefined();
    expect(await new WorkloadStore(backend.knex).get(pricingRef)).toBeDefined();

    // A malformed object is skipped and reported; the rest load.
    production.injectMalformed('Deployment', 'checkout', {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        namespace: 'checkout',
        labels: { 'app.kubernetes.io/name': 'broken' },
      },
      spec: { replicas: 1 },
    });
    await backend.scheduler.triggerTask(task('production'));
    const [complete] = await runs.runsOf('kubernetes-workloads:production', 1);
    expect(complete).toMatchObject({
      outcome: 'complete',
      counts: { entities: 33, skipped: 1 },
      problems: [
        {
          subject: 'production/checkout/Deployment/(no name)',
          message: 'skipped: metadata.name is missing',
        },
      ],
    });
    await waitFor('pricing-engine to go', async () =>
      (await entity(backend, pricingRef)) ? undefined : true,
    );
    expect(
      await entity(
        backend,
        refOf('production', 'checkout', 'Deployment', 'cart-service'),
      ),
    ).toBeDefined();
    expect(
      await new WorkloadStore(backend.knex).get(pricingRef),
    ).toBeUndefined();
  });
});
