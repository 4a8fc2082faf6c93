import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { waitFor } from '@internal/fake-cloud';
import { Knex } from 'knex';
import request from 'supertest';
import { costPlugin } from '../plugin';

/** A schedule that keeps the scheduler from running a task at start-up: tests trigger it. */
export const TRIGGERED_SCHEDULE = {
  frequency: { hours: 6 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 1 },
};

/**
 * The cost backend on `knex` with the catalog's `entities` and `cost`
 * config, its scheduler at hand: `importOnce` triggers a scheduled import
 * and waits for the `count`th finished import, which it answers.
 */
export async function startScheduledCostBackend(input: {
  knex: Knex;
  entities: Entity[];
  cost: object;
}) {
  let scheduler: SchedulerService | undefined;
  const backend = await startTestBackend({
    features: [
      costPlugin,
      createBackendModule({
        pluginId: 'cost',
        moduleId: 'test-scheduler',
        register(env) {
          env.registerInit({
            deps: { s: coreServices.scheduler },
            async init({ s }) {
              scheduler = s;
            },
          });
        },
      }),
      catalogServiceMock.factory({ entities: input.entities }),
      mockServices.database.factory({ knex: input.knex }),
      mockServices.rootConfig.factory({ data: { cost: input.cost } }),
    ],
  });
  const get = async (path: string) =>
    (
      await request(backend.server)
        .get(`/api/cost${path}`)
        .set('Authorization', mockCredentials.user.header())
        .expect(200)
    ).body;
  const importOnce = async (taskId: string, count: number) => {
    await scheduler!.triggerTask(taskId);
    return waitFor(
      `import ${count}`,
      async () => {
        const { imports } = await get('/imports');
        const done = imports.filter((i: any) => i.status !== 'running');
        return done.length >= count ? done[0] : undefined;
      },
      { timeoutMs: 120_000 },
    );
  };
  return { backend, get, importOnce };
}
