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
import { Entity } from '@backstage/catalog-model';
import eventsPlugin from '@backstage/plugin-events-backend';
// The real events service: the test default isolates each plugin's events.
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeGithubServer,
  githubWebhookModules,
  signGithubWebhook,
  startFakeGithub,
  waitFor,
} from '@internal/fake-cloud';
import request from 'supertest';
import {
  CHECKOUT_REPOSITORY,
  checkoutWeekDelivery,
  M1,
} from '../__testUtils__/checkoutWeekOnGithub';
import { doraPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const TOKEN = 'ghp_dora_test';
const SECRET = 'dora-webhook-secret';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    namespace: 'default',
    annotations: { 'github.com/project-slug': CHECKOUT_REPOSITORY },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-squad' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout-squad' }],
};

const repository = {
  id: 1,
  name: 'checkout-service',
  full_name: CHECKOUT_REPOSITORY,
  default_branch: 'main',
};

describe('GitHub webhooks → DORA records', () => {
  let github: FakeGithubServer;
  let server: Parameters<typeof request>[0];

  beforeEach(async () => {
    github = await startFakeGithub(
      {
        login: 'lumen-retail',
        repos: [{ name: 'checkout-service', delivery: checkoutWeekDelivery }],
      },
      { token: TOKEN },
    );
    const backend = await startTestBackend({
      features: [
        doraPlugin,
        eventsPlugin,
        ...githubWebhookModules(),
        eventsServiceFactory,
        catalogServiceMock.factory({ entities: [checkout] }),
        // Each plugin its own database, as in production: dora and events
        // must not share knex_migrations.
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
            dora: { github: {} },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterEach(async () => {
    await github.close();
  });

  function deliver(event: string, payload: object, secret = SECRET) {
    const body = JSON.stringify(payload);
    return request(server)
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', event)
      .set('x-github-delivery', `delivery-${Math.random()}`)
      .set('x-hub-signature-256', signGithubWebhook(body, secret))
      .send(body);
  }

  const list = async (kind: string) =>
    (
      await request(server)
        .get(
          `/api/dora/${kind}?entityRef=component:default/checkout-service&from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z`,
        )
        .set('Authorization', mockCredentials.user.header())
        .expect(200)
    ).body[kind] as any[];

  const deploymentStatus = (state: string) => ({
    action: 'created',
    repository,
    deployment: {
      id: 101,
      sha: M1,
      ref: 'main',
      task: 'deploy',
      environment: 'production',
      description: null,
      created_at: '2026-11-02T12:30:00Z',
      updated_at: '2026-11-03T12:00:00Z',
    },
    deployment_status: { id: 9, state, created_at: '2026-11-03T12:00:00Z' },
  });

  it('stores a deployment once, with the finish time of its last success, however often it is delivered', async () => {
    // GitHub sends the `inactive` status when D102 replaces D101: the
    // deployment still finished at its success, 2 Nov 13:00.
    for (let i = 0; i < 3; i++) {
      expect(
        (await deliver('deployment_status', deploymentStatus('inactive')))
          .status,
      ).toBe(202);
    }
    const deployments = await waitFor('D101 stored', async () => {
      const found = await list('deployments');
      return found.length ? found : undefined;
    });
    expect(deployments).toEqual([
      expect.objectContaining({
        id: 'github-deployment:101',
        environment: 'production',
        finishedAt: '2026-11-02T13:00:00.000Z',
      }),
    ]);
  });

  it('stores a merged PR with its commits and reviews, and an incident issue', async () => {
    const pr = {
      number: 1,
      title: 'Basket API',
      body: null,
      user: { login: 'ana.silva' },
      created_at: '2026-11-02T10:00:00Z',
      updated_at: '2026-11-02T12:00:00Z',
      merged_at: '2026-11-02T12:00:00Z',
      merge_commit_sha: M1,
      head: { ref: 'feature/basket' },
      base: { ref: 'main' },
    };
    // The change list shows what production deployments shipped: D101 first.
    expect(
      (await deliver('deployment_status', deploymentStatus('success'))).status,
    ).toBe(202);
    expect(
      (
        await deliver('pull_request', {
          action: 'closed',
          repository,
          pull_request: pr,
        })
      ).status,
    ).toBe(202);
    expect(
      (
        await deliver('issues', {
          action: 'labeled',
          repository,
          issue: {
            number: 10,
            title: 'Totals wrong for EU shoppers',
            body: 'Since the deploy of commit 1111111',
            state: 'open',
            created_at: '2026-11-03T13:00:00Z',
            closed_at: null,
            labels: [{ name: 'incident' }],
          },
        })
      ).status,
    ).toBe(202);

    const changes = await waitFor('PR 1 stored', async () => {
      const found = await list('changes');
      return found.length ? found : undefined;
    });
    // The first commit came from the API: the payload has none.
    expect(changes[0]).toMatchObject({
      id: `${CHECKOUT_REPOSITORY}#1`,
      firstCommitAt: '2026-11-02T08:00:00.000Z',
      firstReviewAt: '2026-11-02T11:00:00.000Z',
    });
    const incidents = await waitFor('issue 10 stored', async () => {
      const found = await list('incidents');
      return found.length ? found : undefined;
    });
    expect(incidents[0]).toMatchObject({
      id: `github-issue:${CHECKOUT_REPOSITORY}#10`,
      attribution: 'named-sha',
      deploymentId: 'github-deployment:101',
    });
    // Still open.
    expect(incidents[0].resolvedAt).toBeUndefined();
  });

  it('refuses a bad signature and ignores a malformed payload, storing nothing', async () => {
    const refused = await deliver(
      'deployment_status',
      deploymentStatus('success'),
      'not-the-secret',
    );
    expect(refused.status).toBe(403);
    const malformed = deploymentStatus('success') as any;
    delete malformed.deployment.sha;
    expect((await deliver('deployment_status', malformed)).status).toBe(202);
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(await list('deployments')).toEqual([]);
  });
});
