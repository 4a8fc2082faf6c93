import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  FakeGithubServer,
  lumenRetailGithubOrg,
  startFakeGithub,
} from '@internal/fake-cloud';
import { createCheckParametersAction } from './createCheckParametersAction';

const TOKEN = 'test-token';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'checkout-squad', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { owner: 'group:default/checkout-squad' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'cart-service',
      namespace: 'default',
      annotations: { 'github.com/project-slug': 'lumen-retail/cart-service' },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/checkout-squad',
      system: 'system:default/checkout',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'no-repo', namespace: 'default' },
    spec: { type: 'library', lifecycle: 'production', owner: 'checkout-squad' },
  },
];

describe('paved:parameters:check', () => {
  let github: FakeGithubServer;

  beforeAll(async () => {
    github = await startFakeGithub(lumenRetailGithubOrg(), { token: TOKEN });
  });
  afterAll(() => github.close());

  const action = (
    ownershipEntityRefs = [
      'user:default/guest',
      'group:default/checkout-squad',
    ],
  ) =>
    createCheckParametersAction({
      catalog: catalogServiceMock({ entities }),
      userInfo: mockServices.userInfo({
        userEntityRef: 'user:default/guest',
        ownershipEntityRefs,
      }),
      platformGroupRef: 'group:default/platform-squad',
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: TOKEN,
              },
            ],
          },
        }),
      ),
    });

  const context = (
    input: Record<string, unknown>,
    extra: { isDryRun?: boolean } = {},
  ) => {
    const ctx = createMockActionContext({
      input: input as any,
      logger: mockServices.logger.mock(),
    });
    return {
      ...ctx,
      ...extra,
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/guest'),
    };
  };

  it('passes a Group owner, a System and a free repository name, and outputs full refs', async () => {
    const ctx = context({
      owner: 'checkout-squad',
      system: 'system:default/checkout',
      newRepoUrl: 'github.com?owner=lumen-retail&repo=gift-card-service',
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'owner',
      'group:default/checkout-squad',
    );
    expect(ctx.output).toHaveBeenCalledWith('ownerName', 'checkout-squad');
    expect(ctx.output).toHaveBeenCalledWith(
      'system',
      'system:default/checkout',
    );
  });

  it('names every field that is wrong, in one error, before anything is created', async () => {
    const ctx = context({
      owner: 'user:default/guest',
      system: 'system:default/no-such-system',
      newRepoUrl: 'github.com?owner=lumen-retail&repo=cart-service',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      "The template's parameters are not valid, so nothing was created: owner: user:default/guest is a user, but must be a Group; repoUrl: lumen-retail/cart-service already exists; choose another name; system: system:default/no-such-system is not in the catalog",
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses an owner Group that is not in the catalog', async () => {
    const ctx = context({ owner: 'group:default/ghost-squad' });
    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'owner: group:default/ghost-squad is not in the catalog',
      ),
    });
  });

  it("gives an existing Component's repository, owner and system", async () => {
    const ctx = context({ component: 'cart-service' });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'component',
      'component:default/cart-service',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'componentRepoUrl',
      'github.com?owner=lumen-retail&repo=cart-service',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'componentOwner',
      'group:default/checkout-squad',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'componentSystem',
      'system:default/checkout',
    );
  });

  it('refuses an owner Group the user is not a member of, when the template asks', async () => {
    const ctx = context({
      owner: 'group:default/checkout-squad',
      ownerMustIncludeUser: true,
    });
    await expect(
      action(['user:default/guest', 'group:default/discovery-squad']).handler(
        ctx,
      ),
    ).rejects.toThrow(
      'owner: user:default/guest is not a member of group:default/checkout-squad; choose one of your own squads',
    );
    // A member passes; so does the platform squad, for any Group.
    await action().handler(
      context({ owner: 'checkout-squad', ownerMustIncludeUser: true }),
    );
    await action([
      'user:default/priya',
      'group:default/platform-squad',
    ]).handler(
      context({ owner: 'checkout-squad', ownerMustIncludeUser: true }),
    );
  });

  it('refuses a Component whose repository is unknown', async () => {
    const ctx = context({ component: 'component:default/no-repo' });
    await expect(action().handler(ctx)).rejects.toThrow(
      'component: component:default/no-repo has no github.com/project-slug annotation',
    );
  });

  it('refuses a repository URL on a host without a GitHub integration', async () => {
    const ctx = context({
      newRepoUrl: 'gitlab.example?owner=lumen-retail&repo=x',
    });
    await expect(action().handler(ctx)).rejects.toThrow(/^.*repoUrl: /);
  });

  it('says so when GitHub cannot be asked, rather than guessing the name is free', async () => {
    github.failNext(/\/repos\/lumen-retail\/brand-new$/, { status: 502 });
    const ctx = context({
      newRepoUrl: 'github.com?owner=lumen-retail&repo=brand-new',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /Could not check whether lumen-retail\/brand-new exists on github.com/,
    );
  });

  it('does not ask GitHub in a dry run', async () => {
    const before = github.requests.length;
    const ctx = context(
      {
        owner: 'group:default/checkout-squad',
        newRepoUrl: 'github.com?owner=lumen-retail&repo=cart-service',
      },
      { isDryRun: true },
    );
    await action().handler(ctx);
    expect(github.requests.length).toBe(before);
  });
});
