import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readGithubInferenceConfigs } from './config/readGithubInferenceConfigs';
import { RepositoryFactsStore } from './database/RepositoryFactsStore';
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
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, database, logger, scheduler }) {
        const providerConfigs = readGithubInferenceConfigs(config);
        if (providerConfigs.length === 0) return;
        const factsStore = await RepositoryFactsStore.create(database);
        for (const providerConfig of providerConfigs) {
          catalog.addEntityProvider(
            GithubInferenceEntityProvider.fromConfig(providerConfig, {
              config,
              logger,
              factsStore,
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
