import { lumenRetailKubernetesClusters } from '../kubernetes/lumenRetailKubernetesClusters';
import {
  DAY_MS,
  HOUR_MS,
  OPENCOST_DEFAULT_PRICES,
  OpenCostAllocationQuery,
  parseAccumulate,
  parseAggregateBy,
  parseOpenCostStep,
  parseOpenCostWindow,
  planSteps,
  queryAllocations,
  roundForResponse,
} from './allocations';
import {
  LUMEN_RETAIL_OPENCOST_STORY,
  lumenRetailOpenCost,
  parseKubernetesQuantity,
} from './lumenRetailOpenCost';
import { OpenCostContainerDay, OpenCostDataset } from './types';

const GIB = 1024 ** 3;
const DAY1 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const NOW = DAY1 + 3 * DAY_MS + 6 * HOUR_MS; // Thursday 06:00

function container(
  pod: string,
  overrides: Partial<OpenCostContainerDay> = {},
): OpenCostContainerDay {
  return {
    cluster: 'c1',
    node: 'n1',
    providerID: 'i-1',
    namespace: 'shop',
    controllerKind: 'deployment',
    controller: 'api',
    pod,
    container: 'api',
    labels: { kubernetes_io_metadata_name: 'shop', app: 'api', pod },
    namespaceLabels: { kubernetes_io_metadata_name: 'shop' },
    services: ['api'],
    start: 0,
    end: 0,
    cpuCoreRequest: 0.5,
    cpuCoreLimit: 1,
    cpuCoreUsageAverage: 0.2,
    cpuCoreUsageMax: 0.4,
    ramByteRequest: GIB,
    ramByteLimit: 2 * GIB,
    ramByteUsageAverage: 0.5 * GIB,
    ramByteUsageMax: 0.75 * GIB,
    networkTransferBytes: GIB,
    networkReceiveBytes: GIB,
    networkCrossZoneBytes: 0.5 * GIB,
    networkCrossRegionBytes: 0,
    networkInternetBytes: 0.1 * GIB,
    ...overrides,
  };
}

/** Two API pods, a worker without a label that runs above its memory request, a database with a volume. */
const small: OpenCostDataset = {
  clusters: [
    {
      name: 'c1',
      nodes: [
        { name: 'n1', providerID: 'i-1', cpuCores: 4, ramBytes: 8 * GIB },
      ],
    },
  ],
  prices: OPENCOST_DEFAULT_PRICES,
  containersOn(day) {
    const whole = { start: day, end: day + DAY_MS };
    return [
      container('api-a', whole),
      container('api-b', whole),
      container('worker', {
        ...whole,
        controller: 'worker',
        container: 'worker',
        labels: { kubernetes_io_metadata_name: 'shop' },
        services: [],
        cpuCoreRequest: 0,
        cpuCoreLimit: 0,
        cpuCoreUsageAverage: 0.1,
        ramByteUsageAverage: 1.5 * GIB,
        ramByteUsageMax: 1.8 * GIB,
      }),
      container('db-0', {
        ...whole,
        controllerKind: 'statefulset',
        controller: 'db',
        container: 'postgres',
        labels: { kubernetes_io_metadata_name: 'shop', app: 'db' },
        services: [],
        pv: { name: 'pvc-1', bytes: 10 * GIB, providerID: 'vol-1' },
      }),
    ];
  },
};

function query(
  overrides: Partial<OpenCostAllocationQuery> = {},
): OpenCostAllocationQuery {
  return {
    steps: [{ start: DAY1, end: DAY1 + DAY_MS }],
    accumulate: 'none',
    aggregateBy: [],
    includeIdle: false,
    shareIdle: false,
    splitIdle: false,
    includeAggregatedMetadata: false,
    data: { start: DAY1 - 30 * DAY_MS, end: NOW },
    ...overrides,
  };
}

