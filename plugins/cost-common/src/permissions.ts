import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Importing cost data (`POST /api/cost/imports`): an import replaces its
 * source's billing periods, so Paved's policy keeps it to the platform
 * squad. Reading costs needs no permission beyond being signed in.
 */
export const costImportPermission = createPermission({
  name: 'cost.imports.create',
  attributes: { action: 'create' },
});

export const costPermissions = [costImportPermission];
