import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { ingestionRunsServiceRef } from '@internal/plugin-catalog-ingestion-node';
import { readKubernetesWorkloadsConfig } from './config/readKubernetesWorkloadsConfig';
import { WorkloadStore } from './database/WorkloadStore';
import {
  buildCatalogIndex,
  CATALOG_INDEX_FIELDS,
  CATALOG_INDEX_FILTER,
} from './mapping/catalogIndex';
import { KubernetesWorkloadsEntityProvider } from './providers/KubernetesWorkloadsEntityProvider';

/** Adds one {@link KubernetesWorkloadsEntityProvider} per configured cluster. */
export const catalogModuleKubernetesWorkloads = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kubernetes-workloads',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        ingestionRuns: ingestionRunsServiceRef,
      },
      async init({
        catalogProcessing,
        catalog,
        auth,
        config,
        database,
        logger,
        scheduler,
        ingestionRuns,
      }) {
        const providerConfig = readKubernetesWorkloadsConfig(config);
        if (!providerConfig) return;
        const workloadStore = await WorkloadStore.create(database);
        const readCatalog = async () => {
          const { items } = await catalog.getEntities(
            { filter: CATALOG_INDEX_FILTER, fields: CATALOG_INDEX_FIELDS },
            { credentials: await auth.getOwnServiceCredentials() },
          );
          return buildCatalogIndex(items);
        };
        for (const cluster of providerConfig.clusters) {
          catalogProcessing.addEntityProvider(
            new KubernetesWorkloadsEntityProvider(
              { ...providerConfig, cluster },
              {
                logger,
                taskRunner: scheduler.createScheduledTaskRunner(
                  providerConfig.schedule,
                ),
                readCatalog,
                workloadStore,
                ingestionRuns,
              },
            ),
          );
        }
      },
    });
  },
});
