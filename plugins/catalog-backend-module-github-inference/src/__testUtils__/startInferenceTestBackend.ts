import {
  BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { JsonObject } from '@backstage/types';
import { FakeGithubServer } from '@internal/fake-cloud';
import { Knex } from 'knex';
import { catalogModuleGithubInference } from '../module';

export const INFERENCE_TASK_ID = 'github-inference:lumen-retail:refresh';

/**
 * The catalog with the inference module on real PostgreSQL, reading the
 * given fake GitHub. Passes run when the test triggers them.
 */
export async function startInferenceTestBackend(options: {
  databases: TestDatabases;
  github: FakeGithubServer;
  features?: BackendFeature[];
  config?: JsonObject;
}) {
  const knex: Knex = await options.databases.init('POSTGRES_15');
  // Every other plugin (e.g. events) gets a database of its own, as in
  // production: plugins must not share knex_migrations.
  const database = createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: async ({ plugin }) =>
      mockServices.database({
        knex:
          plugin.getId() === 'catalog'
            ? knex
            : await options.databases.init('POSTGRES_15'),
      }),
  });
  let scheduler: SchedulerService | undefined;
  const captureScheduler = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { s: coreServices.scheduler },
        async init({ s }) {
          scheduler = s;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleGithubInference,
      captureScheduler,
      ...(options.features ?? []),
      database,
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: options.github.apiBaseUrl,
                token: 'ghp_test',
              },
            ],
          },
          catalog: {
            providers: {
              githubInference: {
                'lumen-retail': {
                  organization: 'lumen-retail',
                  // An initial delay keeps the test scheduler from running a
                  // pass at start-up: each test triggers its own.
                  schedule: {
                    frequency: { hours: 1 },
                    timeout: { minutes: 5 },
                    initialDelay: { seconds: 1 },
                  },
                },
              },
            },
          },
          ...options.config,
        },
      }),
    ],
  });
  return { server: backend.server, scheduler: scheduler!, knex };
}
