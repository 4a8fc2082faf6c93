import {
  mockCredentials,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FakeOpenCostServer,
  LUMEN_RETAIL_OPENCOST_STORY,
  startFakeOpenCost,
} from '@internal/fake-cloud';
import { rightSizeContainer } from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  startScheduledCostBackend,
  TRIGGERED_SCHEDULE,
} from './__testUtils__/scheduledCostBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const NOW = new Date('2026-11-20T09:00:00Z');
const SOURCE = 'opencost-production';
const TASK_ID = `cost-import-opencost-${SOURCE}`;

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

/** A workload's Resource as the Kubernetes workloads provider writes it. */
const workload = (
  name: string,
  namespace: string,
  componentName: string,
  owner: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: `${name}-deployment-production-${namespace}-abc123`,
    namespace: 'default',
    annotations: {
      'paved.dev/kubernetes-cluster': 'production',
      'backstage.io/kubernetes-namespace': namespace,
      'paved.dev/kubernetes-name': name,
      'paved.dev/environment': 'production',
    },
  },
  spec: {
    type: 'kubernetes-deployment',
    owner: `group:default/${owner}`,
    dependencyOf: [`component:default/${componentName}`],
  },
  relations: [
    { type: 'dependencyOf', targetRef: `component:default/${componentName}` },
    { type: 'ownedBy', targetRef: `group:default/${owner}` },
  ],
});

