import { startTestBackend, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FakeCostExplorerServer,
  lumenRetailCostExplorer,
  lumenRetailFocusExport,
  startFakeCostExplorer,
} from '@internal/fake-cloud';
import {
  startScheduledCostBackend,
  TRIGGERED_SCHEDULE,
} from './__testUtils__/scheduledCostBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const NOW = new Date('2026-11-20T09:00:00Z');
const SOURCE = 'aws-cost-explorer';
const TASK_ID = `cost-import-aws-cost-explorer-${SOURCE}`;

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const CATALOG: Entity[] = [
  component('identity-service', 'identity-squad'),
  component('order-service', 'checkout-squad'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'identity-squad', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

/** Micro-units of a decimal string, to sum the FOCUS export by hand. */
const micros = (text: string) => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value =
    BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
  return text.startsWith('-') ? -value : value;
};
const cents = (value: bigint) => {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = (abs + 5_000n) / 10_000n;
  return `${negative ? '-' : ''}${rounded / 100n}.${String(
    rounded % 100n,
  ).padStart(2, '0')}`;
};

/** The FOCUS export's AWS EffectiveCost per service tag over [from, to), by hand. */
function expectedByService(from: string, to: string) {
  const totals = new Map<string | null, bigint>();
  for (const row of lumenRetailFocusExport({ now: NOW })) {
    if (row.ProviderName !== 'AWS') continue;
    const day = row.ChargePeriodStart.slice(0, 10);
    if (day < from || day >= to) continue;
    const service = row.Tags ? JSON.parse(row.Tags).service ?? null : null;
    const key =
      service === 'identity-service' || service === 'order-service'
        ? `component:default/${service}`
        : null;
    totals.set(key, (totals.get(key) ?? 0n) + micros(row.EffectiveCost));
  }
  return new Map([...totals].map(([key, value]) => [key, cents(value)]));
}

describe('AWS Cost Explorer imports', () => {
  let fake: FakeCostExplorerServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let get: (path: string) => Promise<any>;
  let importOnce: (count: number) => Promise<any>;

  const start = async (costExplorer: object = {}) => {
    const started = await startScheduledCostBackend({
      knex: await databases.init('POSTGRES_15'),
      entities: CATALOG,
      cost: {
        imports: {
          awsCostExplorer: [
            {
              source: SOURCE,
              endpoint: fake.url,
              credentials: {
                accessKeyId: 'AKIDEXAMPLE',
                secretAccessKey: 'secret',
              },
              months: 2,
              maxAttempts: 3,
              schedule: TRIGGERED_SCHEDULE,
              ...costExplorer,
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
    fake = await startFakeCostExplorer(lumenRetailCostExplorer({ now: NOW }), {
      now: NOW,
      maxGroupsPerPage: 40,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
  });
  afterEach(async () => {
    await backend?.stop();
    await fake.close();
  });

  it('imports two months daily by service and tag, paged, and reconciles to the cent with the bill', async () => {
    await start();
    const imported = await importOnce(1);
    expect(imported).toMatchObject({
      source: SOURCE,
      status: 'succeeded',
      billingPeriods: ['2026-10-01', '2026-11-01'],
      startedBy: 'scheduler',
    });
    expect(imported.fileName).toMatch(/^AWS Cost Explorer \(us-east-1, http/);
    // Every page of every window was read.
    const requests = fake.requests.filter(
      r => r.operation === 'GetCostAndUsage',
    );
    expect(requests.some(r => r.paged)).toBe(true);
    expect(requests.every(r => r.status === 200)).toBe(true);

    const summary = await get(
      '/summary?from=2026-10-01&to=2026-11-20&groupBy=entity',
    );
    const expected = expectedByService('2026-10-01', '2026-11-20');
    const actual = new Map(
      summary.groups.map((g: any) => [g.key, g.costs[0].effectiveCost.amount]),
    );
    expect(actual).toEqual(expected);
    expect(summary.totals.map((t: any) => t.currency)).toEqual(['USD']);

    // Owners come from the catalog; the category from the service name.
    const byOwner = await get(
      '/summary?from=2026-10-01&to=2026-11-20&groupBy=owner',
    );
    expect(byOwner.groups.map((g: any) => g.key)).toContain(
      'group:default/identity-squad',
    );
    const byCategory = await get(
      '/summary?from=2026-10-01&to=2026-11-20&groupBy=category',
    );
    expect(byCategory.groups.map((g: any) => g.key)).toEqual(
      expect.arrayContaining(['Databases', 'Compute', 'Storage']),
    );
    expect(
      (await get('/sources')).sources.find((s: any) => s.source === SOURCE),
    ).toMatchObject({ kind: 'aws-cost-explorer', stale: false });
  });

  it('re-imports without doubling', async () => {
    await start();
    await importOnce(1);
    const first = await get(
      '/summary?from=2026-10-01&to=2026-11-20&groupBy=owner',
    );
    await importOnce(2);
    const second = await get(
      '/summary?from=2026-10-01&to=2026-11-20&groupBy=owner',
    );
    expect(second.totals).toEqual(first.totals);
  });

  it('rides out throttling with the SDK’s backoff', async () => {
    await start();
    fake.failNext({ status: 400, code: 'LimitExceededException', times: 2 });
    const imported = await importOnce(1);
    expect(imported.status).toBe('succeeded');
    expect(
      fake.requests.filter(r => r.errorType === 'LimitExceededException'),
    ).toHaveLength(2);
  });

  it('fails the import naming the error when throttling outlasts the attempts, and keeps the earlier data', async () => {
    await start();
    await importOnce(1);
    const before = await get(
      '/summary?from=2026-10-01&to=2026-11-20&groupBy=owner',
    );
    fake.failNext({ status: 400, code: 'LimitExceededException', times: 10 });
    const failed = await importOnce(2);
    expect(failed.status).toBe('failed');
    expect(failed.problems[0].message).toMatch(
      /^AWS Cost Explorer refused GetCostAndUsage for 2026-10-01 to 2026-10-31: LimitExceededException: Rate exceeded \(after 3 attempts\)/,
    );
    const after = await get(
      '/summary?from=2026-10-01&to=2026-11-20&groupBy=owner',
    );
    expect(after.totals).toEqual(before.totals);
    const source = (await get('/sources')).sources.find(
      (s: any) => s.source === SOURCE,
    );
    expect(source.stale).toBe(true);
    expect(source.reason).toMatch(
      /^The last import failed — AWS Cost Explorer refused GetCostAndUsage .*LimitExceededException/,
    );
  });

  it('leaves a month Cost Explorer has no data for as it was', async () => {
    // The account's data starts on 2026-11-01: October is unavailable.
    await fake.close();
    fake = await startFakeCostExplorer(lumenRetailCostExplorer({ now: NOW }), {
      now: NOW,
      firstDay: '2026-11-01',
    });
    await start();
    const imported = await importOnce(1);
    expect(imported).toMatchObject({
      status: 'succeeded',
      billingPeriods: ['2026-11-01'],
    });
  });
});
