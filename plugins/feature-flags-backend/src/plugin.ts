import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readFeatureFlagsConfig } from './config/readFeatureFlagsConfig';
import { ApiKeyStore } from './database/ApiKeyStore';
import {
  FeatureFlagStore,
  migrateFeatureFlagsDatabase,
} from './database/FeatureFlagStore';
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
        logger: coreServices.logger,
        permissions: coreServices.permissions,
      },
      async init({
        catalog,
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
      }) {
        const featureFlagsConfig = readFeatureFlagsConfig(config);
        const db = await migrateFeatureFlagsDatabase(database);
        const service = new FeatureFlagsService({
          flags: new FeatureFlagStore(db),
          apiKeys: new ApiKeyStore(db),
          config: featureFlagsConfig,
          catalog,
          permissions,
          logger,
        });

        // Services evaluate with API keys, which the routes check themselves.
        httpRouter.addAuthPolicy({ path: '/ofrep', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/flagd', allow: 'unauthenticated' });
        httpRouter.use(await createRouter({ service, httpAuth }));
      },
    });
  },
});
