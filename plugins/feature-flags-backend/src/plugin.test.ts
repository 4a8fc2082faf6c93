import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { FlagdCore } from '@openfeature/flagd-core';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OpenFeature } from '@openfeature/server-sdk';
import { AddressInfo } from 'net';
import request from 'supertest';
import { featureFlagsPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/checkout-squad',
    },
  };
}

const EVALUATORS = {
  'internal-staff': {
    ends_with: [{ var: 'email' }, '@lumen-retail.example'],
  },
};

const NEW_CHECKOUT = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  targeting: {
    if: [
      { ends_with: [{ var: 'email' }, '@lumen-retail.example'] },
      'on',
      'off',
    ],
  },
};

const ROLLOUT = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  targeting: {
    if: [
      { $ref: 'internal-staff' },
      'on',
      {
        fractional: [
          ['on', 30],
          ['off', 70],
        ],
      },
    ],
  },
};

type Server = Parameters<typeof request>[0];

describe('feature flags backend', () => {
  let server: Server;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeEach(async () => {
    const knex = await databases.init('POSTGRES_15');
    backend = await startTestBackend({
      features: [
        featureFlagsPlugin,
        catalogServiceMock.factory({
          entities: [component('cart-service'), component('shipping-service')],
        }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { featureFlags: { evaluators: EVALUATORS } },
        }),
      ],
    });
    server = backend.server;
  });

  const api = (path: string) => `/api/feature-flags${path}`;
  const asUser = (req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header());

  const createFlag = async (key: string, body: object = {}, status = 201) =>
    (
      await asUser(
        request(server)
          .post(api('/entities/default/cart-service/flags'))
          .send({ key, kind: 'release', ...body }),
      ).expect(status)
    ).body;

  const put = (
    key: string,
    environment: string,
    body: { definition: unknown; version: number; reason?: string },
  ) =>
    asUser(
      request(server)
        .put(
          api(
            `/entities/default/cart-service/flags/${key}/environments/${environment}`,
          ),
        )
        .send({ reason: 'test', ...body }),
    );

  const createKey = async (
    environment = 'production',
    entity = 'cart-service',
  ) =>
    (
      await asUser(
        request(server)
          .post(api(`/entities/default/${entity}/api-keys`))
          .send({ environment, name: 'checkout pods' }),
      ).expect(201)
    ).body;

  const evaluate = (secret: string, key: string, context: unknown) =>
    request(server)
      .post(api(`/ofrep/v1/evaluate/flags/${key}`))
      .set('Authorization', `Bearer ${secret}`)
      .send({ context });

  it('creates a flag for a Component with a definition per environment', async () => {
    const flag = await createFlag('new-checkout', {
      kind: 'release',
      description: 'The one-page checkout',
    });
    expect(flag).toMatchObject({
      entityRef: 'component:default/cart-service',
      key: 'new-checkout',
      kind: 'release',
      description: 'The one-page checkout',
      createdBy: 'user:default/mock',
      expectedLifetimeDays: 40,
    });
    expect(Object.keys(flag.environments)).toEqual(
      expect.arrayContaining(['development', 'staging', 'production']),
    );
    expect(flag.environments.production).toMatchObject({
      version: 1,
      definition: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
      },
    });

    const list = (
      await asUser(
        request(server).get(api('/entities/default/cart-service/flags')),
      ).expect(200)
    ).body;
    expect(list.environments).toEqual(['development', 'staging', 'production']);
    expect(list.flags.map((f: any) => f.key)).toEqual(['new-checkout']);

    await createFlag('new-checkout', {}, 409);
    await asUser(
      request(server)
        .post(api('/entities/default/no-such-service/flags'))
        .send({ key: 'x', kind: 'release' }),
    ).expect(404);
    const bad = await createFlag('Bad Key', { kind: 'forever' }, 400);
    expect(bad.error.message).toContain('key: must be 1 to 100 lower-case');
    expect(bad.error.message).toContain('kind:');
  });

  it('refuses invalid definitions with 400 naming the JSON path', async () => {
    await createFlag('new-checkout');
    const mixed = await put('new-checkout', 'production', {
      definition: {
        state: 'ENABLED',
        variants: { on: true, off: false, blue: 'blue' },
        defaultVariant: 'x',
      },
      version: 1,
    }).expect(400);
    expect(mixed.body.error.message).toBe(
      'Invalid definition: definition.variants.blue: must be a boolean like the other variants; definition.defaultVariant: "x" is not one of the variants (on, off, blue)',
    );

    const weights = await put('new-checkout', 'production', {
      definition: {
        ...NEW_CHECKOUT,
        targeting: {
          fractional: [
            ['on', '50%'],
            ['off', 50],
          ],
        },
      },
      version: 1,
    }).expect(400);
    expect(weights.body.error.message).toContain(
      'definition.targeting.fractional[0][1]: weight must be a non-negative integer, not "50%"',
    );

    const ref = await put('new-checkout', 'production', {
      definition: {
        ...NEW_CHECKOUT,
        targeting: { if: [{ $ref: 'beta-customers' }, 'on', 'off'] },
      },
      version: 1,
    }).expect(400);
    expect(ref.body.error.message).toContain(
      'definition.targeting.if[0].$ref: "beta-customers" is not a shared evaluator (internal-staff)',
    );

    const unknownOperator = await put('new-checkout', 'production', {
      definition: { ...NEW_CHECKOUT, targeting: { nope: [1] } },
      version: 1,
    }).expect(400);
    expect(unknownOperator.body.error.message).toContain(
      'definition.targeting: flagd cannot parse this JSON Logic',
    );

    // One value type in every environment: code asks for a boolean.
    const otherType = await put('new-checkout', 'staging', {
      definition: {
        state: 'ENABLED',
        variants: { blue: 'blue', green: 'green' },
        defaultVariant: 'blue',
      },
      version: 1,
    }).expect(400);
    expect(otherType.body.error.message).toBe(
      'Invalid definition: definition.variants: the variants are strings, but flag "new-checkout" serves booleans in development; a flag has one value type in every environment',
    );

    const noReason = await put('new-checkout', 'production', {
      definition: NEW_CHECKOUT,
      version: 1,
      reason: ' ',
    }).expect(400);
    expect(noReason.body.error.message).toBe(
      'Invalid change: reason: must say why',
    );
    await put('new-checkout', 'qa', {
      definition: NEW_CHECKOUT,
      version: 1,
    }).expect(404);
    await put('missing-flag', 'production', {
      definition: NEW_CHECKOUT,
      version: 1,
    }).expect(404);
  });

  it('saves with optimistic concurrency and audits every change', async () => {
    await createFlag('new-checkout');
    const saved = await put('new-checkout', 'production', {
      definition: NEW_CHECKOUT,
      version: 1,
      reason: 'Internal staff first',
    }).expect(200);
    expect(saved.body).toMatchObject({
      version: 2,
      updatedBy: 'user:default/mock',
      definition: NEW_CHECKOUT,
    });

    // A second editor still on version 1 must not overwrite the first.
    const stale = await put('new-checkout', 'production', {
      definition: { ...NEW_CHECKOUT, state: 'DISABLED' },
      version: 1,
      reason: 'Kill it',
    }).expect(409);
    expect(stale.body.error.message).toContain(
      'it is at version 2, the change was made on version 1',
    );
    const list = (
      await asUser(
        request(server).get(api('/entities/default/cart-service/flags')),
      ).expect(200)
    ).body;
    expect(list.flags[0].environments.production).toMatchObject({
      version: 2,
      definition: NEW_CHECKOUT,
    });

    const audit = (
      await asUser(
        request(server).get(
          api('/entities/default/cart-service/flags/new-checkout/audit'),
        ),
      ).expect(200)
    ).body.entries;
    expect(audit).toHaveLength(4);
    expect(audit[0]).toMatchObject({
      flagKey: 'new-checkout',
      environment: 'production',
      actor: 'user:default/mock',
      reason: 'Internal staff first',
      before: { state: 'ENABLED', defaultVariant: 'off' },
      after: NEW_CHECKOUT,
    });
    expect(audit[0].before.targeting).toBeUndefined();
    expect(audit.slice(1).map((e: any) => [e.reason, e.before])).toEqual([
      ['created', null],
      ['created', null],
      ['created', null],
    ]);
    await asUser(
      request(server).get(
        api('/entities/default/cart-service/flags/nope/audit'),
      ),
    ).expect(404);
  });

  it('lets exactly one of two simultaneous saves on the same version win', async () => {
    await createFlag('new-checkout');
    const results = await Promise.all(
      ['ENABLED', 'DISABLED'].map(state =>
        put('new-checkout', 'staging', {
          definition: { ...NEW_CHECKOUT, state },
          version: 1,
          reason: state,
        }),
      ),
    );
    expect(results.map(r => r.status).sort()).toEqual([200, 409]);
    const winner = results.find(r => r.status === 200)!.body;
    const audit = (
      await asUser(
        request(server).get(
          api('/entities/default/cart-service/flags/new-checkout/audit'),
        ),
      ).expect(200)
    ).body.entries;
    expect(audit.filter((e: any) => e.reason !== 'created')).toEqual([
      expect.objectContaining({
        environment: 'staging',
        reason: winner.definition.state,
        after: winner.definition,
      }),
    ]);
  });

  it('shows an API key once, then only its prefix, and refuses revoked keys', async () => {
    await createFlag('new-checkout');
    const created = await createKey();
    expect(created.secret).toMatch(/^pvff_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      entityRef: 'component:default/cart-service',
      environment: 'production',
      name: 'checkout pods',
      prefix: created.secret.slice(0, 12),
    });

    const listed = (
      await asUser(
        request(server).get(api('/entities/default/cart-service/api-keys')),
      ).expect(200)
    ).body.apiKeys;
    expect(listed).toEqual([
      {
        id: created.id,
        entityRef: 'component:default/cart-service',
        environment: 'production',
        name: 'checkout pods',
        prefix: created.prefix,
        createdAt: created.createdAt,
        createdBy: 'user:default/mock',
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(12));

    await evaluate(created.secret, 'new-checkout', {
      targetingKey: 'u1',
    }).expect(200);
    // X-API-Key, OFREP's other scheme, works too.
    await request(server)
      .post(api('/ofrep/v1/evaluate/flags/new-checkout'))
      .set('X-API-Key', created.secret)
      .send({ context: {} })
      .expect(200);

    const revoked = (
      await asUser(
        request(server).delete(
          api(`/entities/default/cart-service/api-keys/${created.id}`),
        ),
      ).expect(200)
    ).body;
    expect(revoked.revokedAt).toBeDefined();
    await evaluate(created.secret, 'new-checkout', {}).expect(401);
    await evaluate('pvff_unknown', 'new-checkout', {}).expect(401);
    await request(server)
      .post(api('/ofrep/v1/evaluate/flags/new-checkout'))
      .send({ context: {} })
      .expect(401);
    await asUser(
      request(server).post(api('/entities/default/cart-service/api-keys')),
    )
      .send({ environment: 'qa', name: 'x' })
      .expect(404);
  });

  it('evaluates one flag over OFREP with flagd targeting, errors as the protocol says', async () => {
    await createFlag('new-checkout');
    await put('new-checkout', 'production', {
      definition: NEW_CHECKOUT,
      version: 1,
    }).expect(200);
    await createFlag('dark-mode', {
      definition: {
        state: 'DISABLED',
        variants: { dark: 'dark', light: 'light' },
        defaultVariant: 'light',
        metadata: { team: 'checkout' },
      },
    });
    const { secret } = await createKey();

    const staff = await evaluate(secret, 'new-checkout', {
      targetingKey: 'u1',
      email: 'ana@lumen-retail.example',
    }).expect(200);
    expect(staff.body).toEqual({
      key: 'new-checkout',
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });
    const customer = await evaluate(secret, 'new-checkout', {
      targetingKey: 'u2',
      email: 'bob@example.com',
    }).expect(200);
    expect(customer.body).toEqual({
      key: 'new-checkout',
      value: false,
      variant: 'off',
      reason: 'TARGETING_MATCH',
    });
    // In development the flag is still the static default.
    const dev = await createKey('development');
    expect(
      (await evaluate(dev.secret, 'new-checkout', { targetingKey: 'u1' })).body,
    ).toEqual({
      key: 'new-checkout',
      value: false,
      variant: 'off',
      reason: 'STATIC',
    });

    // A disabled flag defers to the code default (OFREP's codeDefaultFlag).
    expect((await evaluate(secret, 'dark-mode', {}).expect(200)).body).toEqual({
      key: 'dark-mode',
      reason: 'DISABLED',
      metadata: { team: 'checkout' },
    });

    expect((await evaluate(secret, 'nope', {}).expect(404)).body).toEqual({
      key: 'nope',
      errorCode: 'FLAG_NOT_FOUND',
      errorDetails: "Flag 'nope' was not found",
    });
    // Bad contexts are 400s, never 500s.
    expect(
      (await evaluate(secret, 'new-checkout', 'not an object').expect(400))
        .body,
    ).toMatchObject({ key: 'new-checkout', errorCode: 'INVALID_CONTEXT' });
    expect(
      (await evaluate(secret, 'new-checkout', { targetingKey: 42 }).expect(400))
        .body,
    ).toMatchObject({ errorCode: 'INVALID_CONTEXT' });
    const notJson = await request(server)
      .post(api('/ofrep/v1/evaluate/flags/new-checkout'))
      .set('Authorization', `Bearer ${secret}`)
      .set('Content-Type', 'application/json')
      .send('{"context": ')
      .expect(400);
    expect(notJson.body).toMatchObject({ errorCode: 'INVALID_CONTEXT' });
    // Odd values in the context are just data to JSON Logic.
    await evaluate(secret, 'new-checkout', {
      targetingKey: 'u3',
      email: { nested: [1, null] },
      __proto__: { polluted: true },
    }).expect(200);
  });

  it('buckets a fractional rollout exactly as flagd-core does in-process', async () => {
    await createFlag('rollout');
    await put('rollout', 'production', {
      definition: ROLLOUT,
      version: 1,
    }).expect(200);
    const { secret } = await createKey();

    const flagd = new FlagdCore();
    flagd.setConfigurations(
      JSON.stringify({ flags: { rollout: ROLLOUT }, $evaluators: EVALUATORS }),
    );
    const variants: Record<string, number> = {};
    for (let i = 0; i < 60; i++) {
      const context = { targetingKey: `user-${i}`, email: `u${i}@example.com` };
      const expected = flagd.resolveBooleanEvaluation(
        'rollout',
        false,
        context,
      );
      const { body } = await evaluate(secret, 'rollout', context).expect(200);
      expect(body).toEqual({
        key: 'rollout',
        value: expected.value,
        variant: expected.variant,
        reason: 'TARGETING_MATCH',
      });
      variants[body.variant] = (variants[body.variant] ?? 0) + 1;
    }
    expect(variants.on).toBeGreaterThan(5);
    expect(variants.off).toBeGreaterThan(variants.on);

    // The shared evaluator lets staff in regardless of their bucket.
    expect(
      (
        await evaluate(secret, 'rollout', {
          email: 'ana@lumen-retail.example',
        }).expect(200)
      ).body,
    ).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    // Everyone else needs a targeting key to be bucketed.
    expect(
      (
        await evaluate(secret, 'rollout', { email: 'x@example.com' }).expect(
          400,
        )
      ).body,
    ).toMatchObject({ key: 'rollout', errorCode: 'TARGETING_KEY_MISSING' });
  });

  it('evaluates every flag in bulk with an ETag and answers 304 to If-None-Match', async () => {
    await createFlag('new-checkout');
    await put('new-checkout', 'production', {
      definition: NEW_CHECKOUT,
      version: 1,
    }).expect(200);
    await createFlag('rollout');
    await put('rollout', 'production', {
      definition: ROLLOUT,
      version: 1,
    }).expect(200);
    const { secret } = await createKey();
    const bulk = (context: unknown, etag?: string) => {
      const req = request(server)
        .post(api('/ofrep/v1/evaluate/flags'))
        .set('Authorization', `Bearer ${secret}`);
      if (etag) req.set('If-None-Match', etag);
      return req.send({ context });
    };
    const context = {
      targetingKey: 'user-1',
      email: 'ana@lumen-retail.example',
    };

    const first = await bulk(context).expect(200);
    expect(first.body).toEqual({
      flags: [
        {
          key: 'new-checkout',
          value: true,
          variant: 'on',
          reason: 'TARGETING_MATCH',
        },
        {
          key: 'rollout',
          value: true,
          variant: 'on',
          reason: 'TARGETING_MATCH',
        },
      ],
    });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const again = await bulk(context, etag).expect(304);
    expect(again.text).toBe('');
    // Another context is another result.
    await bulk({ targetingKey: 'user-2' }, etag).expect(200);
    // Without a targeting key, the split flag fails alone.
    expect(
      (await bulk({ email: 'x@example.com' }).expect(200)).body.flags,
    ).toEqual([
      {
        key: 'new-checkout',
        value: false,
        variant: 'off',
        reason: 'TARGETING_MATCH',
      },
      expect.objectContaining({
        key: 'rollout',
        errorCode: 'TARGETING_KEY_MISSING',
      }),
    ]);
    expect((await bulk([1]).expect(400)).body).toMatchObject({
      errorCode: 'INVALID_CONTEXT',
    });

    // A change changes the ETag at once.
    await put('new-checkout', 'production', {
      definition: { ...NEW_CHECKOUT, state: 'DISABLED' },
      version: 2,
    }).expect(200);
    const changed = await bulk(context, etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.flags[0]).toEqual({
      key: 'new-checkout',
      reason: 'DISABLED',
    });
  });

  it('serves the flag set as flagd JSON to its own key only', async () => {
    await createFlag('new-checkout');
    await put('new-checkout', 'production', {
      definition: NEW_CHECKOUT,
      version: 1,
    }).expect(200);
    const { secret } = await createKey();
    const flagd = await request(server)
      .get(api('/flagd/default/cart-service/production'))
      .set('Authorization', `Bearer ${secret}`)
      .expect(200);
    expect(flagd.body).toEqual({
      $schema: 'https://flagd.dev/schema/v0/flags.json',
      flags: { 'new-checkout': NEW_CHECKOUT },
      $evaluators: EVALUATORS,
    });
    // flagd-core accepts it as it is.
    const core = new FlagdCore();
    expect(core.setConfigurations(JSON.stringify(flagd.body))).toEqual([
      'new-checkout',
    ]);
    await request(server)
      .get(api('/flagd/default/cart-service/production'))
      .set('Authorization', `Bearer ${secret}`)
      .set('If-None-Match', flagd.headers.etag)
      .expect(304);
    await request(server)
      .get(api('/flagd/default/cart-service/staging'))
      .set('Authorization', `Bearer ${secret}`)
      .expect(403);
    await request(server)
      .get(api('/flagd/default/shipping-service/production'))
      .set('Authorization', `Bearer ${secret}`)
      .expect(403);
    await request(server)
      .get(api('/flagd/default/cart-service/production'))
      .expect(401);
  });

  it('works with the OpenFeature server SDK and the OFREP provider, unchanged', async () => {
    await createFlag('new-checkout');
    await put('new-checkout', 'production', {
      definition: NEW_CHECKOUT,
      version: 1,
    }).expect(200);
    await createFlag('rollout');
    await put('rollout', 'production', {
      definition: ROLLOUT,
      version: 1,
    }).expect(200);
    const { secret } = await createKey();
    const { port } = backend.server.address() as AddressInfo;

    await OpenFeature.setProviderAndWait(
      'paved',
      new OFREPProvider({
        baseUrl: `http://localhost:${port}/api/feature-flags`,
        headers: [['Authorization', `Bearer ${secret}`]],
      }),
    );
    const client = OpenFeature.getClient('paved');

    expect(
      await client.getBooleanDetails('new-checkout', false, {
        targetingKey: 'u1',
        email: 'ana@lumen-retail.example',
      }),
    ).toMatchObject({
      flagKey: 'new-checkout',
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });

    const flagd = new FlagdCore();
    flagd.setConfigurations(
      JSON.stringify({ flags: { rollout: ROLLOUT }, $evaluators: EVALUATORS }),
    );
    for (const targetingKey of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const details = await client.getBooleanDetails('rollout', false, {
        targetingKey,
      });
      expect(details.value).toBe(
        flagd.resolveBooleanEvaluation('rollout', false, { targetingKey })
          .value,
      );
    }

    expect(
      await client.getStringDetails('new-checkout', 'fallback', {
        targetingKey: 'u1',
      }),
    ).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(
      await client.getBooleanDetails('nope', true, { targetingKey: 'u1' }),
    ).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(await client.getBooleanDetails('rollout', true, {})).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'TARGETING_KEY_MISSING',
    });
    await OpenFeature.clearProviders();
  });
});
