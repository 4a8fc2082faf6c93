import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCheckParametersAction } from './actions/createCheckParametersAction';
import { createTemplateInfoAction } from './actions/createTemplateInfoAction';

/** The scaffolder actions `paved:parameters:check` and `paved:template:info`. */
export const scaffolderModuleGoldenPaths = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-paths',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, catalog, config }) {
        scaffolder.addActions(
          createCheckParametersAction({
            catalog,
            integrations: ScmIntegrations.fromConfig(config),
          }),
          createTemplateInfoAction(),
        );
      },
    });
  },
});
