import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readDoraConfig } from './config/readDoraConfig';
import { DoraFactsStore } from './database/DoraFactsStore';
import { DoraStore } from './database/DoraStore';
import { GithubDoraClient } from './github/GithubDoraClient';
import { GithubDoraSync } from './github/GithubDoraSync';
import {
  GITHUB_WEBHOOK_EVENTS,
  githubWebhookPayloadSchema,
} from './github/githubSchemas';
import { DoraService } from './service/DoraService';
import { createRouter } from './service/router';
import { describeZodIssues } from '@internal/backend-validation';

/** The scheduler task that re-derives every Component's facts. */
export const FACTS_REBUILD_TASK_ID = 'dora-facts-rebuild';

/** The scheduler task that reads GitHub into the DORA records. */
export const GITHUB_BACKFILL_TASK_ID = 'dora-github-backfill';

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
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({
        auth,
        catalog,
        config,
        database,
        events,
        httpAuth,
        httpRouter,
        logger,
        scheduler,
      }) {
        const doraConfig = readDoraConfig(config);
        const store = await DoraStore.create(database);
        const dora = new DoraService({
          store,
          factsStore: new DoraFactsStore(await database.getClient()),
          catalog,
          auth,
          config: doraConfig,
          logger,
        });
        // The derived facts behind the org page are kept current as records
        // arrive; a rebuild every few hours also catches catalog changes
        // (a repository moved to another Component).
        await scheduler.scheduleTask({
          id: FACTS_REBUILD_TASK_ID,
          frequency: { hours: 6 },
          timeout: { hours: 1 },
          initialDelay: { minutes: 1 },
          fn: () => dora.rebuildFacts(),
        });
        const githubConfig = doraConfig.github;
        if (!githubConfig) {
          httpRouter.use(await createRouter({ dora, httpAuth }));
          return;
        }
        const integration = ScmIntegrations.fromConfig(config).github.byHost(
          githubConfig.host,
        );
        if (!integration) {
          throw new Error(
            `Invalid config at dora.github.host: no integrations.github entry for host "${githubConfig.host}"`,
          );
        }
        const { token } =
          await DefaultGithubCredentialsProvider.fromIntegrations(
            ScmIntegrations.fromConfig(config),
          ).getCredentials({ url: `https://${githubConfig.host}` });
        const sync = new GithubDoraSync({
          client: new GithubDoraClient({
            apiBaseUrl: integration.config.apiBaseUrl!,
            token,
            logger,
          }),
          dora,
          store,
          config: githubConfig,
          logger,
        });

        httpRouter.use(
          await createRouter({
            dora,
            httpAuth,
            githubSync: {
              status: () => sync.status(),
              trigger: () => scheduler.triggerTask(GITHUB_BACKFILL_TASK_ID),
            },
          }),
        );

        await scheduler.scheduleTask({
          id: GITHUB_BACKFILL_TASK_ID,
          ...githubConfig.schedule,
          fn: async () => {
            await sync.syncAll();
          },
        });

        await events.subscribe({
          id: 'dora-github-webhooks',
          topics: GITHUB_WEBHOOK_EVENTS.map(event => `github.${event}`),
          async onEvent({ topic, eventPayload }) {
            const event = topic.slice('github.'.length);
            const parsed = githubWebhookPayloadSchema.safeParse({
              ...(eventPayload as object),
              event,
            });
            if (!parsed.success) {
              logger.warn(
                `DORA ignored a malformed GitHub ${event} webhook (nothing stored): ${describeZodIssues(
                  parsed.error,
                )}`,
              );
              return;
            }
            try {
              await sync.handleWebhook(parsed.data);
            } catch (error) {
              logger.error(
                `DORA could not store a GitHub ${event} webhook of ${parsed.data.repository.full_name}; the next backfill pass reads it: ${error}`,
              );
            }
          },
        });
      },
    });
  },
});
