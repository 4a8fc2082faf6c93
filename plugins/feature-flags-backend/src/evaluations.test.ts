import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { featureFlagsPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString();

const SEED = {
  flags: [
    {
      entityRef: 'component:default/cart-service',
      key: 'one-page-checkout',
      kind: 'release',
      description: 'Shipped in the summer',
      createdAt: daysAgo(100),
      definitions: {
        staging: {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'on',
        },
        production: {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'on',
        },
      },
    },
    {
      entityRef: 'component:default/cart-service',
      key: 'basket-recommendations',
      kind: 'experiment',
      definitions: {
        development: {
          state: 'ENABLED',
          variants: { control: 'control', carousel: 'carousel' },
          defaultVariant: 'control',
        },
        staging: {
          state: 'ENABLED',
          variants: { control: 'control', carousel: 'carousel' },
          defaultVariant: 'carousel',
        },
        production: {
          state: 'ENABLED',
          variants: { control: 'control', carousel: 'carousel' },
          defaultVariant: 'control',
          targeting: {
            fractional: [
              ['control', 50],
              ['carousel', 50],
            ],
          },
        },
      },
    },
    {
      entityRef: 'component:default/search-service',
      key: 'semantic-search',
      kind: 'kill-switch',
      createdAt: daysAgo(300),
    },
  ],
};

describe('evaluation counts, the org listing and stale flags', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let seedFile: string;

  beforeEach(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flags-seed-'));
    seedFile = path.join(dir, 'flags.json');
    await fs.writeFile(seedFile, JSON.stringify(SEED));
    backend = await startTestBackend({
      features: [
        featureFlagsPlugin,
        catalogServiceMock.factory({
          entities: [
            component('cart-service', 'checkout-squad'),
            component('search-service', 'discovery-squad'),
          ],
        }),
        mockServices.database.factory({
          knex: await databases.init('POSTGRES_15'),
        }),
        mockServices.rootConfig.factory({
          data: {
            featureFlags: {
              seedFile,
              evaluations: { flushSeconds: 0.2 },
              staleness: { noEvaluationsDays: 14 },
            },
          },
        }),
      ],
    });
  });
  afterEach(() => backend.stop());

  const as = mockCredentials.user.header();
  const get = async (url: string) =>
    (
      await request(backend.server)
        .get(`/api/feature-flags${url}`)
        .set('Authorization', as)
        .expect(200)
    ).body;

  it('imports the seed, keeping its dates, and lists flags by owner', async () => {
    const all = await get('/flags');
    expect(
      all.flags.map((f: any) => [f.entityRef, f.key, f.owner, f.createdAt]),
    ).toEqual([
      [
        'component:default/cart-service',
        'basket-recommendations',
        'group:default/checkout-squad',
        expect.any(String),
      ],
      [
        'component:default/cart-service',
        'one-page-checkout',
        'group:default/checkout-squad',
        SEED.flags[0].createdAt,
      ],
      [
        'component:default/search-service',
        'semantic-search',
        'group:default/discovery-squad',
        SEED.flags[2].createdAt,
      ],
    ]);
    // Environments the seed leaves out start as an off boolean.
    expect(all.flags[1].environments.development.definition).toEqual({
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
    });
    const discovery = await get('/flags?owner=discovery-squad');
    expect(discovery.flags.map((f: any) => f.key)).toEqual(['semantic-search']);
  });

  it('counts evaluations per variant so an owner sees a rollout take effect', async () => {
    const key = await request(backend.server)
      .post('/api/feature-flags/entities/default/cart-service/api-keys')
      .set('Authorization', as)
      .send({ environment: 'production', name: 'cart pods' })
      .expect(201);
    const served: Record<string, number> = {};
    for (let user = 0; user < 120; user += 1) {
      const { body } = await request(backend.server)
        .post(
          '/api/feature-flags/ofrep/v1/evaluate/flags/basket-recommendations',
        )
        .set('Authorization', `Bearer ${key.body.secret}`)
        .send({ context: { targetingKey: `user-${user}` } })
        .expect(200);
      served[body.variant] = (served[body.variant] ?? 0) + 1;
    }
    // A bulk evaluation counts every flag; missing targeting keys are errors.
    await request(backend.server)
      .post('/api/feature-flags/ofrep/v1/evaluate/flags')
      .set('Authorization', `Bearer ${key.body.secret}`)
      .send({ context: {} })
      .expect(200);
    // Keys nobody defined are not counted.
    await request(backend.server)
      .post('/api/feature-flags/ofrep/v1/evaluate/flags/made-up')
      .set('Authorization', `Bearer ${key.body.secret}`)
      .send({ context: {} })
      .expect(404);

    const series = await get(
      '/entities/default/cart-service/flags/basket-recommendations/evaluations?environment=production&hours=1',
    );
    expect(served.control + served.carousel).toBe(120);
    expect(served.control).toBeGreaterThan(30);
    expect(series).toMatchObject({
      flagKey: 'basket-recommendations',
      environment: 'production',
      intervalMinutes: 1,
      totals: { ...served, '(error)': 1 },
      lastEvaluatedAt: expect.any(String),
    });
    const summed: Record<string, number> = {};
    for (const point of series.points) {
      for (const [variant, count] of Object.entries(point.counts)) {
        summed[variant] = (summed[variant] ?? 0) + (count as number);
      }
    }
    expect(summed).toEqual(series.totals);
    const checkout = await get(
      '/entities/default/cart-service/flags/one-page-checkout/evaluations?environment=production&hours=24',
    );
    expect(checkout).toMatchObject({ intervalMinutes: 15, totals: { on: 1 } });
    await request(backend.server)
      .get(
        '/api/feature-flags/entities/default/cart-service/flags/one-page-checkout/evaluations?environment=prod&hours=9999',
      )
      .set('Authorization', as)
      .expect(400);

    // Evaluated flags are not stale for lack of evaluations.
    const stale = await get('/stale');
    expect(
      stale.flags.map((f: any) => [f.key, f.reasons.map((r: any) => r.code)]),
    ).toEqual([
      ['one-page-checkout', ['fully-rolled-out']],
      ['semantic-search', ['no-evaluations']],
    ]);
  });

  it('reports stale flags per squad with their reasons', async () => {
    const stale = await get('/stale?owner=group:default/checkout-squad');
    expect(stale).toEqual({
      noEvaluationsDays: 14,
      flags: [
        {
          entityRef: 'component:default/cart-service',
          owner: 'group:default/checkout-squad',
          key: 'one-page-checkout',
          kind: 'release',
          createdAt: SEED.flags[0].createdAt,
          reasons: [
            { code: 'no-evaluations', days: 14 },
            {
              code: 'fully-rolled-out',
              environment: 'production',
              servedVariant: 'on',
              since: SEED.flags[0].createdAt,
              lifetimeDays: 40,
            },
          ],
        },
      ],
    });
  });
});

