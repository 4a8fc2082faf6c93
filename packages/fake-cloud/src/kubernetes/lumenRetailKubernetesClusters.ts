import {
  ContainerSpec,
  cronJob,
  daemonSet,
  deployment,
  ingress,
  lumenImage,
  service,
  statefulSet,
} from './objects';
import { FakeKubernetesCluster, FakeKubernetesObject } from './types';

type Environment = 'staging' | 'production';

type Runtime = 'jvm' | 'go' | 'node' | 'python';

/** Requests and limits as the squads set them per runtime. */
const SIZES: Record<Runtime, Pick<ContainerSpec, 'cpu' | 'memory'>> = {
  jvm: {
    cpu: { request: '500m', limit: '1' },
    memory: { request: '1Gi', limit: '2Gi' },
  },
  go: {
    cpu: { request: '100m', limit: '500m' },
    memory: { request: '128Mi', limit: '256Mi' },
  },
  node: {
    cpu: { request: '250m', limit: '500m' },
    memory: { request: '256Mi', limit: '512Mi' },
  },
  python: {
    cpu: { request: '250m', limit: '1' },
    memory: { request: '512Mi', limit: '1Gi' },
  },
};

/** A deployable Component of catalog-info/components and how it runs. */
type App = {
  component: string;
  system: string;
  runtime: Runtime;
  /** Release running in production, and the newer one in staging. */
  tags: Record<Environment, string>;
  replicas: Record<Environment, number>;
  /** Components with the backstage.io/kubernetes-id annotation carry the label too. */
  kubernetesId?: boolean;
  /** Websites get an Ingress on this host (production; staging adds `.staging`). */
  host?: string;
  /** Only deployed to these environments; defaults to both. */
  only?: Environment[];
};

const APPS: App[] = [
  // storefront — discovery-squad
  {
    component: 'storefront-web',
    system: 'storefront',
    runtime: 'node',
    tags: { production: '5.12.0', staging: '5.13.0-rc.2' },
    replicas: { production: 6, staging: 2 },
    host: 'www.lumen-retail.example',
  },
  {
    component: 'product-service',
    system: 'storefront',
    runtime: 'jvm',
    tags: { production: '3.8.2', staging: '3.9.0' },
    replicas: { production: 4, staging: 1 },
    kubernetesId: true,
  },
  {
    component: 'search-service',
    system: 'storefront',
    runtime: 'go',
    tags: { production: '1.22.4', staging: '1.23.0' },
    replicas: { production: 3, staging: 1 },
    kubernetesId: true,
  },
  {
    component: 'recommendations-service',
    system: 'storefront',
    runtime: 'python',
    tags: { production: '0.7.1', staging: '0.8.0-beta.1' },
    replicas: { production: 1, staging: 1 },
    kubernetesId: true,
    only: ['staging'],
  },
  // checkout — checkout-squad
  {
    component: 'checkout-service',
    system: 'checkout',
    runtime: 'jvm',
    tags: { production: '4.2.0', staging: '4.3.0' },
    replicas: { production: 4, staging: 1 },
    kubernetesId: true,
  },
  {
    component: 'cart-service',
    system: 'checkout',
    runtime: 'jvm',
    tags: { production: '2.4.1', staging: '2.5.0' },
    replicas: { production: 3, staging: 1 },
    kubernetesId: true,
  },
  {
    component: 'payments-service',
    system: 'checkout',
    runtime: 'jvm',
    tags: { production: '7.0.3', staging: '7.1.0' },
    replicas: { production: 3, staging: 1 },
    kubernetesId: true,
  },
  // fulfilment — fulfilment-squad
  {
    component: 'order-service',
    system: 'fulfilment',
    runtime: 'jvm',
    tags: { production: '6.3.0', staging: '6.4.0' },
    replicas: { production: 3, staging: 1 },
    kubernetesId: true,
  },
  {
    component: 'inventory-service',
    system: 'fulfilment',
    runtime: 'jvm',
    tags: { production: '3.1.5', staging: '3.2.0' },
    replicas: { production: 2, staging: 1 },
    kubernetesId: true,
  },
  {
    component: 'shipping-service',
    system: 'fulfilment',
    runtime: 'go',
    tags: { production: '2.0.9', staging: '2.1.0' },
    replicas: { production: 2, staging: 1 },
    kubernetesId: true,
  },
  // identity — identity-squad
  {
    component: 'identity-service',
    system: 'identity',
    runtime: 'jvm',
    tags: { production: '9.4.1', staging: '9.5.0' },
    replicas: { production: 4, staging: 1 },
    kubernetesId: true,
  },
  {
    component: 'account-web',
    system: 'identity',
    runtime: 'node',
    tags: { production: '3.3.0', staging: '3.4.0-rc.1' },
    replicas: { production: 3, staging: 1 },
    host: 'account.lumen-retail.example',
  },
  // developer-platform — platform-squad
  {
    component: 'paved-portal',
    system: 'developer-platform',
    runtime: 'node',
    tags: { production: '1.55.0', staging: '1.55.0' },
    replicas: { production: 2, staging: 1 },
    host: 'paved.lumen-retail.example',
  },
];

