import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { ingestionRunsServiceRef } from '@internal/plugin-catalog-ingestion-node';
import { readCloudResourcesConfigs } from './config/readCloudResourcesConfigs';
import { CloudResourcesEntityProvider } from './providers/CloudResourcesEntityProvider';

/** Adds one {@link CloudResourcesEntityProvider} per configured id. */
export const catalogModuleCloudResources = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'cloud-resources',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        ingestionRuns: ingestionRunsServiceRef,
      },
      async init({
        catalogProcessing,
        catalog,
        auth,
        config,
        logger,
        scheduler,
        ingestionRuns,
      }) {
        for (const providerConfig of readCloudResourcesConfigs(config)) {
          catalogProcessing.addEntityProvider(
            CloudResourcesEntityProvider.fromConfig(providerConfig, {
              logger,
              catalog,
              auth,
              ingestionRuns,
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
