import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeGithubRepo,
  FakeGithubServer,
  startFakeGithub,
} from '@internal/fake-cloud';
import request from 'supertest';
import { runbooksPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const TOKEN = 'ghs_runbooks_test';
const ORG = 'lumen-retail';

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/source-location': `url:https://github.com/${ORG}/${name}/`,
        'backstage.io/kubernetes-namespace': name.replace(/-service$/, ''),
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${owner}`,
      system: 'system:default/shop',
    },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const CART_RUNBOOK = `---
alerts: [HighErrorRate, CartDown]
severity: critical
last_reviewed: 2026-11-02
---
# Cart service runbook

## Overview

The cart service stores shopping carts in Redis.

## Failure scenarios

### Redis unreachable

Check the Redis connection pool saturation on the dashboard.

#### Remediation

Fail over to the replica: \`kubectl -n cart rollout restart deployment/cart-service\`.

## Escalation path

Page the checkout-squad on-call, then the platform-squad.

## External contacts

Redis Cloud support: support@redis.example

See [the dashboard](../dashboards/cart.json) and [the README](../../README.md).

<script>alert('pwned')</script>
<img src="x.png" onerror="alert(1)">
`;

const PRODUCT_ALERT_RUNBOOK = `# HighErrorRate

## Meaning

More than 5% of product API requests fail.

## Impact

Customers cannot see products.

## Diagnosis

Look at the logs of the product-service pods.

## Mitigation

Roll back the last deployment.

${'Check the product catalogue cache hit ratio before anything else. '.repeat(
  100,
)}

If the catalogue still misses, restart the zookeeper ensemble one node at a time.
`;

function repos(cartRunbook = CART_RUNBOOK): FakeGithubRepo[] {
  return [
    {
      name: 'cart-service',
      files: {
        'README.md': '# Cart\n',
        'docs/runbooks/cart-service.md': cartRunbook,
      },
      fileDates: { 'docs/runbooks/cart-service.md': '2026-10-15T09:30:00Z' },
    },
    {
      name: 'product-service',
      files: {
        'README.md': '# Product\n',
        'docs/runbooks/alerts/HighErrorRate.md': PRODUCT_ALERT_RUNBOOK,
        'docs/runbooks/broken.md':
          '---\nalerts: [ProductSlow\nseverity: warning\n---\n# Product slow\n\n## Overview\n\nSlow.\n',
        'docs/runbooks/binary.md': '\u0000\u0001PNG',
      },
    },
    { name: 'shipping-service', files: { 'README.md': '# Shipping\n' } },
    {
      name: 'monitoring',
      files: {
        'rules/alerts.yaml': `groups:
  - name: shop
    rules:
      - alert: CartDown
        expr: up{job="cart-service"} == 0
        annotations:
          runbook_url: http://localhost:7007/runbooks/alert/CartDown
      - alert: HighErrorRate
        expr: rate(errors[5m]) > 0.05
        labels:
          service: shipping-service
        annotations:
          runbook_url: http://localhost:7007/runbooks/alert/HighErrorRate?service=shipping-service
      - alert: ShippingQueueBacklog
        expr: queue_depth > 1000
`,
      },
    },
  ];
}

describe('runbooks backend', () => {
  let github: FakeGithubServer;
  let server: Parameters<typeof request>[0];

  beforeEach(async () => {
    github = await startFakeGithub(
      { login: ORG, repos: repos() },
      { token: TOKEN },
    );
    const knex = await databases.init('POSTGRES_15');
    const backend = await startTestBackend({
      features: [
        runbooksPlugin,
        catalogServiceMock.factory({
          entities: [
            component('cart-service', 'checkout-squad'),
            component('product-service', 'discovery-squad'),
            component('shipping-service', 'fulfilment-squad'),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'checkout-squad', namespace: 'default' },
              spec: {
                type: 'team',
                children: [],
                profile: {
                  displayName: 'Checkout Squad',
                  email: 'checkout@lumen.example',
                },
              },
            },
          ],
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
            runbooks: {
              // Only the tests start passes.
              schedule: {
                frequency: { days: 1 },
                timeout: { minutes: 5 },
                initialDelay: { days: 1 },
              },
              addRunbookTemplate: 'template:default/add-runbook',
              prometheusRules: [
                {
                  url: `https://github.com/${ORG}/monitoring/blob/main/rules/alerts.yaml`,
                },
              ],
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

  const get = async (path: string, status = 200) =>
    (
      await request(server)
        .get(`/api/runbooks/${path}`)
        .set('Authorization', mockCredentials.user.header())
        .expect(status)
    ).body;

  const refresh = async (entityRef?: string) =>
    (
      await request(server)
        .post('/api/runbooks/refresh')
        .set('Authorization', mockCredentials.user.header())
        .send(entityRef ? { entityRef } : {})
        .expect(200)
    ).body.run;

  it('reads each Component’s runbooks with their commit, sections and problems', async () => {
    const run = await refresh();
    expect(run).toMatchObject({
      sourcesRead: 3,
      sourcesFailed: 0,
      runbooks: 4,
    });

    const cart = await get('entity/component/default/cart-service');
    expect(cart.entity).toMatchObject({
      owner: 'group:default/checkout-squad',
      system: 'system:default/shop',
    });
    expect(cart.runbooks).toHaveLength(1);
    expect(cart.runbooks[0]).toMatchObject({
      path: 'docs/runbooks/cart-service.md',
      url: 'https://github.com/lumen-retail/cart-service/blob/HEAD/docs/runbooks/cart-service.md',
      title: 'Cart service runbook',
      alerts: ['HighErrorRate', 'CartDown'],
      severity: 'critical',
      lastReviewed: '2026-11-02',
      shape: 'per-service',
      missingSections: [],
      commit: { date: '2026-10-15T09:30:00.000Z' },
    });
    expect(cart.runbooks[0].commit.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(cart.source).toMatchObject({
      location: 'https://github.com/lumen-retail/cart-service/tree/HEAD/**',
    });
    // ../../README.md is the repository's README; ../dashboards/ and x.png do not exist.
    expect(cart.problems.map((p: any) => [p.code, p.message])).toEqual([
      [
        'broken-link',
        'Link "../dashboards/cart.json" points at nothing in the repository',
      ],
      ['broken-link', 'Image "x.png" points at nothing in the repository'],
      [
        'duplicate-alert',
        'Alert HighErrorRate also has a runbook in component:default/product-service; the alert page asks which service paged',
      ],
    ]);

    const product = await get('entity/component/default/product-service');
    expect(
      product.runbooks.map((r: any) => [r.path, r.shape, r.alerts]),
    ).toEqual([
      ['docs/runbooks/alerts/HighErrorRate.md', 'per-alert', ['HighErrorRate']],
      ['docs/runbooks/binary.md', 'per-service', []],
      ['docs/runbooks/broken.md', 'per-service', []],
    ]);
    expect(product.problems.map((p: any) => [p.repo, p.path, p.code])).toEqual(
      expect.arrayContaining([
        [
          'https://github.com/lumen-retail/product-service',
          'docs/runbooks/binary.md',
          'binary',
        ],
        [
          'https://github.com/lumen-retail/product-service',
          'docs/runbooks/broken.md',
          'front-matter-invalid',
        ],
      ]),
    );

    const shipping = await get('entity/component/default/shipping-service');
    expect(shipping.runbooks).toEqual([]);
  });

  it('serves sanitised HTML with links into the repository', async () => {
    await refresh();
    const [summary] = (await get('entity/component/default/cart-service'))
      .runbooks;
    const runbook = await get(`runbooks/${summary.id}`);
    expect(runbook.html).toContain('<h2 id="escalation-path">');
    expect(runbook.html).not.toMatch(/<script|onerror|pwned/);
    expect(runbook.html).toContain(
      'href="https://github.com/lumen-retail/cart-service/blob/HEAD/docs/dashboards/cart.json"',
    );
    expect(runbook.sections.map((s: any) => s.canonical)).toContain(
      'escalation',
    );
    await get('runbooks/999999', 404);
    await get('runbooks/not-a-number', 404);
  });

  it('searches with weights, exact alert names first, filters and highlighted snippets', async () => {
    await refresh();
    const exact = await get('search?q=higherrorrate');
    expect(exact.total).toBe(2);
    expect(exact.results.map((r: any) => r.exactAlertMatch)).toEqual([
      true,
      true,
    ]);

    const redis = await get('search?q=redis%20replica');
    expect(redis.results.map((r: any) => r.title)).toEqual([
      'Cart service runbook',
    ]);
    const highlighted = redis.results[0].snippet
      .filter((part: any) => part.highlight)
      .map((part: any) => part.text.toLowerCase());
    expect(highlighted).toEqual(expect.arrayContaining(['redis', 'replica']));

    // A match deep in a long runbook still gets its snippet.
    const deep = await get('search?q=zookeeper');
    expect(deep.results).toHaveLength(1);
    expect(deep.results[0].snippet[0]).toEqual({
      text: '… ',
      highlight: false,
    });
    expect(
      deep.results[0].snippet.filter((part: any) => part.highlight),
    ).toEqual([{ text: 'zookeeper', highlight: true }]);

    const byOwner = await get(
      'search?q=higherrorrate&owner=group:default/discovery-squad',
    );
    expect(byOwner.results.map((r: any) => r.entityRef)).toEqual([
      'component:default/product-service',
    ]);
    expect((await get('search?q=higherrorrate&severity=CRITICAL')).total).toBe(
      1,
    );

    expect(await get('facets')).toEqual({
      owners: ['group:default/checkout-squad', 'group:default/discovery-squad'],
      systems: ['system:default/shop'],
      severities: ['critical'],
    });

    const bad = await get('search?q=', 400);
    expect(bad.error.message).toBe(
      'Invalid search query: q: must not be empty',
    );
    expect((await get('search?q=x&limit=1000', 400)).error.message).toMatch(
      /limit/,
    );
  });

  it('resolves an alert case-insensitively, asks which service when two have it, and says when none does', async () => {
    await refresh();
    const cartDown = await get('alerts/cartdown');
    expect(cartDown).toMatchObject({
      alert: 'CartDown',
      status: 'found',
      runbook: { title: 'Cart service runbook' },
      entity: { entityRef: 'component:default/cart-service' },
    });
    expect(cartDown.runbook.html).toContain('Redis');

    const ambiguous = await get('alerts/HighErrorRate');
    expect(ambiguous.status).toBe('ambiguous');
    expect(ambiguous.candidates.map((c: any) => c.entityRef)).toEqual([
      'component:default/cart-service',
      'component:default/product-service',
    ]);
    expect(
      (await get('alerts/HighErrorRate?service=product-service')).runbook.path,
    ).toBe('docs/runbooks/alerts/HighErrorRate.md');
    expect(
      (await get('alerts/HighErrorRate?namespace=cart')).runbook.entityRef,
    ).toBe('component:default/cart-service');

    const none = await get(
      'alerts/ShippingQueueBacklog?service=shipping-service',
    );
    expect(none).toMatchObject({
      alert: 'ShippingQueueBacklog',
      status: 'not-found',
      candidates: [],
      entity: {
        entityRef: 'component:default/shipping-service',
        owner: 'group:default/fulfilment-squad',
      },
      addRunbookTemplate: 'template:default/add-runbook',
    });
  });

  it('keeps the runbooks it has when a repository cannot be read, and reports it', async () => {
    await refresh();
    github.failNext(/\/repos\/lumen-retail\/cart-service\//, {
      status: 500,
      times: 10,
    });
    const run = await refresh();
    expect(run.sourcesFailed).toBe(1);
    const cart = await get('entity/component/default/cart-service');
    expect(cart.runbooks).toHaveLength(1);
    expect(cart.source.lastError).toMatch(/500/);
    expect(cart.problems[0]).toMatchObject({
      code: 'source-unreadable',
      repo: 'https://github.com/lumen-retail/cart-service',
    });
    expect((await get('alerts/CartDown')).status).toBe('found');
  });

  it('skips unchanged repositories and re-reads a changed one', async () => {
    await refresh();
    const again = await refresh();
    expect(again).toMatchObject({ sourcesRead: 0, sourcesUnchanged: 3 });

    github.setRepos(
      repos(
        CART_RUNBOOK.replace(
          'alerts: [HighErrorRate, CartDown]',
          'alerts: [CartDown, CartCheckoutSlow]',
        ),
      ),
    );
    const one = await refresh('component:default/cart-service');
    expect(one).toMatchObject({ sourcesRead: 1 });
    expect((await get('alerts/CartCheckoutSlow')).status).toBe('found');
    expect((await get('alerts/HighErrorRate')).status).toBe('found');
  });

  it('shows coverage: runbooks, gaps, alerts that resolve to nothing and runbooks no alert fires', async () => {
    await refresh();
    const coverage = await get('coverage');
    expect(coverage.summary).toMatchObject({
      components: 3,
      withRunbook: 2,
      runbooks: 4,
    });
    const shipping = coverage.components.find(
      (c: any) => c.entityRef === 'component:default/shipping-service',
    );
    expect(shipping).toMatchObject({ runbookCount: 0 });
    expect(
      coverage.alertsWithoutRunbook.map((a: any) => [a.alert, a.reason]),
    ).toEqual([
      ['HighErrorRate', 'resolves-to-nothing'],
      ['ShippingQueueBacklog', 'no-runbook-url'],
    ]);
    expect(coverage.runbooksMatchingNoAlert.map((a: any) => a.alert)).toEqual(
      [],
    );
    expect(coverage.rulesSources).toEqual([
      {
        source: `https://github.com/${ORG}/monitoring/blob/main/rules/alerts.yaml`,
        alertCount: 3,
      },
    ]);
    expect((await get('coverage?staleDays=0', 400)).error.message).toMatch(
      /staleDays/,
    );
  });

  it('puts the on-call view in one response', async () => {
    await refresh();
    const oncall = await get('oncall/component/default/cart-service');
    expect(oncall.owner).toMatchObject({
      entityRef: 'group:default/checkout-squad',
      title: 'Checkout Squad',
      email: 'checkout@lumen.example',
    });
    expect(oncall.escalationHtml).toContain('Page the checkout-squad on-call');
    expect(oncall.runbooks).toHaveLength(1);
    await get('oncall/component/default/nope', 404);
  });

  it('pages runbooks out for the search collator', async () => {
    await refresh();
    const first = await get('documents?limit=2');
    expect(first.documents).toHaveLength(2);
    const rest = await get(
      `documents?after=${first.documents[1].id}&limit=100`,
    );
    expect(rest.documents).toHaveLength(2);
    expect(Number(rest.documents[0].id)).toBeGreaterThan(
      Number(first.documents[1].id),
    );
    const cart = [...first.documents, ...rest.documents].find(
      (doc: any) => doc.entityRef === 'component:default/cart-service',
    );
    expect(cart).toMatchObject({
      title: 'Cart service runbook',
      alerts: ['HighErrorRate', 'CartDown'],
      owner: 'group:default/checkout-squad',
      system: 'system:default/shop',
      severity: 'critical',
    });
    expect(cart.text).toContain('Redis');
  });
});