const HTTP_PORT: Record<Runtime, number> = {
  jvm: 8080,
  go: 8080,
  node: 3000,
  python: 8000,
};

function hostIn(environment: Environment, host: string): string {
  return environment === 'production'
    ? host
    : host.replace(/^([^.]+)\./, '$1.staging.');
}

function appObjects(
  app: App,
  environment: Environment,
): FakeKubernetesObject[] {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': app.component,
    'app.kubernetes.io/part-of': app.system,
    'app.kubernetes.io/version': app.tags[environment],
    ...(app.kubernetesId
      ? { 'backstage.io/kubernetes-id': app.component }
      : {}),
  };
  const common = { name: app.component, namespace: app.system, labels };
  const port = HTTP_PORT[app.runtime];
  const containers: ContainerSpec[] = [
    {
      name: app.component,
      image: lumenImage(app.component, app.tags[environment]),
      port,
      ...SIZES[app.runtime],
    },
  ];
  if (app.component === 'checkout-service') {
    // An OpenTelemetry sidecar from Docker Hub (no registry in the reference).
    containers.push({
      name: 'otel-collector',
      image: 'otel/opentelemetry-collector-contrib:0.114.0',
      cpu: { request: '50m', limit: '200m' },
      memory: { request: '64Mi', limit: '128Mi' },
    });
  }
  const objects = [
    deployment({ ...common, replicas: app.replicas[environment], containers }),
    service({ ...common, port: 80, targetPort: port }),
  ];
  if (app.host) {
    objects.push(
      ingress({
        ...common,
        host: hostIn(environment, app.host),
        serviceName: app.component,
        servicePort: 80,
      }),
    );
  }
  return objects;
}

