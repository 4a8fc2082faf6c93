import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { costPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const HEADER =
  'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeCategory,ProviderName,ServiceName,ServiceCategory,ResourceId,Tags';

/** One January 2026 line item with the given tags. */
const line = (amount: string, currency: string, tags: string) =>
  [
    '2026-01-01T00:00:00Z',
    '2026-02-01T00:00:00Z',
    '2026-01-10T00:00:00Z',
    '2026-01-11T00:00:00Z',
    amount,
    amount,
    amount,
    currency,
    'Usage',
    'AWS',
    'Amazon Elastic Compute Cloud',
    'Compute',
    `i-${Math.random().toString(36).slice(2, 10)}`,
    tags,
  ].join(',');

const CSV = `${[
  HEADER,
  line('400.00', 'USD', '"{""env"": ""prod""}"'),
  line('300.00', 'USD', '"{""environment"": ""production""}"'),
  line('250.00', 'USD', '"{""stage"": ""stg""}"'),
  line('50.00', 'USD', '"{""env"": ""dev""}"'),
  line('50.00', 'USD', ''),
  line('120.50', 'EUR', '"{""env"": ""staging""}"'),
].join('\n')}\n`;

describe('GET /non-production', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  const start = async (config: object = {}) => {
    const knex = await databases.init('POSTGRES_15');
    backend = await startTestBackend({
      features: [
        costPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    await request(backend.server)
      .post('/api/cost/imports?source=aws&fileName=focus.csv')
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'text/csv')
      .send(CSV)
      .expect(201);
  };
  afterEach(() => backend?.stop());

  const get = (query: string) =>
    request(backend.server)
      .get(`/api/cost/non-production${query}`)
      .set('Authorization', mockCredentials.user.header());

  it('gives the non-production share and the off-hours saving of imported cost, per currency', async () => {
    await start();
    const { body } = await get('?from=2026-01-01&to=2026-02-01').expect(200);
    expect(body).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
      productionEnvironments: ['production'],
      workingHours: {
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        start: '08:00',
        end: '19:00',
      },
      hoursOnPerWeek: 55,
      currencies: [
        {
          currency: 'EUR',
          total: { currency: 'EUR', amount: '120.50' },
          production: { currency: 'EUR', amount: '0.00' },
          nonProduction: { currency: 'EUR', amount: '120.50' },
          unallocated: { currency: 'EUR', amount: '0.00' },
          nonProductionSharePercent: 100,
          offHoursSaving: { currency: 'EUR', amount: '81.05' },
          offHoursSavingPerMonth: { currency: 'EUR', amount: '79.58' },
        },
        {
          currency: 'USD',
          total: { currency: 'USD', amount: '1050.00' },
          // prod and production, through the aliases
          production: { currency: 'USD', amount: '700.00' },
          // stg → staging, dev → development
          nonProduction: { currency: 'USD', amount: '300.00' },
          // untagged: apart, not non-production
          unallocated: { currency: 'USD', amount: '50.00' },
          nonProductionSharePercent: 28.6,
          // 300 × (1 − 55/168)
          offHoursSaving: { currency: 'USD', amount: '201.79' },
          offHoursSavingPerMonth: { currency: 'USD', amount: '198.12' },
        },
      ],
    });
  });

  it('reads the production environments and working hours from config', async () => {
    await start({
      cost: {
        offHours: {
          productionEnvironments: ['production', 'staging'],
          workingHours: {
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            start: '00:00',
            end: '24:00',
          },
        },
      },
    });
    const { body } = await get('?from=2026-01-01&to=2026-02-01').expect(200);
    expect(body.hoursOnPerWeek).toBe(168);
    const usd = body.currencies.find((c: any) => c.currency === 'USD');
    expect(usd).toMatchObject({
      nonProduction: { currency: 'USD', amount: '50.00' },
      nonProductionSharePercent: 4.8,
      offHoursSaving: { currency: 'USD', amount: '0.00' },
    });
  });

  it('refuses a bad range, naming the field', async () => {
    await start();
    const { body } = await get('?from=2026-02-01&to=2026-01-01').expect(400);
    expect(body.error.message).toMatch(/to: must be after from/);
    const missing = await get('?to=2026-01-01').expect(400);
    expect(missing.body.error.message).toMatch(/from:/);
  });
});
