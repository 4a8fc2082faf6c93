import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { costPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const CATALOG = [
  component('checkout-service', 'checkout-squad'),
  component('search-api', 'discovery-squad'),
  component('payments', 'payments-squad'),
];

const HEADER =
  'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeCategory,ProviderName,ServiceName,ServiceCategory,ResourceId,Tags';

const CATEGORIES: Record<string, string> = {
  'AWS Support (Business)': 'Management and Governance',
  'Amazon Simple Storage Service': 'Storage',
};

const line = (
  day: string,
  amount: string,
  currency: string,
  service: string,
  tags: string,
  resourceId = '',
) =>
  [
    '2026-01-01T00:00:00Z',
    '2026-02-01T00:00:00Z',
    `${day}T00:00:00Z`,
    `${day}T00:00:00Z`.replace(
      /(\d\d)T/,
      (_, d) => `${String(Number(d) + 1).padStart(2, '0')}T`,
    ),
    amount,
    amount,
    amount,
    currency,
    'Usage',
    'AWS',
    service,
    CATEGORIES[service] ?? 'Compute',
    resourceId,
    tags,
  ].join(',');

const tag = (service: string) => `"{""service"": ""${service}""}"`;

/** January 2026: $300 checkout, $100 search, an $80 support fee; €50 payments, a €10 support fee; a shared-tagged $20 bucket. */
const CSV = `${[
  HEADER,
  line(
    '2026-01-05',
    '300.00',
    'USD',
    'Amazon Elastic Compute Cloud',
    tag('checkout-service'),
    'i-1',
  ),
  line(
    '2026-01-06',
    '100.00',
    'USD',
    'Amazon Elastic Compute Cloud',
    tag('search-api'),
    'i-2',
  ),
  line('2026-01-01', '80.00', 'USD', 'AWS Support (Business)', ''),
  line(
    '2026-01-07',
    '50.00',
    'EUR',
    'Amazon Elastic Compute Cloud',
    tag('payments'),
    'i-3',
  ),
  line('2026-01-01', '10.00', 'EUR', 'AWS Support (Business)', ''),
  line(
    '2026-01-08',
    '20.00',
    'USD',
    'Amazon Simple Storage Service',
    '"{""shared"": ""true""}"',
    'shared-bucket',
  ),
].join('\n')}\n`;

const RULES = [
  { name: 'support', serviceNames: ['AWS Support (Business)'] },
  { name: 'shared-tag', tags: [{ shared: 'true' }], splitBy: 'even' },
];

describe('shared costs split among Components', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Knex;

  const start = async (sharedCosts: object[] = RULES) => {
    backend = await startTestBackend({
      features: [
        costPlugin,
        catalogServiceMock.factory({ entities: CATALOG }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { cost: { allocation: { sharedCosts } } },
        }),
      ],
    });
  };
  beforeEach(async () => {
    knex = await databases.init('POSTGRES_15');
  });
  afterEach(() => backend?.stop());

  const upload = (csv: string, source = 'aws', status = 201) =>
    request(backend.server)
      .post(`/api/cost/imports?source=${source}&fileName=focus.csv`)
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(status);
  const get = async (path: string) =>
    (
      await request(backend.server)
        .get(`/api/cost${path}`)
        .set('Authorization', mockCredentials.user.header())
        .expect(200)
    ).body;
  const JANUARY = 'from=2026-01-01&to=2026-02-01';
  const byKey = (summary: any) =>
    Object.fromEntries(
      summary.groups.flatMap((g: any) =>
        g.costs.map((c: any) => [
          `${g.key}|${c.currency}`,
          c.effectiveCost.amount,
        ]),
      ),
    );

  it('splits matched unallocated cost by each Component’s cost, per currency, and keeps every total', async () => {
    await start();
    await upload(CSV);
    const byEntity = byKey(await get(`/summary?${JANUARY}&groupBy=entity`));
    // $80 support: 3:1 between checkout and search; $20 shared bucket: evenly.
    expect(byEntity).toEqual({
      'component:default/checkout-service|USD': '370.00',
      'component:default/search-api|USD': '130.00',
      // Euros are split among what costs euros: payments takes it all.
      'component:default/payments|EUR': '60.00',
      'null|USD': '0.00',
      'null|EUR': '0.00',
    });
    const summary = await get(`/summary?${JANUARY}&groupBy=provider`);
    expect(
      summary.totals.map((t: any) => [
        t.currency,
        t.effectiveCost.amount,
        t.billedCost.amount,
      ]),
    ).toEqual([
      ['EUR', '60.00', '60.00'],
      ['USD', '500.00', '500.00'],
    ]);
    // By category the support fee is still Management and Governance.
    expect(byKey(await get(`/summary?${JANUARY}&groupBy=category`))).toEqual({
      'Compute|USD': '400.00',
      'Compute|EUR': '50.00',
      'Management and Governance|USD': '80.00',
      'Management and Governance|EUR': '10.00',
      'Storage|USD': '20.00',
    } as Record<string, string>);
    // Owners and a Component's own tab see the same split.
    expect(
      byKey(await get(`/summary?${JANUARY}&groupBy=owner`))[
        'group:default/checkout-squad|USD'
      ],
    ).toBe('370.00');
    const tab = await get(`/entities/default/checkout-service/cost?${JANUARY}`);
    expect(tab.totals[0].effectiveCost.amount).toBe('370.00');
    // Nothing left unallocated to list.
    const unallocated = await get(`/unallocated?${JANUARY}`);
    expect(unallocated.resources).toEqual([]);
  });

  it('re-importing rebuilds the split instead of adding another', async () => {
    await start();
    await upload(CSV);
    const first = await get(`/summary?${JANUARY}&groupBy=entity`);
    await upload(CSV);
    expect(await get(`/summary?${JANUARY}&groupBy=entity`)).toEqual(first);
    // Another source's cost changes the weights of the month it lands in.
    await upload(
      `${HEADER}\n${line(
        '2026-01-09',
        '400.00',
        'USD',
        'Compute Engine',
        tag('search-api'),
        'vm-1',
      )}\n`,
      'gcp',
    );
    const after = byKey(await get(`/summary?${JANUARY}&groupBy=entity`));
    // Weights 300 : 500 now: $80 → 30 and 50; the bucket still evenly.
    expect(after['component:default/checkout-service|USD']).toBe('340.00');
    expect(after['component:default/search-api|USD']).toBe('560.00');
  });

  it('builds the split of data imported before the rules, at start-up', async () => {
    await start([]);
    await upload(CSV);
    expect(
      byKey(await get(`/summary?${JANUARY}&groupBy=entity`))['null|USD'],
    ).toBe('100.00');
    await backend.stop();
    await start();
    expect(
      byKey(await get(`/summary?${JANUARY}&groupBy=entity`))['null|USD'],
    ).toBe('0.00');
    // And the imports list shows the file only.
    const { imports } = await get('/imports');
    expect(imports.map((i: any) => i.source)).toEqual(['aws']);
  });

  it('refuses an upload under the shared costs’ own source', async () => {
    await start();
    const { body } = await upload(CSV, 'paved-shared-costs', 400);
    expect(body.error.message).toContain(
      '"paved-shared-costs" is Paved\'s own',
    );
  });
});
