import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  Watch,
} from '@kubernetes/client-node';
import { deployment, lumenImage } from './objects';
import { lumenRetailKubernetesClusters } from './lumenRetailKubernetesClusters';
import { startFakeKubernetes } from './startFakeKubernetes';
import { syntheticKubernetesCluster } from './syntheticKubernetesCluster';
import { FakeKubernetesServer } from './types';

function kubeConfig(server: string, token = 'sa-token'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'fake', server, skipTLSVerify: true },
    { name: 'backstage', token },
  );
  return kc;
}

type WatchEvent = { type: string; object: any };

/** Opens a watch and collects its events until `close()`. */
async function openWatch(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | boolean>,
) {
  const events: WatchEvent[] = [];
  let ended: (error: unknown) => void = () => {};
  const done = new Promise<unknown>(resolve => {
    ended = resolve;
  });
  const controller = await new Watch(kc).watch(
    path,
    query,
    (type, object) => events.push({ type, object }),
    error => ended(error),
  );
  return { events, done, close: () => controller.abort() };
}

async function until<T>(
  probe: () => T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('startFakeKubernetes, through @kubernetes/client-node', () => {
  let fake: FakeKubernetesServer;
  let kc: KubeConfig;

  beforeEach(async () => {
    fake = await startFakeKubernetes(
      lumenRetailKubernetesClusters().production,
      {
        token: 'sa-token',
        bookmarkIntervalMs: 100,
      },
    );
    kc = kubeConfig(fake.url);
  });

  afterEach(async () => {
    await fake.close();
  });

  it('lists every kind across namespaces and in one namespace', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const deployments = await apps.listDeploymentForAllNamespaces();
    expect(deployments.kind).toBe('DeploymentList');
    expect(deployments.apiVersion).toBe('apps/v1');
    expect(Number(deployments.metadata?.resourceVersion)).toBeGreaterThan(0);
    const checkout = deployments.items.find(
      d => d.metadata?.name === 'checkout-service',
    )!;
    expect(checkout.metadata).toMatchObject({
      namespace: 'checkout',
      labels: {
        'app.kubernetes.io/name': 'checkout-service',
        'app.kubernetes.io/part-of': 'checkout',
        'backstage.io/kubernetes-id': 'checkout-service',
      },
    });
    expect(checkout.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(checkout.spec?.template.spec?.containers[0]).toMatchObject({
      image: lumenImage('checkout-service', '4.2.0'),
      resources: {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { cpu: '1', memory: '2Gi' },
      },
    });

    expect(
      (
        await apps.listNamespacedDeployment({ namespace: 'checkout' })
      ).items.map(d => d.metadata?.name),
    ).toEqual([
      'cart-service',
      'checkout-service',
      'payments-service',
      'pricing-engine',
    ]);
    expect(
      (await apps.listStatefulSetForAllNamespaces()).items.map(
        s => s.metadata?.name,
      ),
    ).toEqual(['cart-cache', 'search-index']);
    expect((await apps.listDaemonSetForAllNamespaces()).items).toHaveLength(1);
    const cronJobs = await kc
      .makeApiClient(BatchV1Api)
      .listCronJobForAllNamespaces();
    expect(cronJobs.items.map(c => c.spec?.schedule)).toEqual([
      '*/5 * * * *',
      '30 2 * * *',
    ]);
    const core = kc.makeApiClient(CoreV1Api);
    expect((await core.listServiceForAllNamespaces()).kind).toBe('ServiceList');
    expect(
      (await core.listNamespace()).items.map(n => n.metadata?.name),
    ).toEqual([
      'checkout',
      'default',
      'developer-platform',
      'fulfilment',
      'identity',
      'platform-observability',
      'storefront',
    ]);
    const ingresses = await kc
      .makeApiClient(NetworkingV1Api)
      .listIngressForAllNamespaces();
    expect(ingresses.items.map(i => i.spec?.rules?.[0].host).sort()).toEqual([
      'account.lumen-retail.example',
      'paved.lumen-retail.example',
      'www.lumen-retail.example',
    ]);
    expect(
      (
        await apps.readNamespacedDeployment({
          namespace: 'checkout',
          name: 'cart-service',
        })
      ).metadata?.uid,
    ).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('paginates with limit and continue over a consistent snapshot', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const first = await apps.listDeploymentForAllNamespaces({ limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.metadata?._continue).toBeTruthy();
    expect(first.metadata?.remainingItemCount).toBe(9);

    // A change between pages does not show up in the rest of this list.
    fake.remove('Deployment', 'storefront', 'storefront-web');
    const names = first.items.map(d => d.metadata!.name!);
    let token = first.metadata?._continue;
    while (token) {
      const page = await apps.listDeploymentForAllNamespaces({
        limit: 5,
        _continue: token,
      });
      expect(page.metadata?.resourceVersion).toBe(
        first.metadata?.resourceVersion,
      );
      names.push(...page.items.map(d => d.metadata!.name!));
      token = page.metadata?._continue;
    }
    expect(names).toHaveLength(14);
    expect(names).toContain('storefront-web');
    expect(
      fake.requests.filter(r => r.path === '/apis/apps/v1/deployments'),
    ).toHaveLength(3);
  });

  it('answers an expired continue token with 410 Expired', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const first = await apps.listDeploymentForAllNamespaces({ limit: 5 });
    fake.expireResourceVersions();
    const error = await apps
      .listDeploymentForAllNamespaces({
        limit: 5,
        _continue: first.metadata?._continue,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ApiException);
    expect(error.code).toBe(410);
    expect(JSON.parse(error.body)).toMatchObject({
      kind: 'Status',
      reason: 'Expired',
      code: 410,
    });
  });

  it('watches from a resourceVersion: ADDED, MODIFIED, DELETED and bookmarks', async () => {
    const list = await kc
      .makeApiClient(AppsV1Api)
      .listDeploymentForAllNamespaces();
    const watch = await openWatch(kc, '/apis/apps/v1/deployments', {
      resourceVersion: list.metadata!.resourceVersion!,
      allowWatchBookmarks: true,
    });
    const spec = {
      name: 'gift-cards',
      namespace: 'checkout',
      labels: { 'app.kubernetes.io/name': 'gift-cards' },
      containers: [
        { name: 'gift-cards', image: lumenImage('gift-cards', '0.1.0') },
      ],
    };
    fake.apply(deployment({ ...spec, replicas: 1 }));
    fake.apply(deployment({ ...spec, replicas: 2 }));
    fake.remove('Deployment', 'checkout', 'gift-cards');
    // Other kinds and namespaces are not this watch's business.
    fake.remove('Service', 'checkout', 'cart-service');

    const changes = await until(() => {
      const seen = watch.events.filter(e => e.type !== 'BOOKMARK');
      return seen.length >= 3 && watch.events.some(e => e.type === 'BOOKMARK')
        ? seen
        : undefined;
    });
    expect(
      changes.map(e => [
        e.type,
        e.object.metadata.name,
        e.object.spec.replicas,
      ]),
    ).toEqual([
      ['ADDED', 'gift-cards', 1],
      ['MODIFIED', 'gift-cards', 2],
      ['DELETED', 'gift-cards', 2],
    ]);
    const versions = changes.map(e =>
      Number(e.object.metadata.resourceVersion),
    );
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const bookmark = watch.events.find(e => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { resourceVersion: expect.any(String) },
    });
    watch.close();
  });

  it('replays changes a client missed and sends the current state without a version', async () => {
    const rv = fake.resourceVersion;
    fake.remove('Deployment', 'identity', 'account-web');
    const replay = await openWatch(
      kc,
      '/apis/apps/v1/namespaces/identity/deployments',
      {
        resourceVersion: rv,
      },
    );
    const fresh = await openWatch(
      kc,
      '/apis/apps/v1/namespaces/identity/deployments',
      {},
    );
    await until(() =>
      replay.events.length === 1 && fresh.events.length === 1
        ? true
        : undefined,
    );
    expect(replay.events[0]).toMatchObject({
      type: 'DELETED',
      object: { metadata: { name: 'account-web' } },
    });
    expect(fresh.events[0]).toMatchObject({
      type: 'ADDED',
      object: { metadata: { name: 'identity-service' } },
    });
    replay.close();
    fresh.close();
  });

  it('sends the 410 Expired error event for a version it no longer remembers', async () => {
    const rv = fake.resourceVersion;
    const open = await openWatch(kc, '/apis/apps/v1/deployments', {
      resourceVersion: rv,
    });
    fake.expireResourceVersions();
    // Like an API server restart: the open watch ends...
    await open.done;
    // ...and resuming from the last version is too old.
    const resumed = await openWatch(kc, '/apis/apps/v1/deployments', {
      resourceVersion: rv,
    });
    await resumed.done;
    expect(resumed.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: expect.stringMatching(
            /^too old resource version: \d+ \(\d+\)$/,
          ),
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
  });

  it('rejects a wrong token with a 401 Status', async () => {
    const error = await kubeConfig(fake.url, 'wrong')
      .makeApiClient(AppsV1Api)
      .listDeploymentForAllNamespaces()
      .catch(e => e);
    expect(error.code).toBe(401);
    expect(fake.requests.at(-1)).toMatchObject({ status: 401, watch: false });
    // The client drops 401 bodies; the API server sends a Status.
    const res = await fetch(`${fake.url}/apis/apps/v1/deployments`, {
      headers: { authorization: 'Bearer wrong' },
    });
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('injects 5xx, slow answers and malformed objects', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    fake.failNext(/^\/apis\/apps\/v1\/deployments/, { status: 500 });
    const error = await apps.listDeploymentForAllNamespaces().catch(e => e);
    expect(error.code).toBe(500);
    expect(JSON.parse(error.body)).toMatchObject({
      reason: 'InternalError',
      code: 500,
    });
    expect((await apps.listDeploymentForAllNamespaces()).items).toHaveLength(
      14,
    );

    fake.failNext(/statefulsets/, { delayMs: 300 });
    const started = Date.now();
    await apps.listStatefulSetForAllNamespaces();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    fake.failNext(/daemonsets/, {
      status: 502,
      rawBody: '<html><body>502 Bad Gateway</body></html>',
    });
    expect(
      (await apps.listDaemonSetForAllNamespaces().catch(e => e)).code,
    ).toBe(502);

    const key = fake.injectMalformed('Deployment', 'checkout', {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        namespace: 'checkout',
        labels: { 'app.kubernetes.io/name': 'broken' },
      },
    });
    const withMalformed = await apps.listNamespacedDeployment({
      namespace: 'checkout',
    });
    expect(withMalformed.items.filter(d => !d.metadata?.name)).toHaveLength(1);
    expect(fake.remove('Deployment', 'checkout', key)).toBe(true);
  });
});

describe('syntheticKubernetesCluster', () => {
  it('builds the requested number of workloads, with services and ingresses', () => {
    const cluster = syntheticKubernetesCluster({ workloads: 200 });
    const count = (kind: string) =>
      cluster.objects.filter(o => o.kind === kind).length;
    expect(
      count('Deployment') +
        count('StatefulSet') +
        count('DaemonSet') +
        count('CronJob'),
    ).toBe(200);
    expect(count('Service')).toBe(count('Deployment') + count('StatefulSet'));
    expect(count('Ingress')).toBe(20);
  });
});
