import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Changing a Component's flags and API keys: create a flag, save a
 * definition, create or revoke a key. A resource permission on the owning
 * Component (`catalog-entity`), so a policy can allow it to the Component's
 * owners (the catalog's `isEntityOwner` rule) and the platform squad.
 * Reading flags needs no permission beyond being signed in.
 */
export const featureFlagsManagePermission = createPermission({
  name: 'feature-flags.flags.manage',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Changing a Component's flags in an approval environment (production)
 * without a second pair of eyes, and approving others' changes there: the
 * Component's owners only. Someone allowed to manage the flags but not this
 * (the platform squad, for a Component it does not own) gets a change
 * request that an owner approves.
 */
export const featureFlagsApprovePermission = createPermission({
  name: 'feature-flags.changes.approve',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

export const featureFlagsPermissions = [
  featureFlagsManagePermission,
  featureFlagsApprovePermission,
];
