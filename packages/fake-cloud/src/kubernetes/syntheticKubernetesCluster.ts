import {
  cronJob,
  daemonSet,
  deployment,
  ingress,
  lumenImage,
  service,
  statefulSet,
} from './objects';
import { FakeKubernetesCluster, FakeKubernetesObject } from './types';

const SQUADS = [
  'checkout-squad',
  'discovery-squad',
  'fulfilment-squad',
  'identity-squad',
  'platform-squad',
];

/**
 * A large cluster for benchmarks: `workloads` workloads named `svc-00001`…
 * (the names `syntheticGithubOrg` gives its repositories) over `namespaces`
 * namespaces — of every 20, 16 Deployments, 2 StatefulSets, 1 DaemonSet and
 * 1 CronJob — with a Service for each Deployment and StatefulSet and an
 * Ingress for every tenth. Nine in ten carry a `team` label, the rest are
 * unowned. Same input, same cluster.
 */
export function syntheticKubernetesCluster(options: {
  workloads: number;
  namespaces?: number;
  name?: string;
  environment?: string;
}): FakeKubernetesCluster {
  const {
    workloads,
    namespaces = 50,
    name = 'synthetic',
    environment = 'production',
  } = options;
  const objects: FakeKubernetesObject[] = [];
  for (let i = 1; i <= workloads; i++) {
    const app = `svc-${String(i).padStart(5, '0')}`;
    const squad = SQUADS[i % SQUADS.length];
    const namespace = `team-${String(i % namespaces).padStart(3, '0')}`;
    const labels: Record<string, string> = {
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/part-of': `system-${i % 40}`,
      ...(i % 10 !== 0 ? { team: squad } : {}),
    };
    const common = {
      name: app,
      namespace,
      labels,
      containers: [
        {
          name: app,
          image: lumenImage(app, `1.${i % 30}.${i % 7}`),
          port: 8080,
          cpu: { request: '100m', limit: '500m' },
          memory: { request: '256Mi', limit: '512Mi' },
        },
      ],
    };
    const slot = i % 20;
    if (slot === 0) {
      objects.push(cronJob({ ...common, schedule: `${i % 60} * * * *` }));
      continue;
    }
    if (slot === 1) {
      objects.push(daemonSet({ ...common, nodes: 12 }));
      continue;
    }
    objects.push(
      slot < 4
        ? statefulSet({ ...common, replicas: 3, storage: '10Gi' })
        : deployment({ ...common, replicas: 1 + (i % 4) }),
      service({ name: app, namespace, labels, port: 80, targetPort: 8080 }),
    );
    if (i % 10 === 5) {
      objects.push(
        ingress({
          name: app,
          namespace,
          labels,
          host: `${app}.${name}.example`,
          serviceName: app,
          servicePort: 80,
        }),
      );
    }
  }
  return { name, environment, objects };
}
