import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ingestionRunsServiceRef } from '@internal/plugin-catalog-ingestion-node';
import Router from 'express-promise-router';
import { createIngestionRunsRouter } from './service/router';

/** Serves the runs Paved's providers report under /api/catalog/ingestion-runs. */
export const catalogModuleIngestionRuns = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ingestion-runs',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        ingestionRuns: ingestionRunsServiceRef,
        logger: coreServices.logger,
      },
      async init({ config, httpAuth, httpRouter, ingestionRuns, logger }) {
        const router = Router();
        router.use(createIngestionRunsRouter({ ingestionRuns, httpAuth }));
        // Only this router's errors: the catalog keeps its own handler.
        router.use(MiddlewareFactory.create({ config, logger }).error());
        httpRouter.use(router);
      },
    });
  },
});