/** What is not one Component's Deployment: workers, data stores, agents, strays. */
function otherObjects(environment: Environment): FakeKubernetesObject[] {
  const prod = environment === 'production';
  return [
    // A worker draining the notifications queue every five minutes.
    cronJob({
      name: 'notification-worker',
      namespace: 'fulfilment',
      labels: {
        'app.kubernetes.io/name': 'notification-worker',
        'app.kubernetes.io/part-of': 'fulfilment',
        'backstage.io/kubernetes-id': 'notification-worker',
      },
      schedule: '*/5 * * * *',
      containers: [
        {
          name: 'notification-worker',
          image: lumenImage('notification-worker', prod ? '1.9.2' : '1.10.0'),
          ...SIZES.node,
        },
      ],
    }),
    // A second workload of order-service: the nightly export for finance.
    cronJob({
      name: 'order-export-nightly',
      namespace: 'fulfilment',
      labels: {
        'app.kubernetes.io/name': 'order-service',
        'app.kubernetes.io/part-of': 'fulfilment',
        'app.kubernetes.io/component': 'export',
      },
      schedule: '30 2 * * *',
      containers: [
        {
          name: 'export',
          image: lumenImage('order-service', prod ? '6.3.0' : '6.4.0'),
          ...SIZES.jvm,
        },
      ],
    }),
    // Data stores the catalog knows as Resources; owned through a label.
    statefulSet({
      name: 'cart-cache',
      namespace: 'checkout',
      labels: {
        'app.kubernetes.io/name': 'cart-cache',
        'app.kubernetes.io/part-of': 'checkout',
        'backstage.io/owner': 'checkout-squad',
      },
      replicas: prod ? 3 : 1,
      storage: '8Gi',
      containers: [
        {
          name: 'redis',
          image: 'docker.io/library/redis:7.4.1',
          cpu: { request: '250m', limit: '1' },
          memory: { request: '1Gi', limit: '1Gi' },
        },
      ],
    }),
    statefulSet({
      name: 'search-index',
      namespace: 'storefront',
      labels: {
        'app.kubernetes.io/name': 'search-index',
        'app.kubernetes.io/part-of': 'storefront',
        team: 'discovery-squad',
      },
      replicas: prod ? 3 : 1,
      storage: prod ? '200Gi' : '20Gi',
      containers: [
        {
          name: 'opensearch',
          image: 'opensearchproject/opensearch:2.18.0',
          cpu: { request: '1', limit: '2' },
          memory: { request: '4Gi', limit: '4Gi' },
        },
      ],
    }),
    // A node agent run by the platform squad on every node.
    daemonSet({
      name: 'node-log-agent',
      namespace: 'platform-observability',
      labels: {
        'app.kubernetes.io/name': 'node-log-agent',
        'app.kubernetes.io/part-of': 'developer-platform',
        team: 'platform-squad',
      },
      nodes: prod ? 9 : 3,
      containers: [
        {
          name: 'fluent-bit',
          image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.2',
          cpu: { request: '50m', limit: '200m' },
          memory: { request: '64Mi', limit: '128Mi' },
        },
      ],
    }),
    // Unowned: a service nobody catalogued yet, in a known system.
    deployment({
      name: 'pricing-engine',
      namespace: 'checkout',
      labels: {
        'app.kubernetes.io/name': 'pricing-engine',
        'app.kubernetes.io/part-of': 'checkout',
      },
      replicas: prod ? 2 : 1,
      containers: [
        {
          name: 'pricing-engine',
          image: lumenImage('pricing-engine', '0.4.0'),
          port: 8080,
          ...SIZES.go,
        },
      ],
    }),
    // Unowned: a stray from before the platform existed, from a private registry.
    deployment({
      name: 'legacy-image-resizer',
      namespace: 'default',
      labels: { app: 'legacy-image-resizer' },
      replicas: 1,
      readyReplicas: 0,
      containers: [
        {
          name: 'resizer',
          image: 'registry.lumen-retail.example:5000/legacy/image-resizer',
          memory: { request: '256Mi' },
        },
      ],
    }),
  ];
}

function cluster(environment: Environment): FakeKubernetesCluster {
  return {
    name: environment,
    environment,
    objects: [
      ...APPS.filter(
        app => !app.only || app.only.includes(environment),
      ).flatMap(app => appObjects(app, environment)),
      ...otherObjects(environment),
    ],
  };
}

/**
 * Lumen Retail's two clusters, `staging` and `production`, running what
 * catalog-info/ describes: a Deployment and a Service per deployable Component
 * (labelled `app.kubernetes.io/name` and `part-of`, most also
 * `backstage.io/kubernetes-id`), Ingresses for the websites, one namespace per
 * system, CronJobs for the notification worker and the nightly order export,
 * Redis and OpenSearch StatefulSets owned by label, a log-agent DaemonSet, and
 * two workloads no Component claims (`pricing-engine`, `legacy-image-resizer`).
 * Staging runs newer tags on fewer replicas; the experimental
 * recommendations-service runs only there.
 */
export function lumenRetailKubernetesClusters(): {
  staging: FakeKubernetesCluster;
  production: FakeKubernetesCluster;
} {
  return { staging: cluster('staging'), production: cluster('production') };
}
