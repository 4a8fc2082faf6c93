import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCheckParametersAction } from './actions/createCheckParametersAction';
import { createRegisterAction } from './actions/createRegisterAction';
import { createTemplateInfoAction } from './actions/createTemplateInfoAction';

/** The scaffolder actions `paved:parameters:check`, `paved:template:info` and `paved:catalog:register`. */
export const scaffolderModuleGoldenPaths = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-paths',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
      },
      async init({ scaffolder, catalog, config, auth, userInfo }) {
        const integrations = ScmIntegrations.fromConfig(config);
        // The same group Paved's permission policy gives location rights to.
        const platformGroupRef =
          config.getOptionalString('paved.permissions.platformGroup') ??
          'group:default/platform-squad';
        scaffolder.addActions(
          createCheckParametersAction({
            catalog,
            integrations,
            userInfo,
            platformGroupRef,
          }),
          createTemplateInfoAction(),
          createRegisterAction({
            catalog,
            auth,
            userInfo,
            integrations,
            platformGroupRef,
          }),
        );
      },
    });
  },
});
