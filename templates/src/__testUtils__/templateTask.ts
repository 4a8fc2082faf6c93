import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleGoldenPaths from '@internal/plugin-scaffolder-backend-module-golden-paths';
import request from 'supertest';

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const USER = mockCredentials.user.header('user:default/guest');

/** How often the scaffolder's task broker polls a task's events. */
const EVENT_POLL_MS = 1000;

/** How a task created through the scaffolder's API ended. */
export type TaskRun = {
  id: string;
  status: 'completed' | 'failed' | 'cancelled';
  /** The template's `output`, rendered (links, text), when it completed. */
  output: Record<string, any>;
  /** Every log line, in order, as `<stepId>: <message>`. */
  log: string[];
  /** The failure's message, when it failed. */
  error?: string;
};

/**
 * A backend with the real scaffolder, its GitHub actions and Paved's
 * golden-path actions, whose catalog holds `entities` (templates among them,
 * with their `file:` location, so `fetch:template` reads their skeleton from
 * templates/), and whose GitHub integration points at `github` — to run a
 * template for real, as the portal's Create page does: `POST
 * /api/scaffolder/v2/tasks`, then the task is polled until it ends.
 */
export async function startTemplateTaskRunner(options: {
  entities: Entity[];
  github: { apiBaseUrl: string; token: string };
}) {
  const knex = await databases.init('POSTGRES_15');
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleGithub,
      scaffolderModuleGoldenPaths,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.database.factory({ knex }),
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs: [
            'user:default/guest',
            'group:default/checkout-squad',
          ],
        }),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          scaffolder: {
            defaultAuthor: {
              name: 'Paved',
              email: 'paved@lumen-retail.example',
            },
          },
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: options.github.apiBaseUrl,
                token: options.github.token,
              },
            ],
          },
        },
      }),
    ],
  });

  async function waitForEnd(id: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('authorization', USER);
      if (['completed', 'failed', 'cancelled'].includes(res.body.status)) {
        return res.body.status as TaskRun['status'];
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Task ${id} still ${res.body.status} after ${timeoutMs} ms`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  return {
    /** Creates a task from a template in the catalog and waits for it to end. */
    async run(
      templateRef: string,
      values: Record<string, unknown>,
      timeoutMs = 60_000,
    ): Promise<TaskRun> {
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('authorization', USER)
        .send({ templateRef, values });
      if (created.status !== 201) {
        throw new Error(
          `The task was not created (${created.status}): ${JSON.stringify(
            created.body,
          )}`,
        );
      }
      const { id } = created.body as { id: string };
      const status = await waitForEnd(id, timeoutMs);
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('authorization', USER);
      type TaskEvent = {
        type: string;
        body: {
          message?: string;
          stepId?: string;
          output?: Record<string, unknown>;
          error?: { message: string };
        };
      };
      const list = events.body as TaskEvent[];
      const completion = list.find(e => e.type === 'completion');
      return {
        id,
        status,
        output: completion?.body.output ?? {},
        log: list
          .filter(e => e.type === 'log')
          .map(e => `${e.body.stepId ?? '-'}: ${e.body.message}`),
        error: completion?.body.error?.message,
      };
    },
    /**
     * Stops the backend, then waits out the scaffolder's event polling: the
     * broker follows each task it ran through its events, polled every
     * second (and not stopped with the backend), until it reads the
     * completion event (a recoverable task's, never) — a fast task's last
     * poll comes after the backend stopped, and must not find the test
     * database gone; the poller then sleeps once more before it ends.
     */
    async stop() {
      await backend.stop();
      await new Promise(resolve =>
        setTimeout(resolve, 2 * EVENT_POLL_MS + 500),
      );
    },
  };
}