const CATALOG: Entity[] = [
  component('product-service', 'discovery-squad'),
  component('search-service', 'discovery-squad'),
  // The catalog's workload of product-service: cost follows it to its Component.
  workload(
    'product-service',
    'storefront',
    'product-service',
    'discovery-squad',
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'discovery-squad', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

/** `window=<start>,<end>` of a request → its length in hours. */
const windowHours = (query: Record<string, string>) => {
  const [start, end] = query.window.split(',');
  return (Date.parse(end) - Date.parse(start)) / 3_600_000;
};

describe('OpenCost imports and right-sizing', () => {
  let fake: FakeOpenCostServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Knex;
  let get: (path: string) => Promise<any>;
  let importOnce: (count: number) => Promise<any>;

  const start = async (openCost: object = {}) => {
    knex = await databases.init('POSTGRES_15');
    const started = await startScheduledCostBackend({
      knex,
      entities: CATALOG,
      cost: {
        imports: {
          openCost: [
            {
              source: SOURCE,
              baseUrl: fake.url,
              cluster: 'production',
              environment: 'production',
              months: 2,
              windowDays: 8,
              maxAttempts: 2,
              schedule: TRIGGERED_SCHEDULE,
              ...openCost,
            },
          ],
        },
      },
    });
    backend = started.backend;
    get = started.get;
    importOnce = count => started.importOnce(TASK_ID, count);
  };

  beforeEach(async () => {
    // Like a big cluster's OpenCost behind ingress: windows over 3 days time out.
    fake = await startFakeOpenCost({
      now: NOW,
      clusters: ['production'],
      maxWindowHours: 72,
    });
  });
  afterEach(async () => {
    await backend?.stop();
    await fake.close();
  });

  it('imports every day of two months, asking for smaller windows after a 504, and reconciles with OpenCost', async () => {
    await start();
    const imported = await importOnce(1);
    expect(imported).toMatchObject({
      source: SOURCE,
      status: 'succeeded',
      billingPeriods: ['2026-10-01', '2026-11-01'],
    });
    const allocationRequests = fake.requests.filter(
      r => r.path === '/allocation',
    );
    // 8 days → 504; 4 days → 504; then 2-day windows to the end.
    expect(
      allocationRequests.slice(0, 3).map(r => [windowHours(r.query), r.status]),
    ).toEqual([
      [192, 504],
      [96, 504],
      [48, 200],
    ]);
    expect(
      allocationRequests
        .slice(2)
        .every(r => windowHours(r.query) <= 72 && r.status === 200),
    ).toBe(true);

    // OpenCost's own total of the range, cluster-wide with idle, from an
    // OpenCost that answers long windows.
    const reference = await startFakeOpenCost({
      now: NOW,
      clusters: ['production'],
    });
    const response = await fetch(
      `${reference.url}/allocation?window=2026-10-01T00:00:00Z,2026-11-21T00:00:00Z&aggregate=cluster&accumulate=true&idle=true`,
    );
    await reference.close();
    const [totals] = (await response.json()).data;
    const openCostTotal = Object.values(totals).reduce(
      (sum: number, a: any) => sum + a.totalCost,
      0,
    );
    const summary = await get(
      '/summary?from=2026-10-01&to=2026-11-21&groupBy=provider',
    );
    expect(summary.totals).toHaveLength(1);
    expect(summary.totals[0].effectiveCost.currency).toBe('USD');
    expect(Number(summary.totals[0].effectiveCost.amount)).toBeCloseTo(
      openCostTotal,
      1,
    );
    expect(summary.groups.map((g: any) => g.key)).toEqual(['Kubernetes']);

    // product-service's pods join the catalog's workload; search-service its label.
    const byEntity = await get(
      '/summary?from=2026-10-01&to=2026-11-21&groupBy=entity',
    );
    const keys = byEntity.groups.map((g: any) => g.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'component:default/product-service',
        'component:default/search-service',
        null,
      ]),
    );
    const byEnvironment = await get(
      '/summary?from=2026-10-01&to=2026-11-21&groupBy=environment',
    );
    expect(byEnvironment.groups.map((g: any) => g.key)).toEqual(['production']);
    // Tags are the pods' labels as OpenCost names them, without those
    // Kubernetes generates per pod or revision.
    const [item] = await knex('cost_line_items')
      .where(
        'resource_id',
        'production/storefront/deployment/product-service/product-service',
      )
      .select('tags')
      .limit(1);
    expect(item.tags).toMatchObject({
      namespace: 'storefront',
      app_kubernetes_io_name: 'product-service',
    });
    expect(Object.keys(item.tags)).not.toContain('pod_template_hash');
    // Idle capacity is cost no one owns: unallocated, never dropped.
    const unallocated = await get(
      '/unallocated?from=2026-10-01&to=2026-11-21&limit=50',
    );
    expect(unallocated.resources.map((r: any) => r.resourceId)).toContain(
      'production/__idle__',
    );
  });

  it('suggests requests per container: raise search-service’s memory first, lower the JVM services', async () => {
    await start();
    await importOnce(1);
    const sizing = await get('/right-sizing');
    expect(sizing).toMatchObject({
      asOf: '2026-11-20',
      from: '2026-11-07',
      to: '2026-11-21',
    });
    const { underProvisioned } = LUMEN_RETAIL_OPENCOST_STORY;
    const [first] = sizing.containers;
    expect(first).toMatchObject({
      cluster: 'production',
      namespace: underProvisioned.namespace,
      controller: underProvisioned.controller,
      container: underProvisioned.container,
      entityRef: 'component:default/search-service',
      memory: { action: 'increase' },
    });
    expect(first.memory.suggested).toBeGreaterThan(first.memory.usagePeak);
    expect(first.memory.usagePeak).toBeGreaterThan(first.memory.request);

    const product = sizing.containers.find(
      (c: any) => c.controller === 'product-service',
    );
    expect(product).toMatchObject({
      entityRef: 'component:default/product-service',
      ownerRef: 'group:default/discovery-squad',
      workloadRef:
        'resource:default/product-service-deployment-production-storefront-abc123',
      environment: 'production',
      cpu: { action: 'decrease', peakFromAverages: false },
    });
    expect(product.cpu.suggested).toBeLessThan(product.cpu.request * 0.8);
    expect(Number(product.monthlySaving.amount)).toBeGreaterThan(0);
    expect(sizing.totals).toEqual([
      {
        currency: 'USD',
        monthlySaving: { currency: 'USD', amount: expect.any(String) },
      },
    ]);

    // The database's sums are the pure function's over the same days.
    const days = await knex('cost_container_usage')
      .where({
        cluster: 'production',
        controller: 'product-service',
        container: product.container,
      })
      .andWhere('day', '>=', '2026-11-07')
      .select(
        knex.raw(`to_char(day, 'YYYY-MM-DD') AS day`),
        'replicas',
        { cpuRequestCores: 'cpu_request_cores' },
        { cpuUsageAvgCores: 'cpu_usage_avg_cores' },
        { cpuUsageMaxCores: 'cpu_usage_max_cores' },
        { memoryRequestBytes: 'memory_request_bytes' },
        { memoryUsageAvgBytes: 'memory_usage_avg_bytes' },
        { memoryUsageMaxBytes: 'memory_usage_max_bytes' },
        { cpuCost: 'cpu_cost' },
        { memoryCost: 'memory_cost' },
        { cpuCoreHours: 'cpu_core_hours' },
        { memoryByteHours: 'memory_byte_hours' },
      );
    expect(days).toHaveLength(14);
    const fromDays = rightSizeContainer(days)!;
    expect(product.days).toBe(14);
    for (const resource of ['cpu', 'memory'] as const) {
      for (const field of [
        'request',
        'usageAverage',
        'usagePeak',
        'suggested',
      ] as const) {
        expect(product[resource][field]).toBeCloseTo(
          fromDays[resource][field],
          6,
        );
      }
      expect(product[resource].action).toBe(fromDays[resource].action);
    }
    expect(Number(product.monthlySaving.amount)).toBeCloseTo(
      fromDays.monthlySaving,
      2,
    );

    // A Component's tab reads its own containers only.
    const mine = await get(
      '/right-sizing?entityRef=component:default/product-service',
    );
    expect(mine.containers.length).toBeGreaterThan(0);
    expect(
      mine.containers.every(
        (c: any) => c.entityRef === 'component:default/product-service',
      ),
    ).toBe(true);
    await request(backend.server)
      .get(
        '/api/cost/right-sizing?entityRef=component:default/a&owner=group:default/b',
      )
      .set('Authorization', mockCredentials.user.header())
      .expect(400);
  });

  it('keeps the earlier data and says why the source is stale when OpenCost keeps failing', async () => {
    await start();
    await importOnce(1);
    const before = await get(
      '/summary?from=2026-10-01&to=2026-11-21&groupBy=owner',
    );
    const sizingBefore = await get('/right-sizing');
    const [{ rows }] = await knex('cost_container_usage').count({ rows: '*' });

    fake.failNext({ status: 503, count: 10 });
    const failed = await importOnce(2);
    expect(failed.status).toBe('failed');
    expect(failed.problems[0].message).toMatch(
      /^OpenCost at http:\/\/127\.0\.0\.1:\d+ answered 503 Service Unavailable — 2 attempts for \d+ days from 2026-10-01$/,
    );
    expect(
      await get('/summary?from=2026-10-01&to=2026-11-21&groupBy=owner'),
    ).toEqual(before);
    expect(await get('/right-sizing')).toEqual(sizingBefore);
    const [{ rows: after }] = await knex('cost_container_usage').count({
      rows: '*',
    });
    expect(after).toBe(rows);

    const source = (await get('/sources')).sources[0];
    expect(source).toMatchObject({
      source: SOURCE,
      kind: 'opencost',
      stale: true,
    });
    expect(source.reason).toMatch(
      /^The last import failed — OpenCost at http:.* answered 503/,
    );
  });

  it('says what is wrong when the URL is not OpenCost', async () => {
    await start({ baseUrl: `${fake.url}/nothing-here` });
    const failed = await importOnce(1);
    expect(failed.status).toBe('failed');
    expect(failed.problems[0].message).toMatch(/answered 404/);
  });
});
