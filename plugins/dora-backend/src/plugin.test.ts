import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { doraPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const HOUR = 3600;

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'github.com/project-slug': `lumen-retail/${name}` },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const catalogEntities: Entity[] = [
  component('checkout-service', 'checkout-squad'),
  component('cart-service', 'checkout-squad'),
  component('search-service', 'discovery-squad'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'checkout-squad', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

const sha = (c: string) => c.repeat(40);

async function start(
  options: {
    entities?: Entity[];
    knex?: Awaited<ReturnType<typeof databases.init>>;
  } = {},
) {
  const knex = options.knex ?? (await databases.init('POSTGRES_15'));
  const backend = await startTestBackend({
    features: [
      doraPlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? catalogEntities,
      }),
      mockServices.database.factory({ knex }),
    ],
  });
  return { server: backend.server, knex, stop: () => backend.stop() };
}

/**
 * One week of checkout-service (hand-computed in the test below):
 * PR 1 squash-merged and deployed alone; PRs 2 and 3 shipped together by d2,
 * which an incident then hits and a rollback (d3) repairs; a staging deploy
 * that must not count; PR 4 deployed to two production regions.
 */
async function postCheckoutWeek(server: any) {
  const post = (path: string, body: object) =>
    request(server).post(`/api/dora/${path}`).send(body).expect(201);
  const repository = 'lumen-retail/checkout-service';
  await post('changes', {
    repository,
    number: 1,
    title: 'Squashed: new basket API',
    firstCommitAt: '2026-11-02T08:00:00Z',
    openedAt: '2026-11-02T09:00:00Z',
    firstReviewAt: '2026-11-02T10:00:00Z',
    mergedAt: '2026-11-02T11:00:00Z',
    mergeSha: sha('a'),
  });
  await post('deployments', {
    id: 'd1',
    repository,
    environment: 'production',
    sha: sha('a'),
    finishedAt: '2026-11-02T12:00:00Z',
  });
  await post('changes', {
    repository,
    number: 2,
    title: 'Faster tax lookup',
    firstCommitAt: '2026-11-03T09:00:00Z',
    openedAt: '2026-11-03T10:00:00Z',
    mergedAt: '2026-11-03T12:00:00Z',
    mergeSha: sha('b'),
  });
  await post('changes', {
    repository,
    number: 3,
    title: 'Coupon stacking',
    firstCommitAt: '2026-11-03T10:00:00Z',
    openedAt: '2026-11-03T11:00:00Z',
    firstReviewAt: '2026-11-03T11:30:00Z',
    mergedAt: '2026-11-03T13:00:00Z',
    mergeSha: sha('c'),
  });
  await post('deployments', {
    id: 'd2',
    entityRef: 'component:default/checkout-service',
    environment: 'production',
    sha: sha('c'),
    changeShas: [sha('b'), sha('c')],
    finishedAt: '2026-11-03T14:00:00Z',
  });
  await post('incidents', {
    id: 'INC-1',
    repository,
    title: 'Checkout 500s',
    openedAt: '2026-11-03T15:00:00Z',
    resolvedAt: '2026-11-03T16:00:00Z',
  });
  await post('deployments', {
    id: 'd3',
    repository,
    environment: 'production',
    sha: sha('a'),
    unplannedReason: 'rollback',
    remediatesDeploymentId: 'api:d2',
    finishedAt: '2026-11-03T15:30:00Z',
  });
  await post('deployments', {
    id: 's1',
    repository,
    environment: 'staging',
    sha: sha('d'),
    finishedAt: '2026-11-04T10:00:00Z',
  });
  await post('changes', {
    repository,
    number: 4,
    title: 'EU VAT rules',
    firstCommitAt: '2026-11-05T07:00:00Z',
    openedAt: '2026-11-05T07:30:00Z',
    mergedAt: '2026-11-05T08:00:00Z',
    mergeSha: sha('e'),
  });
  for (const [id, environment, finishedAt] of [
    ['d4', 'production-eu', '2026-11-05T09:00:00Z'],
    ['d5', 'production-us', '2026-11-05T10:00:00Z'],
  ]) {
    await post('deployments', {
      id,
      source: 'argocd',
      repository,
      environment,
      sha: sha('e'),
      finishedAt,
    });
  }
}

