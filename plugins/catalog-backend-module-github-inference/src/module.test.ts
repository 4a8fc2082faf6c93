import { SchedulerService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FakeGithubServer,
  lumenRetailGithubOrg,
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
const TASK_ID = INFERENCE_TASK_ID;

describe('GitHub inference, against a fake GitHub serving the demo organisation', () => {
  let github: FakeGithubServer;
  let scheduler: SchedulerService;
  let server: Parameters<typeof request>[0];
  let knex: Knex;

  beforeEach(async () => {
    github = await startFakeGithub(lumenRetailGithubOrg(), { token: 'ghp_test' });
    ({ server, scheduler, knex } = await startInferenceTestBackend({
      databases,
      github,
    }));
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

    // The pass is on record for the ingestion admin page.
    const [run] = await knex('paved_ingestion_runs');
    expect(run).toMatchObject({
      provider: 'github-inference:lumen-retail',
      source_kind: 'github',
      target: 'lumen-retail',
      outcome: 'complete',
      counts: expect.objectContaining({ repositories: 21, inferred: 4, unowned: 1 }),
    });
    expect(components['data-pipelines'].metadata.annotations).toMatchObject({
      'paved.dev/ingested-by': 'github-inference:lumen-retail',
      'paved.dev/source-kind': 'github',
      'paved.dev/source-location': 'lumen-retail/data-pipelines',
      'paved.dev/unowned': 'true',
    });

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
    const runs = await knex('paved_ingestion_runs').orderBy('id');
    expect(runs.map(r => r.outcome)).toEqual(['complete', 'failed']);
    expect(runs[1].error).toMatch(/^GET \/repos\/lumen-retail\/.+\/git\/trees\/.+ answered 502: Server Error$/);

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
