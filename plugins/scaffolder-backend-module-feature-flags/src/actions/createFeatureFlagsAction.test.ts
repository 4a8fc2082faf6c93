import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FeatureFlag } from '@internal/plugin-feature-flags-common';
import { createFeatureFlagsCreateAction } from './createFeatureFlagsAction';
import {
  FakeFeatureFlagsBackend,
  FakeResponse,
  RecordedRequest,
} from './__testUtils__/FakeFeatureFlagsBackend';

const USER = 'user:default/alice';
const FLAGS_PATH = '/api/feature-flags/entities/default/my-service/flags';

const created = (request: RecordedRequest): FakeResponse => {
  const body = request.body as { key: string; kind: FeatureFlag['kind'] };
  const flag: FeatureFlag = {
    entityRef: 'component:default/my-service',
    key: body.key,
    kind: body.kind,
    description: '',
    createdAt: new Date().toISOString(),
    createdBy: USER,
    environments: {},
  };
  return { status: 201, body: flag };
};
const exists = (request: RecordedRequest) =>
  FakeFeatureFlagsBackend.error(
    409,
    'ConflictError',
    `Flag ${(request.body as { key: string }).key} already exists`,
  );
const notInCatalog = () =>
  FakeFeatureFlagsBackend.error(
    404,
    'NotFoundError',
    'No Component component:default/my-service in the catalog',
  );

const checkoutExperiment = {
  state: 'ENABLED',
  variants: { blue: '#1f6feb', green: '#2da44e' },
  defaultVariant: 'blue',
  targeting: {
    if: [
      { ends_with: [{ var: 'email' }, '@lumen-retail.example'] },
      'green',
      {
        fractional: [
          ['blue', 50],
          ['green', 50],
        ],
      },
    ],
  },
};

