import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { guestToken } from '../guest';
import { openSdkPage } from '../openFeatureWebSdk';

// A browser application evaluates a Component's flags with the official
// OpenFeature web SDK and OFREP web provider, with a staging API key: what
// the SDK serves must be what the server evaluates, targeting by email
// included, and a change or a revoked key must reach it. The guest owns
// discovery-squad's Components, so it may create flags and keys on them.

const RUN = Date.now().toString(36);
const CHECKOUT = `e2e-sdk-checkout-${RUN}`;
const THEME = `e2e-sdk-theme-${RUN}`;
const ROLLOUT = `e2e-sdk-rollout-${RUN}`;
const UNKNOWN = `e2e-sdk-unknown-${RUN}`;
const STAFF = '@lumen-retail.example';
const ENVIRONMENT = 'staging';

type Context = { targetingKey: string; email: string; [key: string]: string };
type Resolution = {
  value: unknown;
  variant?: string;
  reason?: string;
  errorCode?: string;
};

const staff: Context = { targetingKey: 'staff-ada', email: `ada${STAFF}` };
const customers: Context[] = Array.from({ length: 16 }, (_, i) => ({
  targetingKey: `customer-${i}`,
  email: `customer-${i}@example.com`,
}));

const isStaff = { ends_with: [{ var: 'email' }, STAFF] };

/** On for staff, off for everyone else. */
const checkoutDefinition = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  targeting: { if: [isStaff, 'on', 'off'] },
};

/** Staff see the bold theme; customers are split 50/50 by targeting key. */
const themeDefinition = {
  state: 'ENABLED',
  variants: { classic: 'classic', calm: 'calm', bold: 'bold' },
  defaultVariant: 'classic',
  targeting: {
    if: [
      isStaff,
      'bold',
      {
        fractional: [
          ['classic', 50],
          ['calm', 50],
        ],
      },
    ],
  },
};

const offForEveryone = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
};

let token: string;
let component: { namespace: string; name: string };
let stagingKey: string;

const auth = () => ({ Authorization: `Bearer ${token}` });
const entityPath = () =>
  `/api/feature-flags/entities/${component.namespace}/${component.name}`;

async function createFlag(
  request: APIRequestContext,
  key: string,
  kind: string,
  definition: unknown,
) {
  const response = await request.post(`${entityPath()}/flags`, {
    headers: auth(),
    data: { key, kind, description: 'OpenFeature web SDK e2e', definition },
  });
  expect(response.status(), await response.text()).toBe(201);
}