const WEEK = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z';

describe('dora backend', () => {
  it('computes a service’s metrics from deployments, changes and incidents posted to the API', async () => {
    const { server } = await start();
    await postCheckoutWeek(server);

    const { body } = await request(server)
      .get(
        `/api/dora/metrics?entityRef=component:default/checkout-service&${WEEK}`,
      )
      .expect(200);

    // d1, d2, d3, d4, d5 (s1 is staging) over 7 days; deploy days Mon, Tue, Thu.
    expect(body.deploymentFrequency).toEqual({
      deployments: 5,
      perDay: 5 / 7,
      medianDeployDaysPerWeek: 3,
      level: 'high',
    });
    // PR1 08:00→d1 12:00 = 4 h; PR2 09:00→d2 14:00 = 5 h; PR3 10:00→14:00 = 4 h;
    // PR4 07:00→d4 09:00 = 2 h (the first region). Sorted 2,4,4,5: median 4 h;
    // p90 at rank 0.9·3 = 2.7 → 4 h + 0.7·1 h = 4.7 h.
    expect(body.leadTime.count).toBe(4);
    expect(body.leadTime.medianSeconds).toBe(4 * HOUR);
    expect(body.leadTime.p90Seconds).toBeCloseTo(4.7 * HOUR, 6);
    expect(body.leadTime.level).toBe('elite');
    // coding 1,1,1,0.5 h → 1 h; pickup (reviewed PRs) 1, 0.5 h → 0.75 h;
    // review 1, 2, 1.5, 0.5 h → 1.25 h; deploy 1, 2, 1, 1 h → 1 h.
    expect(body.leadTime.stages.coding.medianSeconds).toBe(HOUR);
    expect(body.leadTime.stages.pickup.medianSeconds).toBe(0.75 * HOUR);
    expect(body.leadTime.stages.review.medianSeconds).toBe(1.25 * HOUR);
    expect(body.leadTime.stages.deploy.medianSeconds).toBe(HOUR);
    // d2 failed (the incident, by time, and the rollback name it): 1 of 5.
    expect(body.changeFailureRate).toEqual({
      deployments: 5,
      failedDeployments: 1,
      rate: 0.2,
      level: 'low',
    });
    // d2 14:00 → rollback d3 15:30.
    expect(body.failedDeploymentRecoveryTime.medianSeconds).toBe(1.5 * HOUR);
    expect(body.timeToRestore.medianSeconds).toBe(HOUR);
    expect(body.reworkRate).toEqual({
      deployments: 5,
      unplannedDeployments: 1,
      rate: 0.2,
    });
    expect(body.bands).toBe('2023');
  });

  it('narrows to one production region', async () => {
    const { server } = await start();
    await postCheckoutWeek(server);
    const { body } = await request(server)
      .get(
        `/api/dora/metrics?entityRef=component:default/checkout-service&environment=production-us&${WEEK}`,
      )
      .expect(200);
    expect(body.deploymentFrequency.deployments).toBe(1);
    // d5 (Thu 10:00) is the first production-us deployment after every merge,
    // so it is where all four PRs reached that region: PR1 Mon 08:00 → 74 h,
    // PR2 Tue 09:00 → 49 h, PR3 Tue 10:00 → 48 h, PR4 Thu 07:00 → 3 h.
    // Sorted 3, 48, 49, 74: median 48.5 h.
    expect(body.leadTime.count).toBe(4);
    expect(body.leadTime.medianSeconds).toBe(48.5 * HOUR);
    // Nothing failed in production-us.
    expect(body.changeFailureRate.failedDeployments).toBe(0);
  });

  it('aggregates a squad over the services it owns, never by people', async () => {
    const { server } = await start();
    await postCheckoutWeek(server);
    await request(server)
      .post('/api/dora/deployments')
      .send({
        id: 'c1',
        repository: 'lumen-retail/cart-service',
        environment: 'production',
        sha: sha('f'),
        finishedAt: '2026-11-06T10:00:00Z',
      })
      .expect(201);
    await request(server)
      .post('/api/dora/deployments')
      .send({
        id: 'x1',
        repository: 'lumen-retail/search-service',
        environment: 'production',
        sha: sha('f'),
        finishedAt: '2026-11-06T10:00:00Z',
      })
      .expect(201);
    const { body } = await request(server)
      .get(`/api/dora/metrics?entityRef=group:default/checkout-squad&${WEEK}`)
      .expect(200);
    // checkout-service's 5 and cart-service's 1; search-service is another squad's.
    expect(body.deploymentFrequency.deployments).toBe(6);
    expect(body.changeFailureRate.failedDeployments).toBe(1);
  });

  it('moves a service’s history with it when it changes squads', async () => {
    const first = await start();
    await postCheckoutWeek(first.server);
    const squadsOf = async (server: any) =>
      Object.fromEntries(
        (
          await request(server).get(`/api/dora/squads?${WEEK}`).expect(200)
        ).body.squads.map((s: any) => [
          s.entityRef,
          s.metrics.deploymentFrequency.deployments,
        ]),
      );
    expect(await squadsOf(first.server)).toEqual({
      'group:default/checkout-squad': 5,
      'group:default/discovery-squad': 0,
    });
    await first.stop();

    // The catalog now says discovery-squad owns checkout-service.
    const moved = await start({
      knex: first.knex,
      entities: [
        component('checkout-service', 'discovery-squad'),
        component('cart-service', 'checkout-squad'),
        component('search-service', 'discovery-squad'),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'discovery-squad', namespace: 'default' },
          spec: { type: 'team', children: [] },
        },
      ],
    });
    expect(await squadsOf(moved.server)).toEqual({
      'group:default/checkout-squad': 0,
      'group:default/discovery-squad': 5,
    });
    const { body } = await request(moved.server)
      .get(`/api/dora/metrics?entityRef=group:default/discovery-squad&${WEEK}`)
      .expect(200);
    expect(body.deploymentFrequency.deployments).toBe(5);
  });

  it('drills down to the deployments, changes and incidents behind the numbers', async () => {
    const { server } = await start();
    await postCheckoutWeek(server);
    const query = `entityRef=component:default/checkout-service&${WEEK}`;

    const deployments = await request(server)
      .get(`/api/dora/deployments?${query}`)
      .expect(200);
    expect(
      deployments.body.deployments.map((d: any) => [
        d.id,
        d.failedBecause,
        d.changeIds,
      ]),
    ).toEqual([
      ['argocd:d5', [], []],
      ['argocd:d4', [], ['lumen-retail/checkout-service#4']],
      ['api:d3', [], []],
      [
        'api:d2',
        ['incident', 'remediated', 'reverted'],
        ['lumen-retail/checkout-service#2', 'lumen-retail/checkout-service#3'],
      ],
      ['api:d1', [], ['lumen-retail/checkout-service#1']],
    ]);

    const changes = await request(server)
      .get(`/api/dora/changes?${query}`)
      .expect(200);
    expect(
      Object.fromEntries(
        changes.body.changes.map((c: any) => [
          c.number,
          [c.method, c.leadTimeSeconds / HOUR],
        ]),
      ),
    ).toEqual({
      1: ['sha', 4],
      2: ['explicit', 5],
      3: ['explicit', 4],
      4: ['sha', 2],
    });

    const incidents = await request(server)
      .get(`/api/dora/incidents?${query}`)
      .expect(200);
    expect(incidents.body.incidents).toEqual([
      expect.objectContaining({
        id: 'api:INC-1',
        deploymentId: 'api:d2',
        attribution: 'time',
        restoreSeconds: HOUR,
      }),
    ]);

    const series = await request(server)
      .get(
        `/api/dora/series?entityRef=component:default/checkout-service&from=2026-11-02T00:00:00Z&to=2026-11-16T00:00:00Z`,
      )
      .expect(200);
    expect(series.body.points.map((p: any) => p.deployments)).toEqual([5, 0]);
  });

  it('exports the records behind the numbers as CSV', async () => {
    const { server } = await start();
    await postCheckoutWeek(server);
    const query = `entityRef=component:default/checkout-service&${WEEK}`;
    const res = await request(server)
      .get(`/api/dora/deployments.csv?${query}`)
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="dora-deployments-component_default_checkout-service-2026-11-02-2026-11-09.csv"',
    );
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,entityRef,repository,environment,sha,source,startedAt,finishedAt,unplannedReason,failed,failedBecause,changeIds,incidentIds,url',
    );
    expect(lines).toHaveLength(6);
    expect(lines.find(line => line.startsWith('api:d2,'))).toContain(
      ',true,incident remediated reverted,lumen-retail/checkout-service#2 lumen-retail/checkout-service#3,api:INC-1,',
    );
    const changes = await request(server)
      .get(`/api/dora/changes.csv?${query}`)
      .expect(200);
    expect(changes.text.split('\r\n')[0]).toMatch(
      /^id,entityRef,repository,number,title,/,
    );
    await request(server)
      .get('/api/dora/incidents.csv?entityRef=nonsense')
      .expect(400);
  });

  it('takes a batch of records in one request, all or none', async () => {
    const { server, knex } = await start();
    const deployment = (id: string, deployedSha: string) => ({
      id,
      repository: 'lumen-retail/checkout-service',
      environment: 'production',
      sha: deployedSha,
      finishedAt: '2026-11-02T12:00:00Z',
    });
    const bad = await request(server)
      .post('/api/dora/deployments')
      .send([deployment('b1', 'a'.repeat(40)), deployment('b2', 'nope')])
      .expect(400);
    expect(bad.body.error.message).toMatch(/1\.sha: must be a git commit SHA/);
    expect(Number((await knex('dora_deployments').count())[0].count)).toBe(0);

    const { body } = await request(server)
      .post('/api/dora/deployments')
      .send([
        deployment('b1', 'a'.repeat(40)),
        deployment('b2', 'b'.repeat(40)),
      ])
      .expect(201);
    expect(body.deployments.map((d: any) => d.id)).toEqual([
      'api:b1',
      'api:b2',
    ]);
    expect(Number((await knex('dora_deployments').count())[0].count)).toBe(2);
  });

  it('ranks every squad that owns services', async () => {
    const { server } = await start();
    await postCheckoutWeek(server);
    const { body } = await request(server)
      .get(`/api/dora/squads?${WEEK}`)
      .expect(200);
    expect(
      body.squads.map((s: any) => [
        s.entityRef,
        s.components,
        s.metrics.deploymentFrequency.deployments,
      ]),
    ).toEqual([
      ['group:default/checkout-squad', 2, 5],
      ['group:default/discovery-squad', 1, 0],
    ]);
  });

  it('ranks squads with exactly the metrics their tab shows, for any zone or region, late events included', async () => {
    const { server } = await start();
    await postCheckoutWeek(server);
    const squad = 'group:default/checkout-squad';
    const both = async (query: string) => {
      const [squads, tab] = await Promise.all([
        request(server).get(`/api/dora/squads?${query}`).expect(200),
        request(server)
          .get(`/api/dora/metrics?entityRef=${squad}&${query}`)
          .expect(200),
      ]);
      return {
        org: squads.body.squads.find((s: any) => s.entityRef === squad).metrics,
        tab: tab.body,
      };
    };
    for (const query of [
      WEEK,
      `${WEEK}&timeZone=Pacific/Auckland`,
      `${WEEK}&environment=production-us`,
      'from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z',
    ]) {
      const { org, tab } = await both(query);
      expect(org).toEqual(tab);
    }

    // A late incident on the first deployment: the org page counts it at once.
    await request(server)
      .post('/api/dora/incidents')
      .send({
        id: 'INC-LATE',
        repository: 'lumen-retail/checkout-service',
        title: 'Found late',
        openedAt: '2026-11-02T12:30:00Z',
        resolvedAt: '2026-11-02T13:00:00Z',
      })
      .expect(201);
    const { org, tab } = await both(WEEK);
    expect(org).toEqual(tab);
    expect(org.timeToRestore.count).toBe(2);
    const status = await request(server).get('/api/dora/status').expect(200);
    expect(status.body).toEqual({ staleServices: 0 });
  });

  it('counts a redelivered record once', async () => {
    const { server, knex } = await start();
    const deployment = {
      id: 'd1',
      repository: 'lumen-retail/checkout-service',
      environment: 'production',
      sha: sha('a'),
      finishedAt: '2026-11-02T12:00:00Z',
    };
    await request(server)
      .post('/api/dora/deployments')
      .send(deployment)
      .expect(201);
    await request(server)
      .post('/api/dora/deployments')
      .send(deployment)
      .expect(201);
    const [{ count }] = await knex('dora_deployments').count();
    expect(Number(count)).toBe(1);
  });

  it('keeps a deployment of an unknown repository, listed as unlinked', async () => {
    const { server } = await start();
    const { body } = await request(server)
      .post('/api/dora/deployments')
      .send({
        id: 'orphan-1',
        source: 'jenkins',
        repository: 'lumen-retail/not-in-the-catalog',
        environment: 'production',
        sha: sha('9'),
        finishedAt: '2026-11-02T12:00:00Z',
      })
      .expect(201);
    expect(body.deployment.entityRef).toBeUndefined();
    const unlinked = await request(server)
      .get('/api/dora/deployments/unlinked')
      .expect(200);
    expect(unlinked.body.deployments).toEqual([
      expect.objectContaining({
        id: 'jenkins:orphan-1',
        repository: 'lumen-retail/not-in-the-catalog',
      }),
    ]);
  });

  it('answers bad input with a 400 naming the field, and stores nothing', async () => {
    const { server, knex } = await start();
    const bad = await request(server)
      .post('/api/dora/deployments')
      .send({
        id: 'd1',
        repository: 'lumen-retail/checkout-service',
        environment: 'production',
        sha: 'not-a-sha',
        finishedAt: '2026-11-02 12:00',
      })
      .expect(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toMatch(/sha: must be a git commit SHA/);
    expect(bad.body.error.message).toMatch(/finishedAt/);
    const [{ count }] = await knex('dora_deployments').count();
    expect(Number(count)).toBe(0);

    const noService = await request(server)
      .post('/api/dora/incidents')
      .send({ id: 'i', title: 'x', openedAt: '2026-11-02T12:00:00Z' })
      .expect(400);
    expect(noService.body.error.message).toMatch(/entityRef: name the service/);

    const unknownComponent = await request(server)
      .post('/api/dora/deployments')
      .send({
        id: 'd1',
        entityRef: 'component:default/nope',
        environment: 'production',
        sha: sha('a'),
        finishedAt: '2026-11-02T12:00:00Z',
      })
      .expect(400);
    expect(unknownComponent.body.error.message).toMatch(
      /no Component component:default\/nope/,
    );

    const badQuery = await request(server)
      .get('/api/dora/metrics?entityRef=checkout&timeZone=Mars/Olympus')
      .expect(400);
    expect(badQuery.body.error.message).toMatch(
      /entityRef: must be a Component or Group/,
    );
    expect(badQuery.body.error.message).toMatch(
      /timeZone: must be an IANA time zone/,
    );

    await request(server)
      .get('/api/dora/metrics?entityRef=component:default/nope')
      .expect(404);
  });

  it('refuses anonymous callers', async () => {
    const knex = await databases.init('POSTGRES_15');
    const { server } = await startTestBackend({
      features: [
        doraPlugin,
        catalogServiceMock.factory({ entities: catalogEntities }),
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const read = await request(server)
      .get('/api/dora/metrics?entityRef=component:default/checkout-service')
      .expect(401);
    expect(read.body.error.name).toBe('AuthenticationError');
    const write = await request(server)
      .post('/api/dora/deployments')
      .send({})
      .expect(401);
    expect(write.body.error.name).toBe('AuthenticationError');
  });
});
