import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Dry-running a stored template from the portal (rendered files and step
 * log, no side effects): template authoring is the platform squad's.
 */
export const templateDryRunPermission = createPermission({
  name: 'golden-paths.templates.dry-run',
  attributes: { action: 'read' },
});

export const goldenPathsPermissions = [templateDryRunPermission];
