import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readGithubInferenceConfigs } from './config/readGithubInferenceConfigs';
import { GithubInferenceEntityProvider } from './providers/GithubInferenceEntityProvider';

/** Adds one {@link GithubInferenceEntityProvider} per configured organisation. */
export const catalogModuleGithubInference = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'github-inference',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        for (const providerConfig of readGithubInferenceConfigs(config)) {
          catalog.addEntityProvider(
            GithubInferenceEntityProvider.fromConfig(providerConfig, {
              config,
              logger,
              taskRunner: scheduler.createScheduledTaskRunner(
                providerConfig.schedule,
              ),
            }),
          );
        }
      },
    });
  },
});
