import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readCostConfig } from './config/readCostConfig';
import { CostAnomalyStore } from './database/CostAnomalyStore';
import { CostImportStore } from './database/CostImportStore';
import { ContainerUsageStore } from './database/ContainerUsageStore';
import { CostReportStore } from './database/CostReportStore';
import {
  CostRetentionStore,
  retentionCutoff,
} from './database/CostRetentionStore';
import { SharedCostStore } from './database/SharedCostStore';
import { migrateCostDatabase } from './database/migrateCostDatabase';
import { ApiLineItemImporter } from './import/ApiLineItemImporter';
import { AwsCostExplorerImporter } from './import/awsCostExplorer/AwsCostExplorerImporter';
import { CatalogAllocationLoader } from './import/CatalogAllocationLoader';
import { CatalogWorkloadLoader } from './import/openCost/CatalogWorkloadLoader';
import { OpenCostImporter } from './import/openCost/OpenCostImporter';
import { FocusFileImporter } from './import/FocusFileImporter';
import { FocusFileImportTask } from './import/FocusFileImportTask';
import { CostService } from './service/CostService';
import { createRouter } from './service/router';

/** An import still running after this long was left by a replica that stopped. */
const ABANDONED_IMPORT_MS = 6 * 3600_000;

/** Cost views: FOCUS line items in PostgreSQL, allocated to Components, owners and environments. */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        scheduler: coreServices.scheduler,
      },
      async init({
        auth,
        catalog,
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        scheduler,
      }) {
        const costConfig = readCostConfig(config);
        const knex = await migrateCostDatabase(database);
        const sharedCosts = new SharedCostStore(knex, costConfig.sharedCosts);
        const imports = new CostImportStore(knex, sharedCosts);
        const abandoned = await imports.failAbandoned(
          new Date(Date.now() - ABANDONED_IMPORT_MS),
        );
        if (abandoned > 0) {
          logger.warn(`Marked ${abandoned} interrupted cost imports failed`);
        }
        // The rules may have changed since the split was last built.
        const split = await sharedCosts.resplitAll();
        if (split > 0) {
          logger.info(`Split shared costs into ${split} line items`);
        }
        const allocationLoader = new CatalogAllocationLoader({
          catalog,
          auth,
          logger,
        });
        const importer = new FocusFileImporter({
          imports,
          loadAllocationIndex: () => allocationLoader.load(),
          rules: costConfig.allocation,
          logger,
        });
        const usage = new ContainerUsageStore(knex);
        const service = new CostService({
          reports: new CostReportStore(knex),
          anomalies: new CostAnomalyStore(knex),
          imports,
          importer,
          usage,
          config: costConfig,
        });
        const apiImporter = new ApiLineItemImporter({
          imports,
          loadAllocationIndex: () => allocationLoader.load(),
          rules: costConfig.allocation,
          logger,
        });
        const workloadLoader = new CatalogWorkloadLoader({ catalog, auth });

        for (const file of costConfig.imports.focusFiles) {
          const task = new FocusFileImportTask(file, {
            importer,
            imports,
            logger,
          });
          await scheduler.scheduleTask({
            id: task.id,
            ...file.schedule,
            fn: async () => {
              await task.run();
            },
          });
        }

        for (const entry of costConfig.imports.openCost) {
          const openCost = new OpenCostImporter(entry, {
            importer: apiImporter,
            usage,
            loadWorkloads: () => workloadLoader.load(),
            rules: costConfig.allocation,
            logger,
          });
          await scheduler.scheduleTask({
            id: openCost.id,
            ...entry.schedule,
            fn: async () => {
              await openCost.run();
            },
          });
        }

        for (const entry of costConfig.imports.awsCostExplorer) {
          const costExplorer = new AwsCostExplorerImporter(entry, {
            importer: apiImporter,
            logger,
          });
          await scheduler.scheduleTask({
            id: costExplorer.id,
            ...entry.schedule,
            fn: async () => {
              await costExplorer.run();
            },
          });
        }

        const retention = new CostRetentionStore(knex);
        await scheduler.scheduleTask({
          id: 'cost-retention',
          frequency: { hours: 24 },
          timeout: { hours: 1 },
          initialDelay: { minutes: 10 },
          fn: async () => {
            const cutoff = retentionCutoff(
              new Date(),
              costConfig.retention.months,
            );
            const dropped = await retention.dropBefore(cutoff);
            if (dropped.partitions.length > 0) {
              logger.info(
                `Cost retention (${
                  costConfig.retention.months
                } months): dropped ${dropped.partitions.join(', ')} and ${
                  dropped.monthlyCosts
                } monthly sums before ${cutoff.toISOString().slice(0, 10)}`,
              );
            }
          },
        });

        httpRouter.use(await createRouter({ service, httpAuth, permissions }));
      },
    });
  },
});
