import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readDoraConfig } from './config/readDoraConfig';
import { DoraStore } from './database/DoraStore';
import { DoraService } from './service/DoraService';
import { createRouter } from './service/router';

/** DORA metrics: records in PostgreSQL, metrics per Component and Group. */
export const doraPlugin = createBackendPlugin({
  pluginId: 'dora',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ auth, catalog, config, database, httpAuth, httpRouter }) {
        const doraConfig = readDoraConfig(config);
        const store = await DoraStore.create(database);
        const dora = new DoraService({
          store,
          catalog,
          auth,
          config: doraConfig,
        });
        httpRouter.use(await createRouter({ dora, httpAuth }));
      },
    });
  },
});
