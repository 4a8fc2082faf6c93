import { DAY_MS, OPENCOST_DEFAULT_PRICES } from './allocations';
import { lumenRetailOpenCost } from './lumenRetailOpenCost';
import { startFakeOpenCost } from './startFakeOpenCost';
import {
  FakeOpenCostServer,
  OpenCostAllocation,
  OpenCostAllocationResponse,
} from './types';

const NOW = new Date('2026-05-14T10:30:00Z');
const GIB = 1024 ** 3;

/** Every field OpenCost's AllocationJSON has, in its order. */
const FIELDS = [
  'name',
  'properties',
  'window',
  'start',
  'end',
  'minutes',
  'cpuCores',
  'cpuCoreRequestAverage',
  'cpuCoreLimitAverage',
  'cpuCoreUsageAverage',
  'cpuCoreHours',
  'cpuCost',
  'cpuCostAdjustment',
  'cpuCostIdle',
  'cpuEfficiency',
  'gpuCount',
  'gpuHours',
  'gpuCost',
  'gpuCostAdjustment',
  'gpuCostIdle',
  'gpuEfficiency',
  'networkTransferBytes',
  'networkReceiveBytes',
  'networkCost',
  'networkCrossZoneCost',
  'networkCrossRegionCost',
  'networkInternetCost',
  'networkCostAdjustment',
  'loadBalancerCost',
  'loadBalancerCostAdjustment',
  'pvBytes',
  'pvByteHours',
  'pvCost',
  'pvs',
  'pvCostAdjustment',
  'ramBytes',
  'ramByteRequestAverage',
  'ramByteLimitAverage',
  'ramByteUsageAverage',
  'ramByteHours',
  'ramCost',
  'ramCostAdjustment',
  'ramCostIdle',
  'ramEfficiency',
  'externalCost',
  'sharedCost',
  'totalCost',
  'totalEfficiency',
];
const TRAILING = [
  'proportionalAssetResourceCosts',
  'lbAllocations',
  'sharedCostBreakdown',
  'gpuAllocation',
];

const sum = (
  set: Record<string, OpenCostAllocation>,
  field: 'totalCost' | 'cpuCost' | 'cpuCoreHours',
) => Object.values(set).reduce((total, a) => total + a[field], 0);

