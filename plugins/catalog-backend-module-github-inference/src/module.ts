import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ingestionRunsServiceRef } from '@internal/plugin-catalog-ingestion-node';
import { readGithubInferenceConfigs } from './config/readGithubInferenceConfigs';
import { RepositoryFactsStore } from './database/RepositoryFactsStore';
import { REPOSITORY_EVENT_TOPICS } from './events/repositoryChangeFromEvent';
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
        events: eventsServiceRef,
        ingestionRuns: ingestionRunsServiceRef,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({
        catalog,
        config,
        database,
        events,
        ingestionRuns,
        logger,
        scheduler,
      }) {
        const providerConfigs = readGithubInferenceConfigs(config);
        if (providerConfigs.length === 0) return;
        const factsStore = await RepositoryFactsStore.create(database);
        for (const providerConfig of providerConfigs) {
          const provider = GithubInferenceEntityProvider.fromConfig(
            providerConfig,
            {
              config,
              logger,
              factsStore,
              ingestionRuns,
              taskRunner: scheduler.createScheduledTaskRunner(
                providerConfig.schedule,
              ),
            },
          );
          catalog.addEntityProvider(provider);
          // GitHub webhooks, verified and routed to github.<event> topics by
          // @backstage/plugin-events-backend-module-github.
          await events.subscribe({
            id: provider.getProviderName(),
            topics: REPOSITORY_EVENT_TOPICS,
            onEvent: params => provider.onEvent(params),
          });
        }
      },
    });
  },
});
