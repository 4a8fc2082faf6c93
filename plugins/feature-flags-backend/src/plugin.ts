import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readFeatureFlagsConfig } from './config/readFeatureFlagsConfig';
import { ApiKeyStore } from './database/ApiKeyStore';
import { ChangeRequestStore } from './database/ChangeRequestStore';
import { EvaluationStore } from './database/EvaluationStore';
import {
  FeatureFlagStore,
  migrateFeatureFlagsDatabase,
} from './database/FeatureFlagStore';
import { FlagChangeListener } from './database/flagChanges';
import { FlagSetEvaluator } from './evaluation/FlagSetEvaluator';
import { EvaluationRecorder } from './service/EvaluationRecorder';
import { EvaluatorCache } from './service/EvaluatorCache';
import { FeatureFlagsService } from './service/FeatureFlagsService';
import { createRouter } from './service/router';

/** Feature flags: flagd definitions per Component and environment, OFREP evaluation, flagd sync. */
export const featureFlagsPlugin = createBackendPlugin({
  pluginId: 'feature-flags',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        scheduler: coreServices.scheduler,
      },
      async init({
        catalog,
        config,
        database,
        httpAuth,
        httpRouter,
        lifecycle,
        logger,
        permissions,
        scheduler,
      }) {
        const featureFlagsConfig = readFeatureFlagsConfig(config);
        const db = await migrateFeatureFlagsDatabase(database);
        const flags = new FeatureFlagStore(db);
        const evaluations = new EvaluationStore(db);
        const recorder = new EvaluationRecorder(evaluations, logger);
        const cache = new EvaluatorCache(
          flagSet => new FlagSetEvaluator(flagSet, logger),
        );
        const service = new FeatureFlagsService({
          flags,
          apiKeys: new ApiKeyStore(db),
          changeRequests: new ChangeRequestStore(db, flags),
          evaluations,
          recorder,
          cache,
          config: featureFlagsConfig,
          catalog,
          permissions,
          logger,
        });

        // Every replica hears of every change and drops what it cached.
        const listener = new FlagChangeListener(db, logger, {
          onChange: change => cache.changed(change),
          onConnected: () => cache.connected(),
          onDisconnected: () => cache.disconnected(),
        });
        await listener.start();
        recorder.start(featureFlagsConfig.evaluations.flushSeconds * 1000);
        lifecycle.addShutdownHook(async () => {
          await recorder.stop();
          await listener.stop();
        });

        const { retentionDays } = featureFlagsConfig.evaluations;
        await scheduler.scheduleTask({
          id: 'feature-flags-prune-evaluations',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const pruned = await evaluations.prune(
              new Date(Date.now() - retentionDays * 86_400_000),
            );
            if (pruned > 0) {
              logger.info(
                `Pruned ${pruned} evaluation buckets older than ${retentionDays} days`,
              );
            }
          },
        });

        if (featureFlagsConfig.seedFile) {
          const imported = await service.importSeed(
            featureFlagsConfig.seedFile,
          );
          if (imported > 0) {
            logger.info(
              `Imported ${imported} flags from ${featureFlagsConfig.seedFile}`,
            );
          }
        }

        // Services evaluate with API keys, which the routes check themselves.
        httpRouter.addAuthPolicy({ path: '/ofrep', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/flagd', allow: 'unauthenticated' });
        httpRouter.use(await createRouter({ service, httpAuth }));
      },
    });
  },
});
