import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { FakeGithubServer, startFakeGithub } from '@internal/fake-cloud';
import request from 'supertest';
import {
  CHECKOUT_REPOSITORY,
  checkoutWeekDelivery,
  M3,
} from '../__testUtils__/checkoutWeekOnGithub';
import { doraPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const TOKEN = 'ghp_dora_test';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/project-slug': `lumen-retail/${name}` },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-squad' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout-squad' }],
});

const WINDOW = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z';
const CHECKOUT = 'component:default/checkout-service';

describe('GitHub backfill → DORA API', () => {
  let github: FakeGithubServer;
  let server: Parameters<typeof request>[0];

  beforeEach(async () => {
    github = await startFakeGithub(
      {
        login: 'lumen-retail',
        repos: [
          { name: 'checkout-service', delivery: checkoutWeekDelivery },
          { name: 'cart-service' },
        ],
      },
      { token: TOKEN },
    );
    const knex = await databases.init('POSTGRES_15');
    const backend = await startTestBackend({
      features: [
        doraPlugin,
        catalogServiceMock.factory({
          entities: [component('checkout-service'), component('cart-service')],
        }),
        mockServices.database.factory({ knex }),
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
            dora: { github: { backfillDays: 3650 } },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterEach(async () => {
    await github.close();
  });

  const sync = () =>
    request(server)
      .post('/api/dora/github/sync')
      .set('Authorization', mockCredentials.user.header())
      .expect(202);

  const get = async (path: string) =>
    (
      await request(server)
        .get(`/api/dora/${path}`)
        .set('Authorization', mockCredentials.user.header())
        .expect(200)
    ).body;

  it('reads deployments, merged PRs and incidents so the metrics equal the hand-computed ones', async () => {
    await sync();

    const metrics = await get(`metrics?entityRef=${CHECKOUT}&${WINDOW}`);
    // D101, D102, D103 reached production; D100 was staging, D104 failed,
    // D105 never finished.
    expect(metrics.deploymentFrequency).toMatchObject({
      deployments: 3,
      perDay: 3 / 7,
      medianDeployDaysPerWeek: 3,
    });
    // First commit → production: PR1 08:00→13:00 (5 h, squash SHA M1 on
    // D101); PR2 07:00→D102 12:00 (5 h, by time); PR3 06:00→12:00 (6 h, SHA
    // M3); PR4 10:00→D103 11:00 (1 h). Median of 1,5,5,6 h = 5 h; p90 =
    // 5 h + 0.7 × 1 h.
    expect(metrics.leadTime).toMatchObject({
      count: 4,
      medianSeconds: 5 * 3600,
      p90Seconds: 5 * 3600 + 0.7 * 3600,
      stages: {
        // 2 h, 1 h, 3 h, 5 min → (1 h + 2 h) / 2
        coding: { count: 4, medianSeconds: 1.5 * 3600 },
        // 1 h, 30 min, 1 h, 5 min → (30 min + 1 h) / 2
        pickup: { count: 4, medianSeconds: 45 * 60 },
        // 1 h, 30 min, 1 h, 10 min
        review: { count: 4, medianSeconds: 45 * 60 },
        // 1 h, 3 h, 1 h, 40 min → 1 h
        deploy: { count: 4, medianSeconds: 3600 },
      },
    });
    // D102 failed: issue 10 (by time), the revert PR (naming M3) and D103
    // shipping the revert all point at it. One failed deployment of three.
    expect(metrics.changeFailureRate).toMatchObject({
      deployments: 3,
      failedDeployments: 1,
      rate: 1 / 3,
    });
    // D102 finished Tue 12:00, D103 recovered it Wed 11:00: 23 h.
    expect(metrics.failedDeploymentRecoveryTime).toMatchObject({
      count: 1,
      medianSeconds: 23 * 3600,
    });
    // Issue 10 open 22.5 h; the revert incident 15 min.
    expect(metrics.timeToRestore).toMatchObject({
      count: 2,
      medianSeconds: (22.5 * 3600 + 15 * 60) / 2,
    });
    // D103 shipped a revert: unplanned.
    expect(metrics.reworkRate).toMatchObject({
      deployments: 3,
      unplannedDeployments: 1,
      rate: 1 / 3,
    });

    const { incidents } = await get(
      `incidents?entityRef=${CHECKOUT}&${WINDOW}`,
    );
    expect(
      incidents.map((i: any) => [i.id, i.attribution, i.deploymentId]).sort(),
    ).toEqual([
      [
        `github-issue:${CHECKOUT_REPOSITORY}#10`,
        'time',
        'github-deployment:102',
      ],
      [
        `revert-pr:${CHECKOUT_REPOSITORY}#4`,
        'named-sha',
        'github-deployment:102',
      ],
    ]);
    const { deployments } = await get(
      `deployments?entityRef=${CHECKOUT}&${WINDOW}`,
    );
    expect(
      deployments.find((d: any) => d.id === 'github-deployment:101'),
    ).toMatchObject({ sha: '1'.repeat(40) });
    expect(
      deployments.find((d: any) => d.id === 'github-deployment:102'),
    ).toMatchObject({ sha: M3 });
  });

  it('reads only what is new on the next pass, and stores nothing twice', async () => {
    await sync();
    const first = github.requests.length;
    await sync();
    const second = github.requests.length - first;
    // The first pass read every deployment's statuses and every PR's commits
    // and reviews; the second re-reads only the overlap (two days), and all of
    // this week is older than that.
    expect(second).toBeLessThan(first / 2);
    const metrics = await get(`metrics?entityRef=${CHECKOUT}&${WINDOW}`);
    expect(metrics.deploymentFrequency.deployments).toBe(3);
    expect(metrics.leadTime.count).toBe(4);

    const status = await get('github/sync');
    expect(status).toMatchObject({
      enabled: true,
      running: false,
      lastPass: {
        repositories: expect.arrayContaining([
          expect.objectContaining({
            repository: CHECKOUT_REPOSITORY,
            errors: [],
          }),
        ]),
      },
    });
    expect(
      status.cursors.filter((c: any) => c.repository === CHECKOUT_REPOSITORY),
    ).toHaveLength(5);
  });

  it('keeps what it read when a stream fails, and resumes that stream next pass', async () => {
    github.failNext(/\/pulls\/3\/commits$/, { status: 502, times: 1 });
    await sync();
    let status = await get('github/sync');
    const checkout = status.lastPass.repositories.find(
      (r: any) => r.repository === CHECKOUT_REPOSITORY,
    );
    expect(checkout.errors).toEqual([
      expect.objectContaining({ stream: 'pulls' }),
    ]);
    // Deployments and incidents of the other streams are in.
    let metrics = await get(`metrics?entityRef=${CHECKOUT}&${WINDOW}`);
    expect(metrics.deploymentFrequency.deployments).toBe(3);
    expect(
      status.cursors.find(
        (c: any) =>
          c.repository === CHECKOUT_REPOSITORY && c.stream === 'pulls',
      ),
    ).toBeUndefined();

    await sync();
    status = await get('github/sync');
    metrics = await get(`metrics?entityRef=${CHECKOUT}&${WINDOW}`);
    expect(metrics.leadTime.count).toBe(4);
  });

  it('waits out a GitHub rate limit instead of failing', async () => {
    github.failNext(/\/deployments$/, {
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        'retry-after': '1',
      },
      times: 1,
    });
    await sync();
    const metrics = await get(`metrics?entityRef=${CHECKOUT}&${WINDOW}`);
    expect(metrics.deploymentFrequency.deployments).toBe(3);
  });
});
