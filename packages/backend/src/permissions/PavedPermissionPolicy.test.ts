import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  featureFlagsApprovePermission,
  featureFlagsManagePermission,
} from '@internal/plugin-feature-flags-common';
import { costImportPermission } from '@internal/plugin-cost-common';
import { templateDryRunPermission } from '@internal/plugin-golden-paths-common';
import { PavedPermissionPolicy } from './PavedPermissionPolicy';

const policy = new PavedPermissionPolicy({
  platformGroupRef: 'group:default/platform-squad',
});

function userIn(...ownershipEntityRefs: string[]): PolicyQueryUser {
  const userEntityRef = ownershipEntityRefs[0];
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs },
  };
}

const platformEngineer = userIn(
  'user:default/priya.natarajan',
  'group:default/platform-squad',
);
const productDeveloper = userIn(
  'user:default/guest',
  'group:default/discovery-squad',
);

describe('PavedPermissionPolicy', () => {
  it('lets any signed-in user read the catalog', async () => {
    for (const user of [platformEngineer, productDeveloper]) {
      await expect(
        policy.handle({ permission: catalogEntityReadPermission }, user),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets backend services (no user) read the catalog', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each([
    catalogLocationCreatePermission,
    catalogLocationDeletePermission,
    catalogEntityDeletePermission,
    unprocessedEntitiesDeletePermission,
    costImportPermission,
    templateDryRunPermission,
  ])('keeps $name for the platform squad', async permission => {
    await expect(
      policy.handle({ permission }, platformEngineer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission }, productDeveloper),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('lets a Component’s owners and the platform squad change its feature flags', async () => {
    await expect(
      policy.handle(
        { permission: featureFlagsManagePermission },
        platformEngineer,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    // Everyone else: only where the catalog says they own the Component.
    await expect(
      policy.handle(
        { permission: featureFlagsManagePermission },
        productDeveloper,
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/guest', 'group:default/discovery-squad'],
        },
      },
    });
  });

  it('lets only a Component’s owners change production flags without approval, even in the platform squad', async () => {
    for (const user of [platformEngineer, productDeveloper]) {
      const decision = await policy.handle(
        { permission: featureFlagsApprovePermission },
        user,
      );
      expect(decision).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        conditions: { rule: 'IS_ENTITY_OWNER' },
      });
    }
  });

  it('matches the platform group ref regardless of case', async () => {
    const shouty = new PavedPermissionPolicy({
      platformGroupRef: 'Group:Default/Platform-Squad',
    });
    await expect(
      shouty.handle(
        { permission: catalogLocationCreatePermission },
        platformEngineer,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
