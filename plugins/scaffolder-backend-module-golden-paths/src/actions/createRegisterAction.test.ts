import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRegisterAction } from './createRegisterAction';

// GitHub's integration resolves the path against the contents URL this way.
const CATALOG_INFO =
  'https://github.com/lumen-retail/gift-card-service/tree/main/catalog-info.yaml';

const LOCATION = {
  id: '1',
  type: 'url',
  target: CATALOG_INFO,
  entityRef: 'location:default/generated-1',
};

const component = (owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'gift-card-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'experimental', owner },
});

function setup(options: {
  owner: string;
  addLocation?: jest.Mock;
  ownershipEntityRefs?: string[];
}) {
  const addLocation =
    options.addLocation ??
    jest.fn(async (request: { dryRun?: boolean }) => ({
      location: LOCATION,
      entities: [component(options.owner)],
      exists: request.dryRun ? false : undefined,
    }));
  const catalog = catalogServiceMock.mock({ addLocation });
  const action = createRegisterAction({
    catalog,
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    userInfo: mockServices.userInfo({
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: options.ownershipEntityRefs ?? [
        'user:default/guest',
        'group:default/discovery-squad',
      ],
    }),
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: { github: [{ host: 'github.com', token: 't' }] },
      }),
    ),
    platformGroupRef: 'group:default/platform-squad',
  });
  const ctx = {
    ...createMockActionContext({
      input: {
        repoContentsUrl:
          'https://github.com/lumen-retail/gift-card-service/blob/main',
      },
    }),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/guest'),
  };
  return { action, ctx, addLocation };
}

describe('paved:catalog:register', () => {
  it("registers a new service its developer's squad owns, as the scaffolder", async () => {
    const { action, ctx, addLocation } = setup({
      owner: 'group:default/discovery-squad',
    });
    await action.handler(ctx);
    expect(addLocation).toHaveBeenCalledTimes(2);
    const [[preview, previewOptions], [real, realOptions]] =
      addLocation.mock.calls;
    expect(preview).toEqual({
      type: 'url',
      target: CATALOG_INFO,
      dryRun: true,
    });
    expect(real).toEqual({ type: 'url', target: CATALOG_INFO });
    // The location permission stays the platform squad's: the scaffolder registers.
    expect(previewOptions.credentials.principal.type).toBe('service');
    expect(realOptions.credentials.principal).toEqual({
      type: 'service',
      subject: 'plugin:scaffolder',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/gift-card-service',
    );
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoUrl', CATALOG_INFO);
  });

  it("refuses another squad's service and registers nothing", async () => {
    const { action, ctx, addLocation } = setup({
      owner: 'group:default/checkout-squad',
    });
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `${CATALOG_INFO} was not registered: component:default/gift-card-service is owned by group:default/checkout-squad, and user:default/guest is not a member of it`,
    });
    expect(addLocation).toHaveBeenCalledTimes(1);
  });

  it('counts a location registered by an earlier attempt as done', async () => {
    const conflict = Object.assign(new Error('Location already exists'), {
      name: 'ConflictError',
    });
    const addLocation = jest.fn(async (request: { dryRun?: boolean }) => {
      if (!request.dryRun) throw conflict;
      return {
        location: LOCATION,
        entities: [component('discovery-squad')],
        exists: true,
      };
    });
    const { action, ctx } = setup({ owner: 'discovery-squad', addLocation });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/gift-card-service',
    );
  });

  it('passes on other catalog errors, such as a file that cannot be read', async () => {
    const addLocation = jest.fn(async () => {
      throw new Error('Unable to read url, NotFoundError');
    });
    const { action, ctx } = setup({ owner: 'discovery-squad', addLocation });
    await expect(action.handler(ctx)).rejects.toThrow('Unable to read url');
  });

  it('refuses a repository URL without an integration', async () => {
    const { action } = setup({ owner: 'discovery-squad' });
    const ctx = createMockActionContext({
      input: { repoContentsUrl: 'https://git.example.com/a/b' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'repoContentsUrl: no integration is configured for https://git.example.com/a/b',
    );
  });
});
