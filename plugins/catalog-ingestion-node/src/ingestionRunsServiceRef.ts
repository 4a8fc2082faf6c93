import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { IngestionRunStore } from './database/IngestionRunStore';
import { IngestionRunsService } from './types';

/**
 * Where catalog providers report their runs. Scoped to the catalog plugin,
 * so runs live in the catalog's database beside the entities they produced.
 */
export const ingestionRunsServiceRef = createServiceRef<IngestionRunsService>(
  {
    id: 'paved.catalog.ingestion-runs',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { database: coreServices.database },
        factory: ({ database }) => IngestionRunStore.create(database),
      }),
  },
);