describe('paved:feature-flags:create', () => {
  let backend: FakeFeatureFlagsBackend;

  beforeEach(async () => {
    backend = await FakeFeatureFlagsBackend.start();
  });

  afterEach(async () => {
    await backend.close();
  });

  const action = () =>
    createFeatureFlagsCreateAction({
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId => `${backend.origin}/api/${pluginId}`,
      }),
      appBaseUrl: 'https://paved.example/',
      backoff: { initialDelayMs: 20, maxDelayMs: 80 },
    });

  const context = (input: Record<string, unknown>) => {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input: input as any, logger });
    return {
      ctx: {
        ...ctx,
        getInitiatorCredentials: async () => mockCredentials.user(USER),
      },
      logger,
    };
  };

  it('creates the flags on behalf of the user who runs the template', async () => {
    backend.respond = created;
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      flags: [
        { key: 'new-checkout', kind: 'release', description: 'New checkout' },
        {
          key: 'checkout-button-colour',
          kind: 'experiment',
          definition: checkoutExperiment,
        },
      ],
    });

    await action().handler(ctx);

    const token = mockCredentials.service.token({
      onBehalfOf: mockCredentials.user(USER),
      targetPluginId: 'feature-flags',
    });
    expect(backend.requests).toEqual([
      {
        method: 'POST',
        path: FLAGS_PATH,
        authorization: `Bearer ${token}`,
        body: {
          key: 'new-checkout',
          kind: 'release',
          description: 'New checkout',
        },
      },
      {
        method: 'POST',
        path: FLAGS_PATH,
        authorization: `Bearer ${token}`,
        body: {
          key: 'checkout-button-colour',
          kind: 'experiment',
          definition: checkoutExperiment,
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('created', [
      'new-checkout',
      'checkout-button-colour',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('existing', []);
    expect(ctx.output).toHaveBeenCalledWith(
      'flagsUrl',
      'https://paved.example/catalog/default/component/my-service/feature-flags',
    );
  });

  it('waits for the catalog to have a just-registered Component', async () => {
    backend.respond = (request, index) =>
      index < 2 ? notInCatalog() : created(request);
    const { ctx, logger } = context({
      entityRef: 'component:default/my-service',
      flags: [{ key: 'new-checkout', kind: 'release' }],
    });

    await action().handler(ctx);

    expect(backend.requests).toHaveLength(3);
    expect(ctx.output).toHaveBeenCalledWith('created', ['new-checkout']);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'component:default/my-service is not in the catalog yet',
      ),
    );
  });

  it('counts a flag that already exists as done, so a retried task succeeds', async () => {
    backend.respond = request =>
      (request.body as { key: string }).key === 'new-checkout'
        ? exists(request)
        : created(request);
    const { ctx, logger } = context({
      entityRef: 'my-service',
      flags: [
        { key: 'new-checkout', kind: 'release' },
        { key: 'payments-enabled', kind: 'kill-switch' },
      ],
    });

    await action().handler(ctx);

    expect(backend.requests).toHaveLength(2);
    expect(ctx.output).toHaveBeenCalledWith('created', ['payments-enabled']);
    expect(ctx.output).toHaveBeenCalledWith('existing', ['new-checkout']);
    expect(logger.info).toHaveBeenCalledWith(
      'Flag "new-checkout" already exists on component:default/my-service; left as it is',
    );
  });

  it('refuses a bad definition before any request, naming the flag and the JSON path', async () => {
    backend.respond = created;
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      flags: [
        { key: 'new-checkout', kind: 'release' },
        {
          key: 'checkout-button-colour',
          kind: 'experiment',
          definition: {
            ...checkoutExperiment,
            targeting: {
              fractional: [
                ['blue', 50],
                ['red', 50],
              ],
            },
          },
        },
      ],
    });

    await expect(action().handler(ctx)).rejects.toThrow(
      'Invalid input, no flag was created: flags[1].definition.targeting.fractional[1][0]: "red" is not one of the variants (blue, green)',
    );
    expect(backend.requests).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it.each([
    [
      'a bad key',
      { flags: [{ key: 'New Checkout', kind: 'release' }] },
      'flags[0].key: must be 1 to 100 lower-case letters',
    ],
    [
      'an unknown kind',
      {
        flags: [
          { key: 'a', kind: 'release' },
          { key: 'b', kind: 'forever' },
        ],
      },
      'flags[1].kind: Invalid option',
    ],
    [
      'a key given twice',
      {
        flags: [
          { key: 'a', kind: 'release' },
          { key: 'a', kind: 'experiment' },
        ],
      },
      'flags[1].key: "a" is also flags[0]',
    ],
    ['no flags', { flags: [] }, 'flags: must have at least one flag'],
    [
      'a misspelt property',
      { flags: [{ key: 'a', kind: 'release', defintion: {} }] },
      'flags[0]: Unrecognized key: "defintion"',
    ],
  ])('refuses %s before any request', async (_, input, message) => {
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      ...input,
    });
    await expect(action().handler(ctx)).rejects.toThrow(message);
    expect(backend.requests).toEqual([]);
  });

  it('refuses a ref to something that is not a Component', async () => {
    const { ctx } = context({
      entityRef: 'group:default/payments',
      flags: [{ key: 'a', kind: 'release' }],
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      'entityRef: flags belong to a Component, not to group:default/payments',
    );
    expect(backend.requests).toEqual([]);
  });

  it('leaves the names of shared evaluators to the backend, and surfaces its 400', async () => {
    backend.respond = () =>
      FakeFeatureFlagsBackend.error(
        400,
        'InputError',
        'Invalid flag: definition.targeting.if[0].$ref: "staff" is not a shared evaluator (internal-staff)',
      );
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      flags: [
        {
          key: 'new-checkout',
          kind: 'release',
          definition: {
            state: 'ENABLED',
            variants: { on: true, off: false },
            defaultVariant: 'off',
            targeting: { if: [{ $ref: 'staff' }, 'on', 'off'] },
          },
        },
      ],
    });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message:
        'Could not create flag "new-checkout" (flags[0]) on component:default/my-service: Invalid flag: definition.targeting.if[0].$ref: "staff" is not a shared evaluator (internal-staff)',
    });
    expect(backend.requests).toHaveLength(1);
  });

  it("fails with the backend's message when the user does not own the Component", async () => {
    backend.respond = () =>
      FakeFeatureFlagsBackend.error(
        403,
        'NotAllowedError',
        'Only the owners of component:default/my-service and the platform squad change its flags and API keys',
      );
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      flags: [
        { key: 'new-checkout', kind: 'release' },
        { key: 'payments-enabled', kind: 'kill-switch' },
      ],
    });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Could not create flag "new-checkout" (flags[0]) on component:default/my-service: Only the owners of component:default/my-service and the platform squad change its flags and API keys',
    });
    expect(backend.requests).toHaveLength(1);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('gives up on a Component the catalog does not get in time, naming it', async () => {
    backend.respond = notInCatalog;
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      flags: [{ key: 'new-checkout', kind: 'release' }],
      waitForEntitySeconds: 0.3,
    });

    const started = Date.now();
    await expect(action().handler(ctx)).rejects.toThrow(
      'component:default/my-service is still not in the catalog after 0.3 s, so flag "new-checkout" could not be created (No Component component:default/my-service in the catalog)',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // 20, 40, 80, 80 … ms apart: a handful of attempts, not a busy loop.
    expect(backend.requests.length).toBeGreaterThan(2);
    expect(backend.requests.length).toBeLessThan(10);
  });

  it('stops waiting when the task is cancelled', async () => {
    backend.respond = notInCatalog;
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      flags: [{ key: 'new-checkout', kind: 'release' }],
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    await expect(
      action().handler({ ...ctx, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('only validates in a dry run', async () => {
    const { ctx } = context({
      entityRef: 'component:default/my-service',
      flags: [{ key: 'new-checkout', kind: 'release' }],
    });

    await action().handler({ ...ctx, isDryRun: true });

    expect(backend.requests).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('created', ['new-checkout']);
  });

  it('describes its input for the action list page', () => {
    const { schema, examples } = action();
    expect(schema?.input).toMatchObject({
      required: ['entityRef', 'flags'],
      properties: {
        flags: {
          minItems: 1,
          maxItems: 50,
          items: {
            properties: {
              kind: {
                enum: [
                  'release',
                  'experiment',
                  'operational',
                  'kill-switch',
                  'permission',
                ],
              },
            },
          },
        },
        waitForEntitySeconds: { default: 60 },
      },
    });
    expect(examples?.length).toBeGreaterThan(0);
  });
});
