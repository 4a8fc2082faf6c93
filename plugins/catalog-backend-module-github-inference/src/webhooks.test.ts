import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import eventsPlugin from '@backstage/plugin-events-backend';
// The real events service: the test default isolates each plugin's events.
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  FakeGithubServer,
  githubWebhookModules,
  lumenRetailGithubOrg,
  signGithubWebhook,
  startFakeGithub,
  waitFor,
} from '@internal/fake-cloud';
import { Knex } from 'knex';
import request from 'supertest';
import {
  INFERENCE_TASK_ID,
  startInferenceTestBackend,
} from './__testUtils__/startInferenceTestBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const WEBHOOK_SECRET = 'lumen-webhook-secret';
const ORG = { login: 'lumen-retail' };

describe('GitHub webhooks update inferred components between passes', () => {
  let github: FakeGithubServer;
  let server: Parameters<typeof request>[0];
  let knex: Knex;

  beforeEach(async () => {
    github = await startFakeGithub(lumenRetailGithubOrg(), {
      token: 'ghp_test',
    });
    let scheduler;
    ({ server, scheduler, knex } = await startInferenceTestBackend({
      databases,
      github,
      features: [eventsPlugin, ...githubWebhookModules(), eventsServiceFactory],
      config: {
        events: { modules: { github: { webhookSecret: WEBHOOK_SECRET } } },
      },
    }));
    await scheduler.triggerTask(INFERENCE_TASK_ID);
    await waitFor('4 inferred components', async () =>
      (await inferred()).length === 4 ? true : undefined,
    );
  });

  afterEach(async () => {
    await github.close();
  });

  async function inferred(): Promise<Entity[]> {
    const res = await request(server)
      .get(
        '/api/catalog/entities?filter=metadata.annotations.paved.dev/inferred=true',
      )
      .set('Authorization', mockCredentials.user.header());
    return res.body;
  }
  const names = async () => (await inferred()).map(e => e.metadata.name).sort();

  function deliver(event: string, payload: object, secret = WEBHOOK_SECRET) {
    const body = JSON.stringify(payload);
    const signature = signGithubWebhook(body, secret);
    return request(server)
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', event)
      .set('x-github-delivery', `delivery-${Math.random()}`)
      .set('x-hub-signature-256', signature)
      .send(body);
  }

  const repository = (name: string) => ({
    name,
    full_name: `lumen-retail/${name}`,
    owner: ORG,
    default_branch: 'main',
  });

  it('drops the inferred component once a push adds catalog-info.yaml', async () => {
    const org = lumenRetailGithubOrg();
    github.setRepos(
      org.repos.map(repo =>
        repo.name === 'pricing-engine'
          ? {
              ...repo,
              files: {
                ...repo.files,
                'catalog-info.yaml':
                  'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: pricing-engine\nspec:\n  type: service\n  lifecycle: production\n  owner: checkout-squad\n',
              },
            }
          : repo,
      ),
    );
    const res = await deliver('push', {
      ref: 'refs/heads/main',
      repository: repository('pricing-engine'),
    });
    expect(res.status).toBe(202);

    await waitFor('pricing-engine no longer inferred', async () =>
      (await names()).includes('pricing-engine') ? undefined : true,
    );
    expect(await names()).toEqual([
      'data-pipelines',
      'legacy-storefront',
      'warehouse-scanner',
    ]);
    const facts = await knex('paved_repository_facts')
      .where({ repository_slug: 'lumen-retail/pricing-engine' })
      .first();
    expect(facts).toMatchObject({ has_catalog_info: true, entity_ref: null });
  });

  it('adds a created repository and removes a deleted one', async () => {
    const org = lumenRetailGithubOrg();
    github.setRepos([
      ...org.repos.filter(repo => repo.name !== 'data-pipelines'),
      {
        name: 'loyalty-points',
        description: 'Earns and burns loyalty points',
        language: 'Go',
        files: {
          Dockerfile: 'FROM scratch\n',
          '.github/CODEOWNERS': '* @lumen-retail/checkout-squad\n',
        },
      },
    ]);
    expect(
      (
        await deliver('repository', {
          action: 'created',
          repository: repository('loyalty-points'),
        })
      ).status,
    ).toBe(202);
    expect(
      (
        await deliver('repository', {
          action: 'deleted',
          repository: repository('data-pipelines'),
        })
      ).status,
    ).toBe(202);

    const after = await waitFor(
      'loyalty-points in, data-pipelines out',
      async () => {
        const found = await inferred();
        const byName = new Map(found.map(e => [e.metadata.name, e]));
        return byName.has('loyalty-points') && !byName.has('data-pipelines')
          ? byName
          : undefined;
      },
    );
    expect(after.get('loyalty-points')?.spec).toMatchObject({
      owner: 'group:default/checkout-squad',
      type: 'service',
    });
    expect(
      await knex('paved_repository_facts').where({
        repository_slug: 'lumen-retail/data-pipelines',
      }),
    ).toHaveLength(0);
  });

  it('refuses a webhook whose signature does not match, and changes nothing', async () => {
    github.setRepos(
      lumenRetailGithubOrg().repos.filter(r => r.name !== 'warehouse-scanner'),
    );
    const res = await deliver(
      'repository',
      { action: 'deleted', repository: repository('warehouse-scanner') },
      'not-the-secret',
    );
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'invalid signature' });
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(await names()).toContain('warehouse-scanner');
  });
});
