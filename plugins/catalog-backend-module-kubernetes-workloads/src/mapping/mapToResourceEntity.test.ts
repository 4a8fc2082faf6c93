import { Entity } from '@backstage/catalog-model';
import { buildCatalogIndex } from './catalogIndex';
import { mapToResourceEntity } from './mapToResourceEntity';
import { readKubernetesObject } from './readKubernetesObject';
import { resourceEntityName } from './resourceEntityName';

const DIGEST = `sha256:${'0f'.repeat(32)}`;

const catalog: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'cart-service',
      annotations: { 'backstage.io/kubernetes-id': 'cart' },
    },
    spec: { owner: 'checkout-squad', system: 'checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'storefront-web' },
    spec: {
      owner: 'group:default/discovery-squad',
      system: 'system:default/storefront',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'storefront' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-squad' },
  },
];
const index = buildCatalogIndex(catalog);

const ctx = {
  providerName: 'kubernetes-workloads:production',
  cluster: 'production',
  environment: 'production',
  url: 'https://k8s.prod.example/',
  unownedOwner: 'group:default/unowned',
};

function workload(labels: Record<string, string>, extra: object = {}) {
  return {
    metadata: { name: 'cart', namespace: 'checkout', labels },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cart' } },
      template: {
        spec: {
          containers: [
            {
              name: 'cart',
              image: `ghcr.io/lumen-retail/cart-service:2.4.1@${DIGEST}`,
              resources: {
                requests: { cpu: '500m', memory: '1Gi' },
                limits: { cpu: 1, memory: '2Gi' },
              },
            },
          ],
        },
      },
    },
    status: { readyReplicas: 2 },
    ...extra,
  };
}

function map(kind: Parameters<typeof readKubernetesObject>[0], raw: unknown) {
  const read = readKubernetesObject(kind, raw);
  if (!read.ok) throw new Error(read.message);
  return mapToResourceEntity(read.object, index, ctx);
}

