import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  FakeGithubServer,
  lumenRetailGithubOrg,
  startFakeGithub,
  waitFor,
} from '@internal/fake-cloud';
import { Knex } from 'knex';
import request from 'supertest';
import { catalogModuleGithubInference } from './module';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const TASK_ID = 'github-inference:lumen-retail:refresh';

describe('GitHub inference, against a fake GitHub serving the demo organisation', () => {
  let github: FakeGithubServer;
  let scheduler: SchedulerService;
  let server: Parameters<typeof request>[0];
  let knex: Knex;

  beforeEach(async () => {
    github = await startFakeGithub(lumenRetailGithubOrg(), { token: 'ghp_test' });
    knex = await databases.init('POSTGRES_15');
    // The catalog's scheduler, so the test decides when a pass runs.
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
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                { host: 'github.com', apiBaseUrl: github.apiBaseUrl, token: 'ghp_test' },
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
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterEach(async () => {
    await github.close();
  });

  const inferredComponents = async (): Promise<Entity[]> => {
    const res = await request(server)
      .get('/api/catalog/entities?filter=metadata.annotations.paved.dev/inferred=true')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const byName = (entities: Entity[]) =>
    Object.fromEntries(entities.map(e => [e.metadata.name, e]));

  it('infers a component, with its owner, for each repository without catalog-info.yaml', async () => {
    await scheduler.triggerTask(TASK_ID);
    const entities = await waitFor('4 inferred components', async () => {
      const found = await inferredComponents();
      return found.length === 4 ? found : undefined;
    });
    const components = byName(entities);
    expect(Object.keys(components).sort()).toEqual([
      'data-pipelines',
      'legacy-storefront',
      'pricing-engine',
      'warehouse-scanner',
    ]);
    expect(components['pricing-engine'].spec).toMatchObject({
      owner: 'group:default/checkout-squad',
      type: 'service',
    });
    expect(components['pricing-engine'].metadata.annotations).toMatchObject({
      'paved.dev/owner-source': 'codeowners',
      'github.com/project-slug': 'lumen-retail/pricing-engine',
    });
    expect(components['warehouse-scanner'].spec?.owner).toBe(
      'group:default/fulfilment-squad',
    );
    expect(components['data-pipelines'].spec?.owner).toBe('group:default/unowned');
    expect(components['legacy-storefront'].spec?.lifecycle).toBe('deprecated');
    // Declared repositories are the catalog's own business, not inferred.
    expect(components['checkout-service']).toBeUndefined();
    // Every request carried the integration's token.
    expect(github.requests.every(r => r.status !== 401)).toBe(true);

    // Facts of every repository, declared or inferred, for scorecards.
    const facts = await knex('paved_repository_facts').orderBy('repository_slug');
    expect(facts).toHaveLength(21);
    expect(
      facts.find(f => f.repository_slug === 'lumen-retail/checkout-service'),
    ).toMatchObject({
      entity_ref: null,
      has_catalog_info: true,
      has_dockerfile: true,
      has_codeowners: true,
      runbooks: [expect.stringMatching(/^docs\/runbooks\/.+\.md$/)],
    });
    expect(
      facts.find(f => f.repository_slug === 'lumen-retail/pricing-engine'),
    ).toMatchObject({
      entity_ref: 'component:default/pricing-engine',
      has_catalog_info: false,
    });
  });

  it('keeps what it had when a pass fails, and drops a deleted repository after a complete pass', async () => {
    await scheduler.triggerTask(TASK_ID);
    await waitFor('4 inferred components', async () =>
      (await inferredComponents()).length === 4 ? true : undefined,
    );

    const org = lumenRetailGithubOrg();
    github.setRepos(org.repos.filter(repo => repo.name !== 'pricing-engine'));
    github.failNext(/\/git\/trees\//, { status: 502 });
    await expect(scheduler.triggerTask(TASK_ID)).resolves.toBeUndefined();
    await new Promise(resolve => setTimeout(resolve, 1500));
    expect(Object.keys(byName(await inferredComponents()))).toContain('pricing-engine');

    await scheduler.triggerTask(TASK_ID);
    const after = await waitFor('pricing-engine to go', async () => {
      const found = byName(await inferredComponents());
      return found['pricing-engine'] ? undefined : found;
    });
    expect(Object.keys(after).sort()).toEqual([
      'data-pipelines',
      'legacy-storefront',
      'warehouse-scanner',
    ]);
  });

  it('asks conditionally on the next pass, so an unchanged organisation costs no rate limit', async () => {
    await scheduler.triggerTask(TASK_ID);
    await waitFor('4 inferred components', async () =>
      (await inferredComponents()).length === 4 ? true : undefined,
    );
    const firstPass = github.requests.length;
    await scheduler.triggerTask(TASK_ID);
    const secondPass = github.requests.slice(firstPass);
    expect(secondPass.length).toBe(firstPass);
    expect(new Set(secondPass.map(r => r.status))).toEqual(new Set([304]));
    expect(await inferredComponents()).toHaveLength(4);
  });

  it('waits out a rate limit instead of failing or hammering', async () => {
    github.failNext(/\/orgs\/lumen-retail\/repos/, {
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        'retry-after': '1',
      },
    });
    const started = Date.now();
    await scheduler.triggerTask(TASK_ID);
    await waitFor('4 inferred components', async () =>
      (await inferredComponents()).length === 4 ? true : undefined,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const listCalls = github.requests.filter(r => r.path === '/orgs/lumen-retail/repos');
    expect(listCalls.map(r => r.status)).toEqual([403, 200]);
  });
});
