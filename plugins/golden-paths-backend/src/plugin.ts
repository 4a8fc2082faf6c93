import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { goldenPathsPermissions } from '@internal/plugin-golden-paths-common';
import { GoldenPathsService } from './service/GoldenPathsService';
import { createRouter } from './service/router';
import { ScaffolderDryRunClient } from './service/ScaffolderDryRunClient';

/**
 * Golden paths: which services came from which template version, and dry
 * runs of stored templates for the platform squad.
 */
export const goldenPathsPlugin = createBackendPlugin({
  pluginId: 'golden-paths',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        reader: coreServices.urlReader,
      },
      async init({
        auth,
        catalog,
        discovery,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        reader,
      }) {
        permissionsRegistry.addPermissions(goldenPathsPermissions);
        const service = new GoldenPathsService({
          catalog,
          reader,
          dryRunClient: new ScaffolderDryRunClient({ auth, discovery }),
        });
        httpRouter.use(await createRouter({ service, httpAuth, permissions }));
      },
    });
  },
});
