import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
// The real events service: the test default isolates each plugin's events.
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeGithubRepo,
  FakeGithubServer,
  githubWebhookModules,
  signGithubWebhook,
  startFakeGithub,
  waitFor,
} from '@internal/fake-cloud';
import request from 'supertest';
import { runbooksPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const TOKEN = 'ghs_runbooks_push';
const SECRET = 'runbooks-webhook-secret';

const cartRepo = (alert: string): FakeGithubRepo => ({
  name: 'cart-service',
  files: {
    'docs/runbooks/cart.md': `---\nalerts: [${alert}]\n---\n# Cart\n\n## Overview\n\nCarts.\n`,
  },
});

describe('a GitHub push re-reads the repository’s runbooks', () => {
  let github: FakeGithubServer;
  let server: Parameters<typeof request>[0];

  beforeEach(async () => {
    github = await startFakeGithub(
      { login: 'lumen-retail', repos: [cartRepo('CartDown')] },
      { token: TOKEN },
    );
    const backend = await startTestBackend({
      features: [
        runbooksPlugin,
        eventsPlugin,
        ...githubWebhookModules(),
        eventsServiceFactory,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'cart-service',
                namespace: 'default',
                annotations: {
                  'github.com/project-slug': 'lumen-retail/cart-service',
                },
              },
              spec: {
                type: 'service',
                lifecycle: 'production',
                owner: 'checkout-squad',
              },
            },
          ],
        }),
        // Each plugin its own database, as in production.
        createServiceFactory({
          service: coreServices.database,
          deps: { plugin: coreServices.pluginMetadata },
          factory: async () =>
            mockServices.database({
              knex: await databases.init('POSTGRES_15'),
            }),
        }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: github.apiBaseUrl,
                  token: TOKEN,
                },
              ],
            },
            events: { modules: { github: { webhookSecret: SECRET } } },
            runbooks: {
              schedule: {
                frequency: { days: 1 },
                timeout: { minutes: 5 },
                initialDelay: { days: 1 },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterEach(async () => {
    await github.close();
  });

  const alertStatus = async (alert: string) =>
    (
      await request(server)
        .get(`/api/runbooks/alerts/${alert}`)
        .set('Authorization', mockCredentials.user.header())
        .expect(200)
    ).body.status;

  it('serves the pushed runbook without waiting for the schedule', async () => {
    await request(server)
      .post('/api/runbooks/refresh')
      .set('Authorization', mockCredentials.user.header())
      .send({})
      .expect(200);
    expect(await alertStatus('CartDown')).toBe('found');

    github.setRepos([cartRepo('CartUnavailable')]);
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: {
        id: 1,
        name: 'cart-service',
        full_name: 'lumen-retail/cart-service',
        html_url: 'https://github.com/lumen-retail/cart-service',
        default_branch: 'main',
      },
      commits: [{ modified: ['docs/runbooks/cart.md'] }],
    });
    await request(server)
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push')
      .set('x-github-delivery', 'delivery-push-1')
      .set('x-hub-signature-256', signGithubWebhook(body, SECRET))
      .send(body)
      .expect(202);

    await waitFor(
      'the pushed alert to resolve',
      async () =>
        (await alertStatus('CartUnavailable')) === 'found' ? true : undefined,
      { timeoutMs: 20_000 },
    );
    expect(await alertStatus('CartDown')).toBe('not-found');
  });
});