describe('mapToResourceEntity', () => {
  it('maps a Deployment to a Resource linked to its Component, System and owner', () => {
    const mapped = map(
      'Deployment',
      workload({
        'backstage.io/kubernetes-id': 'cart',
        'app.kubernetes.io/part-of': 'checkout',
      }),
    );
    const name = resourceEntityName(
      'production',
      'checkout',
      'Deployment',
      'cart',
    );
    expect(mapped.entityRef).toBe(`resource:default/${name}`);
    expect(mapped.ownerSource).toBe('component');
    expect(mapped.entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        title: 'cart (Deployment, production/checkout)',
        description:
          'Deployment cart in namespace checkout of cluster production (production): 2/3 ready.',
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://k8s.prod.example/apis/apps/v1/namespaces/checkout/deployments/cart',
          'backstage.io/managed-by-origin-location':
            'url:https://k8s.prod.example/apis/apps/v1/namespaces/checkout/deployments/cart',
          'paved.dev/ingested-by': 'kubernetes-workloads:production',
          'paved.dev/source-kind': 'kubernetes',
          'paved.dev/source-location': 'production/checkout',
          'paved.dev/environment': 'production',
          'paved.dev/kubernetes-cluster': 'production',
          'backstage.io/kubernetes-namespace': 'checkout',
          'paved.dev/kubernetes-name': 'cart',
          'backstage.io/kubernetes-id': 'cart',
          'paved.dev/owner-source': 'component',
        },
        labels: {
          'paved.dev/environment': 'production',
          'paved.dev/kubernetes-cluster': 'production',
        },
        tags: ['kubernetes', 'deployment', 'production'],
      },
      spec: {
        type: 'kubernetes-deployment',
        owner: 'group:default/checkout-squad',
        dependencyOf: ['component:default/cart-service'],
        system: 'system:default/checkout',
        replicas: { desired: 3, ready: 2 },
        images: [`ghcr.io/lumen-retail/cart-service:2.4.1@${DIGEST}`],
      },
    });
    expect(mapped.facts).toEqual({
      entityRef: mapped.entityRef,
      cluster: 'production',
      environment: 'production',
      namespace: 'checkout',
      kind: 'Deployment',
      name: 'cart',
      componentRef: 'component:default/cart-service',
      replicas: { desired: 3, ready: 2 },
      containers: [
        {
          name: 'cart',
          image: `ghcr.io/lumen-retail/cart-service:2.4.1@${DIGEST}`,
          repository: 'ghcr.io/lumen-retail/cart-service',
          tag: '2.4.1',
          digest: DIGEST,
          requests: { cpu: '500m', memory: '1Gi' },
          limits: { cpu: '1', memory: '2Gi' },
        },
      ],
      schedule: null,
    });
  });

  it('links by app.kubernetes.io/name, then app; the System falls back to the Component’s', () => {
    const byName = map(
      'Deployment',
      workload({ 'app.kubernetes.io/name': 'storefront-web' }),
    );
    expect(byName.entity.spec).toMatchObject({
      dependencyOf: ['component:default/storefront-web'],
      system: 'system:default/storefront',
      owner: 'group:default/discovery-squad',
    });
    // Without kubernetes-id, the selector lets the Kubernetes tab find the pods.
    expect(byName.entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/name=cart',
    });
    const byApp = map('Deployment', workload({ app: 'cart-service' }));
    expect(byApp.entity.spec?.dependencyOf).toEqual([
      'component:default/cart-service',
    ]);
  });

  it('takes the owner from an owner label naming a Group the catalog holds', () => {
    const owned = map(
      'StatefulSet',
      workload({ team: 'platform-squad', 'app.kubernetes.io/name': 'cache' }),
    );
    expect(owned.ownerSource).toBe('label');
    expect(owned.entity.spec).toMatchObject({
      owner: 'group:default/platform-squad',
      type: 'kubernetes-statefulset',
    });
    expect(owned.entity.spec?.dependencyOf).toBeUndefined();
    expect(
      owned.entity.metadata.annotations?.['paved.dev/unowned'],
    ).toBeUndefined();
  });

  it('marks what nobody claims as unowned, keeping a System that exists', () => {
    const stray = map(
      'Deployment',
      workload({
        'app.kubernetes.io/name': 'pricing-engine',
        'app.kubernetes.io/part-of': 'checkout',
        'backstage.io/owner': 'no-such-group',
      }),
    );
    expect(stray.ownerSource).toBe('none');
    expect(stray.entity.spec).toMatchObject({
      owner: 'group:default/unowned',
      system: 'system:default/checkout',
    });
    expect(stray.entity.metadata.annotations).toMatchObject({
      'paved.dev/unowned': 'true',
      'paved.dev/owner-source': 'none',
    });
    expect(
      map('Deployment', workload({ 'app.kubernetes.io/part-of': 'nope' }))
        .entity.spec?.system,
    ).toBeUndefined();
  });

  it('keeps the schedule of a CronJob, the ports of a Service and the hosts of an Ingress', () => {
    const cron = map('CronJob', {
      metadata: { name: 'export', namespace: 'fulfilment', labels: {} },
      spec: {
        schedule: '30 2 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { containers: [{ name: 'export', image: 'redis' }] },
            },
          },
        },
      },
    });
    expect(cron.entity.spec).toMatchObject({
      type: 'kubernetes-cronjob',
      schedule: '30 2 * * *',
      replicas: { desired: null, ready: null },
      images: ['redis'],
    });
    expect(cron.facts).toMatchObject({
      schedule: '30 2 * * *',
      containers: [
        {
          repository: 'docker.io/library/redis',
          tag: 'latest',
          digest: null,
          requests: { cpu: null, memory: null },
        },
      ],
    });
    expect(
      cron.entity.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(
      'url:https://k8s.prod.example/apis/batch/v1/namespaces/fulfilment/cronjobs/export',
    );

    const svc = map('Service', {
      metadata: {
        name: 'cart',
        namespace: 'checkout',
        labels: { 'backstage.io/kubernetes-id': 'cart' },
      },
      spec: {
        selector: { app: 'cart' },
        ports: [{ port: 80, protocol: 'TCP' }, { port: 9090 }],
      },
    });
    expect(svc.facts).toBeUndefined();
    expect(svc.entity.spec).toMatchObject({
      type: 'kubernetes-service',
      ports: ['80/TCP', '9090/TCP'],
    });
    expect(
      svc.entity.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(
      'url:https://k8s.prod.example/api/v1/namespaces/checkout/services/cart',
    );

    const ing = map('Ingress', {
      metadata: {
        name: 'www',
        namespace: 'storefront',
        labels: { 'app.kubernetes.io/name': 'storefront-web' },
      },
      spec: {
        rules: [
          { host: 'www.lumen-retail.example' },
          { host: 'www.lumen-retail.example' },
        ],
      },
    });
    expect(ing.entity.spec).toMatchObject({
      type: 'kubernetes-ingress',
      hosts: ['www.lumen-retail.example'],
      dependencyOf: ['component:default/storefront-web'],
    });
  });
});