describe('startFakeOpenCost', () => {
  let server: FakeOpenCostServer;
  const dataset = lumenRetailOpenCost();

  async function allocation(
    query: Record<string, string>,
    path = '/allocation',
  ): Promise<OpenCostAllocationResponse> {
    const response = await fetch(
      `${server.url}${path}?${new URLSearchParams(query)}`,
    );
    if (response.status !== 200) {
      throw new Error(`${response.status}: ${await response.text()}`);
    }
    expect(response.headers.get('content-type')).toBe('application/json');
    return response.json();
  }

  beforeAll(async () => {
    server = await startFakeOpenCost({
      dataset,
      now: NOW,
      maxWindowHours: 45 * 24,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers one map per day with every field OpenCost emits, in its order', async () => {
    const body = await allocation({
      window: '7d',
      aggregate: 'cluster,namespace,controller,container',
      step: '1d',
    });
    expect(Object.keys(body)).toEqual(['code', 'data']);
    expect(body.code).toBe(200);
    expect(body.data).toHaveLength(7);
    expect(body.data.map(set => Object.keys(set).length)).toEqual(
      Array(7).fill(Object.keys(body.data[0]).length),
    );
    const key =
      'production/checkout/deployment:checkout-service/checkout-service';
    const first = body.data[0][key];
    // Summed from several pods: no rawAllocationOnly, as OpenCost.
    expect(Object.keys(first)).toEqual([...FIELDS, ...TRAILING]);
    expect(first).toMatchObject({
      name: key,
      properties: {
        cluster: 'production',
        container: 'checkout-service',
        controller: 'checkout-service',
        controllerKind: 'deployment',
        namespace: 'checkout',
        namespaceLabels: { kubernetes_io_metadata_name: 'checkout' },
      },
      window: { start: '2026-05-08T00:00:00Z', end: '2026-05-09T00:00:00Z' },
      start: '2026-05-08T00:00:00Z',
      end: '2026-05-09T00:00:00Z',
      minutes: 1440,
      // Four replicas of 500m and 1Gi.
      cpuCoreRequestAverage: 2,
      cpuCoreLimitAverage: 4,
      cpuCores: 2,
      cpuCoreHours: 48,
      ramByteRequestAverage: 4 * GIB,
      pvs: null,
      gpuCost: 0,
      proportionalAssetResourceCosts: {},
      lbAllocations: null,
      sharedCostBreakdown: {},
      gpuAllocation: null,
    });
    expect(first.properties.pod).toBeUndefined();
    expect(first.properties.labels).toBeUndefined();
    // The last day is today, up to now.
    const today = body.data[6][key];
    expect(today.start).toBe('2026-05-14T00:00:00Z');
    expect(today.end).toBe('2026-05-14T10:30:00Z');
    expect(today.window.end).toBe('2026-05-15T00:00:00Z');
    expect(today.minutes).toBe(630);
  });

  it('charges hours × OpenCost default prices', async () => {
    const { data } = await allocation({
      window: '2026-05-10T00:00:00Z,2026-05-11T00:00:00Z',
      aggregate: 'cluster,pod,container',
    });
    const p = OPENCOST_DEFAULT_PRICES;
    for (const a of Object.values(data[0])) {
      const hours = a.minutes / 60;
      expect(a.cpuCost).toBeCloseTo(a.cpuCores * hours * p.cpuCoreHour, 4);
      expect(a.ramCost).toBeCloseTo(
        (a.ramBytes / GIB) * hours * p.ramGiBHour,
        4,
      );
      expect(a.pvCost).toBeCloseTo((a.pvBytes / GIB) * hours * p.pvGiBHour, 4);
      expect(a.cpuCores).toBeCloseTo(
        Math.max(a.cpuCoreRequestAverage, a.cpuCoreUsageAverage),
        4,
      );
      expect(a.totalCost).toBeCloseTo(
        a.cpuCost + a.ramCost + a.pvCost + a.networkCost,
        3,
      );
    }
    const index = data[0]['production/search-index-0/opensearch'];
    expect(index.pvBytes).toBe(200 * GIB);
    expect(index.pvCost).toBeCloseTo(200 * 24 * (0.04 / 730), 4);
    expect(Object.keys(index.pvs!)).toEqual([
      expect.stringMatching(/^cluster=production:name=pvc-[0-9a-f-]{36}$/),
    ]);
    expect(index.rawAllocationOnly!.cpuCoreUsageMax).toBeGreaterThan(
      index.cpuCoreUsageAverage,
    );
  });

  it('sums the same costs whatever the aggregation', async () => {
    const window = '2026-05-01T00:00:00Z,2026-05-08T00:00:00Z';
    const totals = await Promise.all(
      [
        'namespace',
        'cluster,namespace,controller',
        'container',
        'controllerKind',
        'node',
      ].map(async aggregate => {
        const { data } = await allocation({ window, aggregate });
        return sum(data[0], 'totalCost');
      }),
    );
    for (const total of totals) expect(total).toBeCloseTo(totals[0], 1);

    const { data } = await allocation({ window, aggregate: 'namespace' });
    expect(Object.keys(data[0])).toEqual([
      'checkout',
      'default',
      'developer-platform',
      'fulfilment',
      'identity',
      'platform-observability',
      'storefront',
    ]);
    const perController = (
      await allocation({ window, aggregate: 'namespace,controller' })
    ).data[0];
    const checkout = Object.entries(perController)
      .filter(([key]) => key.startsWith('checkout/'))
      .reduce((total, [, a]) => total + a.cpuCost, 0);
    expect(checkout).toBeCloseTo(data[0].checkout.cpuCost, 3);
  });

  it('accumulates the steps into one set', async () => {
    const daily = await allocation({
      window: '7d',
      aggregate: 'cluster',
      step: '1d',
    });
    const { data } = await allocation({
      window: '7d',
      aggregate: 'cluster',
      step: '1d',
      accumulate: 'true',
    });
    expect(data).toHaveLength(1);
    expect(data[0].production.cpuCost).toBeCloseTo(
      daily.data.reduce((total, set) => total + set.production.cpuCost, 0),
      3,
    );
    expect(data[0].production.window).toEqual({
      start: '2026-05-08T00:00:00Z',
      end: '2026-05-15T00:00:00Z',
    });
  });

  it('adds idle: the nodes’ capacity nobody requested', async () => {
    const { data } = await allocation({
      window: '2026-05-10T00:00:00Z,2026-05-11T00:00:00Z',
      aggregate: 'cluster',
      includeIdle: 'true',
    });
    expect(Object.keys(data[0])).toEqual(['__idle__', 'production', 'staging']);
    const capacityCpu = dataset.clusters.reduce(
      (total, c) =>
        total + c.nodes.reduce((cores, n) => cores + n.cpuCores, 0) * 24,
      0,
    );
    // Idle and allocations together cost what the nodes do.
    expect(sum(data[0], 'cpuCost')).toBeCloseTo(
      capacityCpu * OPENCOST_DEFAULT_PRICES.cpuCoreHour,
      3,
    );
    expect(data[0].__idle__.cpuCost).toBeGreaterThan(0);
    expect(data[0].__idle__.properties).toEqual({});

    const split = await allocation({
      window: '2026-05-10T00:00:00Z,2026-05-11T00:00:00Z',
      aggregate: 'namespace',
      idle: 'true',
      splitIdle: 'true',
    });
    expect(split.data[0]['production/__idle__'].properties).toEqual({
      cluster: 'production',
    });
    expect(split.data[0]['staging/__idle__']).toBeDefined();
  });

  it('aggregates by label, __unallocated__ where the label is missing', async () => {
    const { data } = await allocation({
      window: 'yesterday',
      aggregate: 'cluster,label:team',
    });
    expect(Object.keys(data[0])).toEqual([
      'production/__unallocated__',
      'production/discovery-squad',
      'production/platform-squad',
      'staging/__unallocated__',
      'staging/discovery-squad',
      'staging/platform-squad',
    ]);
    const byName = await allocation({
      window: 'yesterday',
      aggregate: 'label:app.kubernetes.io/name',
    });
    expect(Object.keys(byName.data[0])).toContain('search-service');
    expect(Object.keys(byName.data[0])).toContain('legacy-image-resizer');
  });

  it('shows production search-service running above its memory request', async () => {
    const { data } = await allocation({
      window: '14d',
      aggregate: 'cluster,namespace,controller,pod,container',
      step: '1d',
    });
    const mine = data.flatMap(set =>
      Object.values(set).filter(
        a =>
          a.properties.cluster === 'production' &&
          a.properties.container === 'search-service',
      ),
    );
    expect(mine).toHaveLength(14 * 3);
    for (const a of mine) {
      expect(a.ramEfficiency).toBeGreaterThan(1);
      // Charged on what it uses, not on what it requests.
      expect(a.ramBytes).toBeCloseTo(a.ramByteUsageAverage, 2);
      expect(a.rawAllocationOnly!.ramByteUsageMax).toBeGreaterThan(
        1.25 * a.ramByteRequestAverage,
      );
    }
  });

  it('answers 504 with an ingress HTML page past maxWindowHours', async () => {
    const response = await fetch(
      `${server.url}/allocation?window=90d&aggregate=namespace`,
    );
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain(
      '<head><title>504 Gateway Time-out</title></head>',
    );
    // Within the limit it answers.
    await allocation({
      window: '30d',
      aggregate: 'namespace',
      accumulate: 'true',
    });
  });

  it('fails the next requests on demand', async () => {
    server.failNext({ status: 503, count: 2 });
    server.failNext({ status: 500, body: '{"code":500,"message":"boom"}' });
    const url = `${server.url}/allocation/compute?window=1d&aggregate=cluster`;
    const first = await fetch(url);
    expect(first.status).toBe(503);
    expect(await first.text()).toContain('503 Service Temporarily Unavailable');
    expect((await fetch(url)).status).toBe(503);
    const third = await fetch(url);
    expect(third.status).toBe(500);
    expect(await third.json()).toEqual({ code: 500, message: 'boom' });
    expect((await fetch(url)).status).toBe(200);
  });

  it('rejects a bad window (as http.Error) and a bad step (as OpenCost JSON)', async () => {
    const window = await fetch(`${server.url}/allocation?window=lastfortnight`);
    expect(window.status).toBe(400);
    expect(window.headers.get('content-type')).toBe(
      'text/plain; charset=utf-8',
    );
    expect(await window.text()).toBe(
      "Invalid 'window' parameter: illegal window: lastfortnight\n",
    );
    const missing = await fetch(`${server.url}/allocation`);
    expect(missing.status).toBe(400);

    const step = await fetch(`${server.url}/allocation?window=7d&step=often`);
    expect(step.status).toBe(400);
    expect(await step.json()).toEqual({
      code: 400,
      data: null,
      message: expect.stringMatching(
        /^Invalid step parameter: invalid step "often"/,
      ),
    });

    // OpenCost ignores aggregates it does not know.
    const unknown = await allocation({
      window: 'yesterday',
      aggregate: 'color',
    });
    expect(Object.keys(unknown.data[0])[0]).toMatch(
      /^(production|staging)\/ip-10-\d+-\d+-\d+\.eu-west-1\.compute\.internal\/[a-z-]+\/.+\/.+$/,
    );
  });

  it('has data only for the retention, up to now', async () => {
    const before = await allocation({
      window: '2025-12-01T00:00:00Z,2025-12-08T00:00:00Z',
      step: '1d',
      aggregate: 'namespace',
      includeIdle: 'true',
    });
    expect(before.data).toEqual([{}, {}, {}, {}, {}, {}, {}]);
    const future = await allocation({
      window: '2026-06-01T00:00:00Z,2026-06-02T00:00:00Z',
      aggregate: 'namespace',
    });
    expect(future.data).toEqual([{}]);
    // Retention is rolling: the oldest day is partial.
    const edge = await allocation({
      window: `${(NOW.getTime() - 100 * DAY_MS - DAY_MS) / 1000},${
        (NOW.getTime() - 99 * DAY_MS) / 1000
      }`,
      aggregate: 'cluster',
    });
    expect(edge.data[0].production.start).toBe('2026-02-03T10:30:00Z');
  });

  it('serves one cluster like a per-cluster OpenCost, health and unknown paths', async () => {
    const single = await startFakeOpenCost({
      dataset,
      now: NOW,
      clusters: ['staging'],
      retentionDays: 10,
    });
    try {
      const response = await fetch(
        `${single.url}/allocation?window=today&aggregate=cluster`,
      );
      const body = (await response.json()) as OpenCostAllocationResponse;
      expect(Object.keys(body.data[0])).toEqual(['staging']);
      const old = await fetch(
        `${single.url}/allocation?window=2026-04-01T00:00:00Z,2026-04-02T00:00:00Z`,
      );
      expect(((await old.json()) as OpenCostAllocationResponse).data).toEqual([
        {},
      ]);
      expect((await fetch(`${single.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${single.url}/assets`)).status).toBe(404);
      expect(
        (await fetch(`${single.url}/allocation`, { method: 'POST' })).status,
      ).toBe(405);
      expect(single.requests.map(r => [r.method, r.path, r.status])).toEqual([
        ['GET', '/allocation', 200],
        ['GET', '/allocation', 200],
        ['GET', '/healthz', 200],
        ['GET', '/assets', 404],
        ['POST', '/allocation', 405],
      ]);
      expect(single.requests[0].query).toEqual({
        window: 'today',
        aggregate: 'cluster',
      });
    } finally {
      await single.close();
    }
  });

  it('answers a week by day quickly', async () => {
    const started = Date.now();
    const { data } = await allocation({
      window: '7d',
      aggregate: 'cluster,namespace,controller,container',
      step: '1d',
    });
    expect(data).toHaveLength(7);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
