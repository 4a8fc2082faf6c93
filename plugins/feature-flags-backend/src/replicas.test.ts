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
import { featureFlagsPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const cartService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-squad' },
};

const definition = (defaultVariant: 'on' | 'off') => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant,
});

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

/** Two backend replicas on one database, as in production. */
describe('feature flags across replicas', () => {
  let knex: Knex;
  let writer: Backend;
  let reader: Backend;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_15');
    const replica = () =>
      startTestBackend({
        features: [
          featureFlagsPlugin,
          catalogServiceMock.factory({ entities: [cartService] }),
          mockServices.database.factory({ knex }),
        ],
      });
    writer = await replica();
    reader = await replica();
  });
  afterEach(async () => {
    await writer.stop();
    await reader.stop();
  });

  const base = '/api/feature-flags/entities/default/cart-service';
  const as = mockCredentials.user.header();
  let version = 1;

  async function setup() {
    version = 1;
    await request(writer.server)
      .post(`${base}/flags`)
      .set('Authorization', as)
      .send({ key: 'free-shipping', kind: 'release' })
      .expect(201);
    const key = await request(writer.server)
      .post(`${base}/api-keys`)
      .set('Authorization', as)
      .send({ environment: 'production', name: 'cart pods' })
      .expect(201);
    return { secret: key.body.secret as string, id: key.body.id as string };
  }

  const evaluateOn = (backend: Backend, secret: string) =>
    request(backend.server)
      .post('/api/feature-flags/ofrep/v1/evaluate/flags/free-shipping')
      .set('Authorization', `Bearer ${secret}`)
      .send({ context: { targetingKey: 'u1' } });

  const turn = async (variant: 'on' | 'off') => {
    await request(writer.server)
      .put(`${base}/flags/free-shipping/environments/production`)
      .set('Authorization', as)
      .send({ definition: definition(variant), version, reason: 'test' })
      .expect(200);
    version += 1;
  };

  /** Milliseconds until the reader serves `value`, polling every 5 ms. */
  async function millisUntil(secret: string, value: boolean) {
    const start = Date.now();
    for (;;) {
      const { body } = await evaluateOn(reader, secret);
      if (body.value === value) return Date.now() - start;
      if (Date.now() - start > 5_000) {
        throw new Error(`still ${JSON.stringify(body)} after 5 s`);
      }
      await new Promise(resolve => setTimeout(resolve, 5));
    }
  }

  it('shows a change made on one replica in the other’s evaluations within a second', async () => {
    const { secret } = await setup();
    // The reader has the flag set in memory now.
    expect((await evaluateOn(reader, secret).expect(200)).body.value).toBe(
      false,
    );
    for (const value of [true, false, true]) {
      await turn(value ? 'on' : 'off');
      expect(await millisUntil(secret, value)).toBeLessThan(1_000);
    }
  });

  it('refuses a key revoked on another replica within a second', async () => {
    const { secret, id } = await setup();
    await evaluateOn(reader, secret).expect(200);
    await request(writer.server)
      .delete(`${base}/api-keys/${id}`)
      .set('Authorization', as)
      .expect(200);
    const start = Date.now();
    while ((await evaluateOn(reader, secret)).status !== 401) {
      expect(Date.now() - start).toBeLessThan(1_000);
      await new Promise(resolve => setTimeout(resolve, 5));
    }
  });

  it('recovers a change missed while its change listener was cut off, and propagates again after reconnecting', async () => {
    const { secret } = await setup();
    await evaluateOn(reader, secret).expect(200);
    // Cut every LISTEN connection (both replicas'), as a database failover would.
    const listeners = async () =>
      (
        await knex.raw(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN paved_feature_flags%'`,
        )
      ).rows as Array<{ pid: number }>;
    expect((await listeners()).length).toBe(2);
    for (const { pid } of await listeners()) {
      await knex.raw('SELECT pg_terminate_backend(?)', [pid]);
    }
    // A change made while nobody listens is still seen: read from the
    // database while a replica knows its listener is down, and the cache
    // starts afresh when it reconnects.
    await turn('on');
    expect(await millisUntil(secret, true)).toBeLessThan(2_000);

    // The listeners come back, and notifications flow again.
    const start = Date.now();
    while ((await listeners()).length < 2) {
      expect(Date.now() - start).toBeLessThan(10_000);
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    await evaluateOn(reader, secret).expect(200);
    await turn('off');
    expect(await millisUntil(secret, false)).toBeLessThan(1_000);
  });
});
