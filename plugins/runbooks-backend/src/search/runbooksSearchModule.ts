import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { readRunbooksConfig } from '../config/readRunbooksConfig';
import { RunbookCollatorFactory } from './RunbookCollatorFactory';

/** Runbooks in the portal's global search: a collator for the search plugin (`runbooks.searchSchedule`). */
export const runbooksSearchModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'runbooks-collator',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ auth, config, discovery, scheduler, indexRegistry }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            readRunbooksConfig(config).searchSchedule,
          ),
          factory: new RunbookCollatorFactory({ discovery, auth }),
        });
      },
    });
  },
});
