import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createFeatureFlagsCreateAction } from './actions/createFeatureFlagsAction';

/** The scaffolder action `paved:feature-flags:create`. */
export const scaffolderModuleFeatureFlags = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'feature-flags',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        scaffolder.addActions(
          createFeatureFlagsCreateAction({
            auth,
            discovery,
            appBaseUrl: config.getString('app.baseUrl'),
          }),
        );
      },
    });
  },
});