async function createApiKey(
  request: APIRequestContext,
  name: string,
): Promise<{ id: string; secret: string }> {
  const response = await request.post(`${entityPath()}/api-keys`, {
    headers: auth(),
    data: { environment: ENVIRONMENT, name },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** The server's own answer over OFREP, without the SDK. */
async function evaluateOverOfrep(
  request: APIRequestContext,
  apiKey: string,
  key: string,
  context: Context,
): Promise<Resolution & { status: number }> {
  const response = await request.post(
    `/api/feature-flags/ofrep/v1/evaluate/flags/${key}`,
    { headers: { Authorization: `Bearer ${apiKey}` }, data: { context } },
  );
  const body = await response.json();
  return {
    status: response.status(),
    value: body.value,
    variant: body.variant,
    reason: body.reason,
    errorCode: body.errorCode,
  };
}

/** Sets the context, then the OFREP web provider, and waits until it is ready. */
async function startProvider(
  page: Page,
  baseURL: string,
  apiKey: string,
  context: Context,
): Promise<void> {
  await page.evaluate(
    async ({ baseUrl, apiKey: key, context: ctx }) => {
      const { OpenFeature } = window.openFeature;
      await OpenFeature.setContext(ctx);
      await OpenFeature.setProviderAndWait(
        new window.ofrepWeb.OFREPWebProvider({
          baseUrl,
          headers: [['Authorization', `Bearer ${key}`]],
          // Compared with the server, so no persisted values: the default
          // cache answers a known targeting key from localStorage first.
          cacheMode: 'disabled',
        }),
      );
    },
    { baseUrl: `${baseURL}/api/feature-flags`, apiKey, context },
  );
}

/**
 * What the SDK's client resolves, after changing the context (which makes
 * the provider fetch every flag again) when one is given.
 */
async function resolveInBrowser(
  page: Page,
  flags: { boolean?: string[]; string?: string[] },
  context?: Context,
): Promise<Record<string, Resolution>> {
  return page.evaluate(
    async ({ booleans, strings, ctx }) => {
      const { OpenFeature } = window.openFeature;
      if (ctx) await OpenFeature.setContext(ctx);
      const client = OpenFeature.getClient();
      const pick = (details: Resolution) => ({
        value: details.value,
        variant: details.variant,
        reason: details.reason,
        errorCode: details.errorCode,
      });
      return Object.fromEntries([
        ...booleans.map(key => [
          key,
          pick(client.getBooleanDetails(key, true)),
        ]),
        ...strings.map(key => [
          key,
          pick(client.getStringDetails(key, 'code-default')),
        ]),
      ]);
    },
    {
      booleans: flags.boolean ?? [],
      strings: flags.string ?? [],
      ctx: context,
    },
  );
}

const withoutStatus = (
  evaluation: Resolution & { status: number },
): Resolution => {
  const { status, ...resolution } = evaluation;
  return resolution;
};

test.beforeAll(async ({ request }, testInfo) => {
  testInfo.setTimeout(90_000);
  token = await guestToken(request);

  // The catalog may still be reading the demo organisation.
  let owned: Array<{ metadata: { namespace?: string; name: string } }> = [];
  await expect
    .poll(
      async () => {
        const response = await request.get(
          '/api/catalog/entities/by-query?filter=kind=component,spec.owner=group:default/discovery-squad',
          { headers: auth() },
        );
        expect(response.status()).toBe(200);
        owned = (await response.json()).items;
        return owned.length;
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  const first = owned
    .map(e => e.metadata)
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  component = { namespace: first.namespace ?? 'default', name: first.name };

  await createFlag(request, CHECKOUT, 'release', checkoutDefinition);
  await createFlag(request, THEME, 'experiment', themeDefinition);
  await createFlag(request, ROLLOUT, 'release', offForEveryone);
  stagingKey = (await createApiKey(request, `e2e web SDK ${RUN}`)).secret;
});

test('the web SDK serves what the server evaluates, targeting by email included', async ({
  page,
  request,
  baseURL,
}) => {
  await openSdkPage(page, baseURL!);
  await startProvider(page, baseURL!, stagingKey, staff);

  const seen = new Set<unknown>();
  for (const context of [staff, ...customers]) {
    const inBrowser = await resolveInBrowser(
      page,
      { boolean: [CHECKOUT], string: [THEME] },
      context,
    );
    for (const key of [CHECKOUT, THEME]) {
      const server = await evaluateOverOfrep(request, stagingKey, key, context);
      expect(server.status, `${key} for ${context.email}`).toBe(200);
      expect(inBrowser[key], `${key} for ${context.email}`).toEqual(
        withoutStatus(server),
      );
    }
    if (context === staff) {
      expect(inBrowser[CHECKOUT]).toMatchObject({
        value: true,
        variant: 'on',
        reason: 'TARGETING_MATCH',
      });
      expect(inBrowser[THEME]).toMatchObject({
        value: 'bold',
        variant: 'bold',
      });
    } else {
      expect(inBrowser[CHECKOUT]).toMatchObject({
        value: false,
        variant: 'off',
      });
      expect(['classic', 'calm']).toContain(inBrowser[THEME].value);
      seen.add(inBrowser[THEME].value);
    }
  }
  // 16 customers split 50/50: both halves are served (all in one: 2 in 65,536).
  expect([...seen].sort()).toEqual(['calm', 'classic']);

  // A flag the Component does not have: the code's default, FLAG_NOT_FOUND.
  const unknown = await resolveInBrowser(page, {
    boolean: [UNKNOWN],
    string: [],
  });
  expect(unknown[UNKNOWN]).toEqual({
    value: true,
    reason: 'ERROR',
    errorCode: 'FLAG_NOT_FOUND',
  });
  expect(
    await evaluateOverOfrep(request, stagingKey, UNKNOWN, staff),
  ).toMatchObject({ status: 404, errorCode: 'FLAG_NOT_FOUND' });
});

test('a change in staging reaches the web SDK at the next context change', async ({
  page,
  request,
  baseURL,
}) => {
  const customer = customers[0];
  await openSdkPage(page, baseURL!);
  await startProvider(page, baseURL!, stagingKey, customer);
  expect(
    (await resolveInBrowser(page, { boolean: [ROLLOUT] }))[ROLLOUT],
  ).toMatchObject({ value: false, variant: 'off' });

  const flags = await request.get(`${entityPath()}/flags`, { headers: auth() });
  expect(flags.status()).toBe(200);
  const flag = (
    (await flags.json()).flags as Array<{
      key: string;
      environments: Record<string, { version: number }>;
    }>
  ).find(f => f.key === ROLLOUT)!;
  const change = await request.put(
    `${entityPath()}/flags/${ROLLOUT}/environments/${ENVIRONMENT}`,
    {
      headers: auth(),
      data: {
        definition: { ...offForEveryone, defaultVariant: 'on' },
        version: flag.environments[ENVIRONMENT].version,
        reason: 'e2e: roll out to everyone in staging',
      },
    },
  );
  expect(change.status(), await change.text()).toBe(200);

  // No polling by default: the page keeps what it fetched …
  expect(
    (await resolveInBrowser(page, { boolean: [ROLLOUT] }))[ROLLOUT],
  ).toMatchObject({ value: false, variant: 'off' });
  // … until the context changes, which fetches every flag again.
  const signedUp = { ...customer, plan: 'pro' };
  const after = await resolveInBrowser(page, { boolean: [ROLLOUT] }, signedUp);
  expect(after[ROLLOUT]).toMatchObject({
    value: true,
    variant: 'on',
    reason: 'STATIC',
  });
  expect(after[ROLLOUT]).toEqual(
    withoutStatus(
      await evaluateOverOfrep(request, stagingKey, ROLLOUT, signedUp),
    ),
  );
});

test('a revoked API key makes the provider report an error', async ({
  page,
  request,
  baseURL,
}) => {
  const customer = customers[1];
  const revoked = await createApiKey(request, `e2e web SDK revoked ${RUN}`);
  await openSdkPage(page, baseURL!);
  await startProvider(page, baseURL!, revoked.secret, customer);
  expect(
    (await resolveInBrowser(page, { boolean: [CHECKOUT] }))[CHECKOUT],
  ).toMatchObject({ value: false, variant: 'off' });

  const revoke = await request.delete(
    `${entityPath()}/api-keys/${revoked.id}`,
    { headers: auth() },
  );
  expect(revoke.status(), await revoke.text()).toBe(200);

  // The running provider: its next fetch (a context change) is refused,
  // and it emits PROVIDER_ERROR with the reason.
  const errors = await page.evaluate(
    async ctx => {
      const { OpenFeature, ProviderEvents } = window.openFeature;
      const messages: string[] = [];
      OpenFeature.addHandler(ProviderEvents.Error, details =>
        messages.push(details?.message ?? ''),
      );
      await OpenFeature.setContext(ctx);
      return messages;
    },
    { ...customer, plan: 'pro' },
  );
  expect(errors).toEqual([expect.stringMatching(/Unauthorized/i)]);

  // A provider started with the revoked key does not become ready: the SDK
  // serves the code's default and says why.
  const fresh = await page.evaluate(
    async ({ baseUrl, key, flagKey }) => {
      const { OpenFeature } = window.openFeature;
      const failure = await OpenFeature.setProviderAndWait(
        new window.ofrepWeb.OFREPWebProvider({
          baseUrl,
          headers: [['Authorization', `Bearer ${key}`]],
          cacheMode: 'disabled',
        }),
      ).then(
        () => undefined,
        (error: Error) => error.message,
      );
      const client = OpenFeature.getClient();
      const details = client.getBooleanDetails(flagKey, true);
      return {
        failure,
        status: client.providerStatus,
        details: {
          value: details.value,
          reason: details.reason,
          errorCode: details.errorCode,
        },
      };
    },
    {
      baseUrl: `${baseURL}/api/feature-flags`,
      key: revoked.secret,
      flagKey: CHECKOUT,
    },
  );
  expect(fresh).toEqual({
    failure: expect.stringContaining('Initialization failed'),
    status: 'FATAL',
    details: { value: true, reason: 'ERROR', errorCode: 'PROVIDER_FATAL' },
  });
  expect(
    await evaluateOverOfrep(request, revoked.secret, CHECKOUT, customer),
  ).toMatchObject({ status: 401 });
});

test('templates can create flags: the scaffolder lists paved:feature-flags:create', async ({
  request,
}) => {
  const response = await request.get('/api/scaffolder/v2/actions', {
    headers: auth(),
  });
  expect(response.status()).toBe(200);
  const actions: Array<{
    id: string;
    examples?: Array<{ example: string }>;
    schema?: { input?: { required?: string[] } };
  }> = await response.json();
  const action = actions.find(a => a.id === 'paved:feature-flags:create');
  expect(action?.schema?.input?.required).toEqual(['entityRef', 'flags']);
  expect(action?.examples?.[0].example).toContain(
    'action: paved:feature-flags:create',
  );
});