describe('parseOpenCostWindow', () => {
  it('reads durations, named windows and pairs as OpenCost does', () => {
    // Whole UTC days: six before today, and today.
    expect(parseOpenCostWindow('7d', NOW)).toEqual({
      start: DAY1 - 3 * DAY_MS,
      end: DAY1 + 4 * DAY_MS,
    });
    expect(parseOpenCostWindow('24h', NOW)).toEqual({
      start: NOW - DAY_MS,
      end: NOW,
    });
    expect(parseOpenCostWindow('today', NOW)).toEqual({
      start: DAY1 + 3 * DAY_MS,
      end: DAY1 + 4 * DAY_MS,
    });
    expect(parseOpenCostWindow('yesterday', NOW).start).toBe(DAY1 + 2 * DAY_MS);
    // Sunday 2026-03-01 starts the week.
    expect(parseOpenCostWindow('week', NOW)).toEqual({
      start: DAY1 - DAY_MS,
      end: NOW,
    });
    expect(parseOpenCostWindow('month', NOW).start).toBe(
      Date.parse('2026-03-01T00:00:00Z'),
    );
    expect(parseOpenCostWindow('lastmonth', NOW)).toEqual({
      start: Date.parse('2026-02-01T00:00:00Z'),
      end: Date.parse('2026-03-01T00:00:00Z'),
    });
    expect(parseOpenCostWindow('1772409600,1772496000', NOW)).toEqual({
      start: DAY1,
      end: DAY1 + DAY_MS,
    });
    expect(
      parseOpenCostWindow('2026-03-02T00:00:00Z,2026-03-03T00:00:00Z', NOW),
    ).toEqual({ start: DAY1, end: DAY1 + DAY_MS });
  });

  it('rejects what OpenCost rejects, milliseconds in RFC3339 included', () => {
    expect(() => parseOpenCostWindow('', NOW)).toThrow('illegal window: ');
    expect(() => parseOpenCostWindow('last7days', NOW)).toThrow(
      'illegal window: last7days',
    );
    expect(() =>
      parseOpenCostWindow(
        '2026-03-02T00:00:00.000Z,2026-03-03T00:00:00.000Z',
        NOW,
      ),
    ).toThrow('illegal window');
  });
});

describe('query parameters', () => {
  it('parses steps, aggregates and accumulation like OpenCost', () => {
    expect(parseOpenCostStep('1d')).toBe(DAY_MS);
    expect(parseOpenCostStep('30m')).toBe(HOUR_MS / 2);
    expect(parseOpenCostStep('day')).toBe(DAY_MS);
    expect(() => parseOpenCostStep('1x')).toThrow('invalid step "1x"');
    expect(
      parseAggregateBy([
        'Namespace',
        ' controllerkind',
        'label:app.kubernetes.io/name',
        'bogus',
        '',
      ]),
    ).toEqual(['namespace', 'controllerKind', 'label:app_kubernetes_io_name']);
    expect(parseAccumulate('true', undefined)).toBe('all');
    expect(parseAccumulate('1', undefined)).toBe('all');
    expect(parseAccumulate('nope', undefined)).toBe('none');
    expect(parseAccumulate('day', undefined)).toBe('day');
    expect(parseAccumulate('true', 'none')).toBe('none');
    expect(() => parseAccumulate(undefined, 'fortnight')).toThrow(
      'invalid accumulateBy option: fortnight',
    );
  });

  it('walks steps from the window start, the last one past its end', () => {
    const plan = planSteps(
      { start: DAY1, end: DAY1 + 36 * HOUR_MS },
      DAY_MS,
      'none',
    );
    expect(plan.steps).toEqual([
      { start: DAY1, end: DAY1 + DAY_MS },
      { start: DAY1 + DAY_MS, end: DAY1 + 2 * DAY_MS },
    ]);
    const weekly = planSteps(
      { start: DAY1, end: DAY1 + 2 * DAY_MS },
      undefined,
      'week',
    );
    expect(weekly.accumulate).toEqual([
      { start: DAY1 - DAY_MS, end: DAY1 + 6 * DAY_MS },
    ]);
    expect(weekly.steps).toHaveLength(7);
  });
});

