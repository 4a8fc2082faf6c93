import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PavedPermissionPolicy } from './PavedPermissionPolicy';

/** Installs {@link PavedPermissionPolicy} as the permission plugin's policy. */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'paved-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
      },
      async init({ config, policy }) {
        policy.setPolicy(
          new PavedPermissionPolicy({
            platformGroupRef:
              config.getOptionalString('paved.permissions.platformGroup') ??
              'group:default/platform-squad',
          }),
        );
      },
    });
  },
});
