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

const CATALOG: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout-squad' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout-squad' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'checkout-squad', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

const DAY = 86_400_000;
const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const monthStart = (time: number) => {
  const d = new Date(time);
  return `${d.toISOString().slice(0, 7)}-01T00:00:00Z`;
};
const nextMonthStart = (time: number) => {
  const d = new Date(time);
  return new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
  ).toISOString();
};

/** Yesterday (UTC) at midnight: the last day of the export. */
const LAST = Date.UTC(
  new Date().getUTCFullYear(),
  new Date().getUTCMonth(),
  new Date().getUTCDate() - 1,
);
const SPIKE = LAST - 3 * DAY;
/** A weekly pattern (by weekday) that is no anomaly. */
const normal = (time: number) => 100 + 5 * new Date(time).getUTCDay();

/** 60 days of one EC2 instance of the checkout service, 3 days ago a spike. */
function focusCsv(): string {
  const lines = [
    'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeCategory,ProviderName,ServiceName,ServiceCategory,ResourceId,Tags',
  ];
  for (let i = 59; i >= 0; i--) {
    const time = LAST - i * DAY;
    const amount = (time === SPIKE ? 300 : normal(time)).toFixed(2);
    lines.push(
      [
        monthStart(time),
        nextMonthStart(time),
        `${day(time)}T00:00:00Z`,
        `${day(time + DAY)}T00:00:00Z`,
        amount,
        amount,
        amount,
        'USD',
        'Usage',
        'AWS',
        'Amazon Elastic Compute Cloud',
        'Compute',
        'i-0checkout1',
        '"{""service"": ""checkout-service""}"',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('cost anomalies', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_15');
    backend = await startTestBackend({
      features: [
        costPlugin,
        catalogServiceMock.factory({ entities: CATALOG }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
  });
  afterEach(() => backend.stop());

  const as = mockCredentials.user.header();
  const get = async (url: string) =>
    (
      await request(backend.server)
        .get(`/api/cost${url}`)
        .set('Authorization', as)
        .expect(200)
    ).body;
  const review = (body: object) =>
    request(backend.server)
      .put('/api/cost/anomalies/review')
      .set('Authorization', as)
      .send(body);

  it('finds nothing before any import', async () => {
    expect(await get('/anomalies')).toEqual({
      groupBy: 'owner',
      asOf: null,
      from: null,
      anomalies: [],
    });
  });

  it('finds the spike of an imported export, and hides it once dismissed', async () => {
    await request(backend.server)
      .post('/api/cost/imports?source=aws&fileName=focus.csv')
      .set('Authorization', as)
      .set('Content-Type', 'text/csv')
      .send(focusCsv())
      .expect(201);

    const expected = normal(SPIKE).toFixed(2);
    const spike = {
      key: 'group:default/checkout-squad',
      currency: 'USD',
      date: day(SPIKE),
      actual: { currency: 'USD', amount: '300.00' },
      expected: { currency: 'USD', amount: expected },
      delta: { currency: 'USD', amount: (300 - Number(expected)).toFixed(2) },
      kind: 'spike',
      days: 1,
      review: null,
    };
    const byOwner = await get('/anomalies?groupBy=owner&days=60');
    expect(byOwner).toMatchObject({
      groupBy: 'owner',
      asOf: day(LAST),
      from: day(LAST - 59 * DAY),
    });
    expect(byOwner.anomalies).toEqual([{ ...spike, z: expect.any(Number) }]);
    expect(byOwner.anomalies[0].z).toBeGreaterThan(3.5);
    const byEntity = await get('/anomalies?groupBy=entity');
    expect(byEntity.anomalies).toEqual([
      {
        ...spike,
        key: 'component:default/checkout-service',
        z: expect.any(Number),
      },
    ]);

    const { body: dismissed } = await review({
      key: spike.key,
      currency: 'USD',
      date: spike.date,
      status: 'dismissed',
      note: 'a load test',
    }).expect(200);
    expect(dismissed).toMatchObject({
      status: 'dismissed',
      snoozedUntil: null,
      note: 'a load test',
      reviewedBy: 'user:default/mock',
    });
    expect((await get('/anomalies')).anomalies).toEqual([]);
    const all = await get('/anomalies?all=true');
    expect(all.anomalies).toHaveLength(1);
    expect(all.anomalies[0].review).toMatchObject({ status: 'dismissed' });
    // The Component's view of the same cost is reviewed apart.
    expect((await get('/anomalies?groupBy=entity')).anomalies).toHaveLength(1);

    // Accepting shows it again, with its review.
    await review({
      key: spike.key,
      currency: 'USD',
      date: spike.date,
      status: 'accepted',
    }).expect(200);
    expect((await get('/anomalies')).anomalies[0].review).toMatchObject({
      status: 'accepted',
      note: null,
    });

    // Snoozed until a future day: hidden.
    const nextWeek = day(Date.now() + 7 * DAY);
    await review({
      key: spike.key,
      currency: 'USD',
      date: spike.date,
      status: 'snoozed',
      snoozedUntil: nextWeek,
    }).expect(200);
    expect((await get('/anomalies')).anomalies).toEqual([]);
    expect(
      (await get('/anomalies?all=true')).anomalies[0].review,
    ).toMatchObject({ status: 'snoozed', snoozedUntil: nextWeek });
  });

  it('refuses a review without what it needs, naming the fields', async () => {
    const base = {
      key: 'group:default/checkout-squad',
      currency: 'USD',
      date: '2026-10-01',
    };
    const past = await review({
      ...base,
      status: 'snoozed',
      snoozedUntil: day(Date.now() - DAY),
    }).expect(400);
    expect(past.body.error.message).toMatch(
      /snoozedUntil: must be after today/,
    );
    const missing = await review({ ...base, status: 'snoozed' }).expect(400);
    expect(missing.body.error.message).toMatch(/snoozedUntil: is required/);
    const bad = await review({
      key: '',
      currency: 'dollars',
      date: '01/10/2026',
      status: 'ignored',
    }).expect(400);
    for (const field of ['key', 'currency', 'date', 'status']) {
      expect(bad.body.error.message).toContain(`${field}:`);
    }
    expect(await knex('cost_anomaly_reviews').count()).toEqual([
      { count: '0' },
    ]);
    await request(backend.server)
      .put('/api/cost/anomalies/review')
      .set('Authorization', mockCredentials.none.header())
      .send({ ...base, status: 'dismissed' })
      .expect(401);
    // A user reviews, not another plugin.
    await request(backend.server)
      .put('/api/cost/anomalies/review')
      .set('Authorization', mockCredentials.service.header())
      .send({ ...base, status: 'dismissed' })
      .expect(403);
  });
});