describe('queryAllocations', () => {
  it('charges max(request, usage) × hours at the given prices', () => {
    const [set] = queryAllocations(small, query());
    const api = set['c1/n1/shop/api-a/api'];
    expect(api.cpuCoreHours).toBeCloseTo(0.5 * 24, 5);
    expect(api.cpuCost).toBeCloseTo(0.5 * 24 * 0.031611, 4);
    expect(api.ramCost).toBeCloseTo(24 * 0.004237, 4);
    expect(api.networkCost).toBeCloseTo(0.5 * 0.01 + 0.1 * 0.12, 4);
    expect(api.cpuEfficiency).toBeCloseTo(0.4, 5);
    expect(api.totalCost).toBeCloseTo(
      api.cpuCost + api.ramCost + api.networkCost,
      4,
    );
    expect(api.rawAllocationOnly).toEqual({
      cpuCoreUsageMax: 0.4,
      ramByteUsageMax: 0.75 * GIB,
    });

    // No CPU request: charged on usage, efficiency 1. Memory above request.
    const worker = set['c1/n1/shop/worker/worker'];
    expect(worker.cpuCoreHours).toBeCloseTo(0.1 * 24, 5);
    expect(worker.cpuEfficiency).toBe(1);
    expect(worker.ramByteHours).toBeCloseTo(1.5 * GIB * 24, 0);
    expect(worker.ramEfficiency).toBeCloseTo(1.5, 5);

    const db = set['c1/n1/shop/db-0/postgres'];
    expect(db.pvs).toEqual({
      'cluster=c1:name=pvc-1': {
        byteHours: 10 * GIB * 24,
        cost: 10 * 24 * (0.04 / 730),
        providerID: 'vol-1',
        adjustment: 0,
      },
    });
    expect(db.pvBytes).toBe(10 * GIB);
    expect(db.pvCost).toBeCloseTo(10 * 24 * (0.04 / 730), 5);
  });

  it('sums by controller: averages add up, shared properties stay, raw-only data goes', () => {
    const [set] = queryAllocations(
      small,
      query({ aggregateBy: ['namespace', 'controller', 'container'] }),
    );
    expect(Object.keys(set)).toEqual([
      'shop/deployment:api/api',
      'shop/deployment:worker/worker',
      'shop/statefulset:db/postgres',
    ]);
    const api = set['shop/deployment:api/api'];
    expect(api.cpuCoreRequestAverage).toBe(1);
    expect(api.cpuCoreUsageAverage).toBe(0.4);
    expect(api.cpuCoreHours).toBe(24);
    expect(api.minutes).toBe(1440);
    expect(api.properties).toEqual({
      cluster: 'c1',
      node: 'n1',
      container: 'api',
      controller: 'api',
      controllerKind: 'deployment',
      namespace: 'shop',
      providerID: 'i-1',
      namespaceLabels: { kubernetes_io_metadata_name: 'shop' },
    });
    expect(api.rawAllocationOnly).toBeUndefined();
    // A single pod keeps everything, like OpenCost's unsummed allocation.
    expect(set['shop/statefulset:db/postgres'].properties.pod).toBe('db-0');
    expect(set['shop/statefulset:db/postgres'].rawAllocationOnly).toBeDefined();

    const withMetadata = queryAllocations(
      small,
      query({ aggregateBy: ['controller'], includeAggregatedMetadata: true }),
    )[0]['deployment:api'];
    expect(withMetadata.properties.labels).toEqual({
      app: 'api',
      kubernetes_io_metadata_name: 'shop',
    });
  });

  it('keys a missing label as __unallocated__ and joins multiple values with /', () => {
    const [set] = queryAllocations(
      small,
      query({ aggregateBy: ['cluster', 'label:app'] }),
    );
    expect(Object.keys(set)).toEqual(['c1/__unallocated__', 'c1/api', 'c1/db']);
  });

  it('adds an idle allocation with the capacity not allocated, or shares it', () => {
    const [set] = queryAllocations(
      small,
      query({ aggregateBy: ['namespace'], includeIdle: true }),
    );
    const idle = set.__idle__;
    const capacityCpu = 4 * 24 * 0.031611;
    const capacityRam = 8 * 24 * 0.004237;
    expect(idle.properties).toEqual({ cluster: 'c1' });
    expect(idle.cpuCost + set.shop.cpuCost).toBeCloseTo(capacityCpu, 4);
    expect(idle.ramCost + set.shop.ramCost).toBeCloseTo(capacityRam, 4);
    expect(idle.cpuCoreHours).toBe(0);
    expect(idle.rawAllocationOnly).toBeUndefined();

    const split = queryAllocations(
      small,
      query({ aggregateBy: ['namespace'], includeIdle: true, splitIdle: true }),
    )[0];
    expect(Object.keys(split)).toEqual(['c1/__idle__', 'shop']);

    const shared = queryAllocations(
      small,
      query({ aggregateBy: ['namespace'], shareIdle: true }),
    )[0];
    expect(Object.keys(shared)).toEqual(['shop']);
    expect(shared.shop.cpuCost).toBeCloseTo(capacityCpu, 4);
    expect(shared.shop.cpuCostIdle).toBeCloseTo(idle.cpuCost, 4);
  });

  it('gives one map per step, or one when accumulated, and stops at the data', () => {
    const steps = [0, 1, 2, 3, 4].map(i => ({
      start: DAY1 + i * DAY_MS,
      end: DAY1 + (i + 1) * DAY_MS,
    }));
    const sets = queryAllocations(
      small,
      query({ steps, aggregateBy: ['cluster'] }),
    );
    expect(sets).toHaveLength(5);
    expect(sets.map(s => s.c1?.minutes)).toEqual([
      1440,
      1440,
      1440,
      360,
      undefined,
    ]);
    // The partial day ends at the data's end, its window does not.
    expect(sets[3].c1.end).toBe('2026-03-05T06:00:00Z');
    expect(sets[3].c1.window.end).toBe('2026-03-06T00:00:00Z');
    expect(sets[4]).toEqual({});

    const [all] = queryAllocations(
      small,
      query({ steps, aggregateBy: ['cluster'], accumulate: 'all' }),
    );
    expect(all.c1.minutes).toBe(3 * 1440 + 360);
    expect(all.c1.cpuCost).toBeCloseTo(
      sets.slice(0, 4).reduce((sum, s) => sum + s.c1.cpuCost, 0),
      3,
    );
    expect(all.c1.window).toEqual({
      start: '2026-03-02T00:00:00Z',
      end: '2026-03-07T00:00:00Z',
    });
  });

  it('has nothing before retention or in the future', () => {
    const sets = queryAllocations(
      small,
      query({
        steps: [
          { start: DAY1 - 40 * DAY_MS, end: DAY1 - 35 * DAY_MS },
          { start: NOW + DAY_MS, end: NOW + 2 * DAY_MS },
        ],
        includeIdle: true,
      }),
    );
    expect(sets).toEqual([{}, {}]);
  });

  it('rounds numbers as OpenCost does', () => {
    expect(roundForResponse(1.234564)).toBe(1.23456);
    expect(roundForResponse(1.234566)).toBe(1.23457);
    expect(roundForResponse(-1.234566)).toBe(-1.23457);
    expect(roundForResponse(0.5e-5)).toBe(0.00001);
    expect(roundForResponse(-0.000001)).toBe(0);
  });
});