describe('readKubernetesObject', () => {
  it.each([
    [
      'no name',
      { metadata: { namespace: 'x' } },
      '(no name)',
      'metadata.name is missing',
    ],
    [
      'no namespace',
      { metadata: { name: 'a' } },
      'a',
      'metadata.namespace is missing',
    ],
    [
      'no containers',
      { metadata: { name: 'a', namespace: 'x' }, spec: {} },
      'a',
      'spec.template.spec.containers is missing or empty',
    ],
    [
      'a container without image',
      {
        metadata: { name: 'a', namespace: 'x' },
        spec: { template: { spec: { containers: [{ name: 'c' }] } } },
      },
      'a',
      'spec.template.spec.containers[0] has no name or image',
    ],
  ])('reports a Deployment with %s', (_, raw, name, message) => {
    expect(readKubernetesObject('Deployment', raw)).toMatchObject({
      ok: false,
      name,
      message,
    });
  });

  it('reports a CronJob without a schedule', () => {
    const raw = {
      metadata: { name: 'a', namespace: 'x' },
      spec: {
        jobTemplate: {
          spec: {
            template: { spec: { containers: [{ name: 'c', image: 'i' }] } },
          },
        },
      },
    };
    expect(readKubernetesObject('CronJob', raw)).toMatchObject({
      ok: false,
      message: 'spec.schedule is missing',
    });
  });

  it('reads DaemonSet replicas from its status', () => {
    const raw = {
      metadata: { name: 'agent', namespace: 'ops' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
      status: { desiredNumberScheduled: 9, numberReady: 8 },
    };
    expect(readKubernetesObject('DaemonSet', raw)).toMatchObject({
      ok: true,
      object: { replicas: { desired: 9, ready: 8 } },
    });
  });
});

describe('resourceEntityName', () => {
  it('is readable, valid, stable and unique where the readable part collides', () => {
    const name = resourceEntityName(
      'production',
      'checkout',
      'Deployment',
      'cart-service',
    );
    expect(name).toMatch(
      /^cart-service-deployment-production-checkout-[0-9a-f]{6}$/,
    );
    expect(
      resourceEntityName(
        'production',
        'checkout',
        'Deployment',
        'cart-service',
      ),
    ).toBe(name);
    // Dashes shifting between namespace and name read the same.
    expect(resourceEntityName('p', 'a', 'Service', 'b-c')).not.toBe(
      resourceEntityName('p', 'a-b', 'Service', 'c'),
    );
    expect(resourceEntityName('p', 'a', 'Service', 'x')).not.toBe(
      resourceEntityName('p', 'a', 'Ingress', 'x'),
    );
  });

  it('truncates long names to 63 characters, keeping them distinct', () => {
    const long = 'a'.repeat(70);
    const one = resourceEntityName(
      'production',
      'checkout',
      'StatefulSet',
      `${long}-1`,
    );
    const two = resourceEntityName(
      'production',
      'checkout',
      'StatefulSet',
      `${long}-2`,
    );
    expect(one).toHaveLength(63);
    expect(one).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(one).not.toBe(two);
    expect(
      resourceEntityName('prod', 'ns', 'Deployment', 'api.v2.internal'),
    ).toMatch(/^api-v2-internal-deployment-prod-ns-[0-9a-f]{6}$/);
  });
});