describe('the demo’s flags', () => {
  it('import with app-config.yaml’s segments, and the demo services’ keys evaluate them', async () => {
    const root = path.resolve(__dirname, '../../..');
    const appConfig = parseYaml(
      await fs.readFile(path.join(root, 'app-config.yaml'), 'utf8'),
    );
    const seedFile = path.join(
      root,
      'packages/fake-cloud/fixtures/lumen-retail-feature-flags.json',
    );
    const seed = JSON.parse(await fs.readFile(seedFile, 'utf8'));
    const backend = await startTestBackend({
      features: [
        featureFlagsPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.database.factory({
          knex: await databases.init('POSTGRES_15'),
        }),
        mockServices.rootConfig.factory({
          data: { featureFlags: { ...appConfig.featureFlags, seedFile } },
        }),
      ],
    });
    const storefront = seed.apiKeys.find((k: any) =>
      k.entityRef.endsWith('/storefront-web'),
    );
    const served = new Map<string, number>();
    for (let shopper = 0; shopper < 400; shopper += 1) {
      const { body } = await request(backend.server)
        .post('/api/feature-flags/ofrep/v1/evaluate/flags/new-search-ui')
        .set('Authorization', `Bearer ${storefront.secret}`)
        .send({ context: { targetingKey: `shopper-${shopper}` } })
        .expect(200);
      served.set(body.variant, (served.get(body.variant) ?? 0) + 1);
    }
    // Beta customers and a quarter of everyone else see the new search.
    expect(served.get('on')! / 400).toBeGreaterThan(0.18);
    expect(served.get('on')! / 400).toBeLessThan(0.35);
    const { body } = await request(backend.server)
      .get('/api/feature-flags/flags')
      .set('Authorization', mockCredentials.user.header())
      .expect(200);
    expect(body.flags).toHaveLength(seed.flags.length);
    await backend.stop();
  });
});