describe('lumenRetailOpenCost', () => {
  const dataset = lumenRetailOpenCost();
  const week = Array.from({ length: 14 }, (_, i) => ({
    start: DAY1 + i * DAY_MS,
    end: DAY1 + (i + 1) * DAY_MS,
  }));
  const fortnight = (aggregateBy: string[]) =>
    queryAllocations(dataset, {
      ...query({ steps: week, aggregateBy, accumulate: 'all' }),
      data: { start: DAY1 - 100 * DAY_MS, end: DAY1 + 30 * DAY_MS },
    })[0];

  it('parses Kubernetes quantities', () => {
    expect(parseKubernetesQuantity('250m')).toBe(0.25);
    expect(parseKubernetesQuantity('1')).toBe(1);
    expect(parseKubernetesQuantity('128Mi')).toBe(128 * 1024 * 1024);
    expect(parseKubernetesQuantity('1Gi')).toBe(GIB);
    expect(parseKubernetesQuantity('500M')).toBe(5e8);
    expect(parseKubernetesQuantity('1e3')).toBe(1000);
    expect(() => parseKubernetesQuantity('lots')).toThrow();
  });

  it('covers every container of every workload of the Kubernetes fake', () => {
    const records = dataset.containersOn(DAY1);
    const clusters = lumenRetailKubernetesClusters();
    for (const cluster of [clusters.production, clusters.staging]) {
      const of = (namespace?: string, name?: string) =>
        records.filter(
          r =>
            r.cluster === cluster.name &&
            r.namespace === namespace &&
            r.controller === name,
        );
      const workloads = cluster.objects.filter(o =>
        ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'].includes(o.kind),
      );
      expect(workloads.length).toBeGreaterThan(10);
      for (const object of workloads) {
        expect(
          of(object.metadata?.namespace, object.metadata?.name).length,
        ).toBeGreaterThan(0);
      }
      // Every replica of every Deployment, each container of it.
      for (const object of cluster.objects) {
        const replicas =
          object.kind === 'Deployment' ? object.spec!.replicas! : 0;
        const containers =
          object.kind === 'Deployment'
            ? object.spec!.template.spec!.containers.length
            : 0;
        const mine =
          object.kind === 'Deployment'
            ? of(object.metadata?.namespace, object.metadata?.name)
            : [];
        expect(new Set(mine.map(r => r.pod)).size).toBe(replicas);
        expect(mine).toHaveLength(replicas * containers);
      }
    }
    expect(new Set(records.map(r => r.cluster))).toEqual(
      new Set(['production', 'staging']),
    );
    const checkout = records.find(
      r => r.cluster === 'production' && r.container === 'checkout-service',
    )!;
    expect(checkout).toMatchObject({
      namespace: 'checkout',
      controllerKind: 'deployment',
      cpuCoreRequest: 0.5,
      cpuCoreLimit: 1,
      ramByteRequest: GIB,
      services: ['checkout-service'],
    });
    expect(checkout.labels).toMatchObject({
      app_kubernetes_io_name: 'checkout-service',
      backstage_io_kubernetes_id: 'checkout-service',
      kubernetes_io_metadata_name: 'checkout',
    });
    const index = records.find(r => r.pod === 'search-index-0')!;
    expect(index.labels.team).toBe('discovery-squad');
    expect(index.pv?.bytes).toBe(200 * GIB);
    const exports = records.filter(
      r => r.controller === 'order-export-nightly',
    );
    expect(exports).toHaveLength(2); // one run a day per cluster
    expect(exports[0].controllerKind).toBe('job');
    expect(
      records.filter(
        r => r.controller === 'notification-worker' && r.cluster === 'staging',
      ),
    ).toHaveLength(288);
  });

  it('is deterministic', () => {
    expect(lumenRetailOpenCost().containersOn(DAY1)).toEqual(
      dataset.containersOn(DAY1),
    );
  });

  it('over-provisions the JVM services and sizes the Go services about right', () => {
    const set = fortnight(['cluster', 'controller', 'container']);
    for (const name of LUMEN_RETAIL_OPENCOST_STORY.overProvisioned.containers) {
      const a = set[`production/deployment:${name}/${name}`];
      expect(a.cpuEfficiency).toBeGreaterThanOrEqual(0.15);
      expect(a.cpuEfficiency).toBeLessThanOrEqual(0.25);
      expect(a.ramEfficiency).toBeGreaterThan(0.45);
      expect(a.ramEfficiency).toBeLessThan(0.56);
    }
    for (const name of ['shipping-service', 'pricing-engine']) {
      const a = set[`production/deployment:${name}/${name}`];
      expect(a.cpuEfficiency).toBeGreaterThanOrEqual(0.7);
      expect(a.cpuEfficiency).toBeLessThanOrEqual(0.9);
    }
  });

  it('runs production search-service above its memory request, peaking at 1.3×', () => {
    const set = fortnight(['cluster', 'pod', 'container']);
    const pods = Object.values(set).filter(
      a =>
        a.properties.cluster === 'production' &&
        a.properties.container === 'search-service',
    );
    expect(pods).toHaveLength(3);
    const request = 128 * 1024 * 1024;
    for (const pod of pods) {
      expect(pod.ramByteUsageAverage).toBeGreaterThan(1.1 * request);
      expect(pod.ramEfficiency).toBeGreaterThan(1);
      // Charged on usage: more than the request would cost.
      expect(
        pod.ramByteHours / (pod.ramByteUsageAverage * 14 * 24),
      ).toBeCloseTo(1, 6);
    }
    const daily = queryAllocations(dataset, {
      ...query({ steps: week, aggregateBy: ['cluster', 'pod', 'container'] }),
      data: { start: DAY1 - 100 * DAY_MS, end: DAY1 + 30 * DAY_MS },
    });
    const peaks = daily.flatMap(s =>
      Object.values(s)
        .filter(
          a =>
            a.properties.cluster === 'production' &&
            a.properties.container === 'search-service',
        )
        .map(a => a.rawAllocationOnly!.ramByteUsageMax / request),
    );
    expect(Math.max(...peaks)).toBeGreaterThan(1.28);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(1.3);
    // Staging's is sized right.
    const staging = fortnight(['cluster', 'container'])[
      'staging/search-service'
    ];
    expect(staging.ramEfficiency).toBeLessThan(0.9);
  });

  it('varies between weekdays and weekends, with peaks above the averages', () => {
    const daily = queryAllocations(dataset, {
      ...query({ steps: week, aggregateBy: ['cluster', 'controller'] }),
      data: { start: DAY1 - 100 * DAY_MS, end: DAY1 + 30 * DAY_MS },
    });
    const usage = (i: number, key: string) => daily[i][key].cpuCoreUsageAverage;
    // 2026-03-02 is a Monday: 5 and 6 are the weekend.
    expect(usage(5, 'production/deployment:storefront-web')).toBeGreaterThan(
      usage(2, 'production/deployment:storefront-web'),
    );
    expect(usage(5, 'staging/deployment:paved-portal')).toBeLessThan(
      usage(2, 'staging/deployment:paved-portal') * 0.6,
    );
    const raw = queryAllocations(dataset, {
      ...query({ steps: week.slice(0, 1) }),
      data: { start: DAY1 - 100 * DAY_MS, end: DAY1 + 30 * DAY_MS },
    })[0];
    for (const a of Object.values(raw)) {
      expect(a.rawAllocationOnly!.cpuCoreUsageMax).toBeGreaterThan(
        a.cpuCoreUsageAverage,
      );
      expect(a.rawAllocationOnly!.ramByteUsageMax).toBeGreaterThanOrEqual(
        a.ramByteUsageAverage,
      );
    }
  });
});
