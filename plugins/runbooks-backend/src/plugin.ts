import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readRunbooksConfig } from './config/readRunbooksConfig';
import { RunbookStore } from './database/RunbookStore';
import { GithubCommitLookup } from './ingestion/GithubCommitLookup';
import { RunbookIndexer } from './ingestion/RunbookIndexer';
import { DoraReader } from './service/DoraReader';
import { FeatureFlagsReader } from './service/FeatureFlagsReader';
import { createRouter } from './service/router';
import { RunbooksService } from './service/RunbooksService';

/** The scheduler task that re-reads every Component's runbooks. */
export const INDEX_TASK_ID = 'runbooks-index';

/** Runbooks: read from repositories into PostgreSQL; search, alert pages, on-call, coverage. */
export const runbooksPlugin = createBackendPlugin({
  pluginId: 'runbooks',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
      },
      async init({
        auth,
        catalog,
        config,
        database,
        discovery,
        events,
        httpAuth,
        httpRouter,
        logger,
        reader,
        scheduler,
      }) {
        const runbooksConfig = readRunbooksConfig(config);
        const store = await RunbookStore.create(database);
        const indexer = new RunbookIndexer({
          reader,
          store,
          catalog,
          auth,
          config: runbooksConfig,
          logger,
          commits: new GithubCommitLookup(ScmIntegrations.fromConfig(config)),
        });
        const runbooks = new RunbooksService({
          store,
          catalog,
          auth,
          reader,
          dora: new DoraReader({ discovery, auth, logger }),
          featureFlags: new FeatureFlagsReader({ discovery, auth, logger }),
          config: runbooksConfig,
          logger,
        });

        await scheduler.scheduleTask({
          id: INDEX_TASK_ID,
          ...runbooksConfig.schedule,
          fn: async () => {
            const run = await indexer.indexAll();
            logger.info(
              `Runbooks indexed in ${run.durationMs} ms: ${run.sourcesRead} sources read, ${run.sourcesUnchanged} unchanged, ${run.sourcesFailed} failed; ${run.runbooks} runbooks, ${run.problems} problems`,
            );
          },
        });

        // A push re-reads the repository's Components at once.
        await events.subscribe({
          id: 'runbooks-github-push',
          topics: ['github.push'],
          async onEvent({ eventPayload }) {
            const payload = eventPayload as {
              repository?: { full_name?: string; html_url?: string };
            };
            const fullName = payload?.repository?.full_name;
            if (!fullName) return;
            const host = payload.repository?.html_url
              ? new URL(payload.repository.html_url).host
              : 'github.com';
            try {
              await indexer.indexRepository(host, fullName);
            } catch (error) {
              logger.warn(
                `Runbooks could not re-read ${fullName} after a push; the next scheduled pass will: ${error}`,
              );
            }
          },
        });

        httpRouter.use(
          await createRouter({
            runbooks,
            httpAuth,
            refresh: entityRef =>
              entityRef ? indexer.indexEntity(entityRef) : indexer.indexAll(),
            lastRun: () => store.lastRun(),
            documents: (after, limit) => store.documents(after, limit),
            facets: () => store.facets(),
          }),
        );
      },
    });
  },
});
