import { createHash } from 'node:crypto';
import type {
  V1Container,
  V1ObjectMeta,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { FakeKubernetesObject } from './types';

/**
 * Builders for realistic objects, as `kubectl apply` of a typical Helm chart
 * would leave them (labels, selectors, pod templates, status).
 */

export type ContainerSpec = {
  name: string;
  /** Full reference, e.g. `ghcr.io/lumen-retail/cart-service:2.4.1@sha256:…`. */
  image: string;
  cpu?: { request: string; limit?: string };
  memory?: { request: string; limit?: string };
  port?: number;
};

export type WorkloadSpec = {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers: ContainerSpec[];
};

const CREATED = new Date('2026-03-02T09:15:00Z');

/** `ghcr.io/lumen-retail/<name>:<tag>@sha256:<digest>`, the digest derived from name and tag. */
export function lumenImage(name: string, tag: string): string {
  const digest = createHash('sha256').update(`${name}:${tag}`).digest('hex');
  return `ghcr.io/lumen-retail/${name}:${tag}@sha256:${digest}`;
}

function metadata(spec: WorkloadSpec): V1ObjectMeta {
  return {
    name: spec.name,
    namespace: spec.namespace,
    labels: {
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/instance': spec.name,
      ...spec.labels,
    },
    annotations: {
      'meta.helm.sh/release-name': spec.name,
      ...spec.annotations,
    },
    creationTimestamp: CREATED,
  };
}

function selectorLabels(spec: WorkloadSpec): Record<string, string> {
  return {
    'app.kubernetes.io/instance': spec.name,
    'app.kubernetes.io/name':
      spec.labels?.['app.kubernetes.io/name'] ?? spec.labels?.app ?? spec.name,
  };
}

function container(c: ContainerSpec): V1Container {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (c.cpu) {
    requests.cpu = c.cpu.request;
    if (c.cpu.limit) limits.cpu = c.cpu.limit;
  }
  if (c.memory) {
    requests.memory = c.memory.request;
    if (c.memory.limit) limits.memory = c.memory.limit;
  }
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    ...(c.port
      ? { ports: [{ name: 'http', containerPort: c.port, protocol: 'TCP' }] }
      : {}),
    resources: {
      ...(Object.keys(requests).length ? { requests } : {}),
      ...(Object.keys(limits).length ? { limits } : {}),
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function podTemplate(
  spec: WorkloadSpec,
  restartPolicy = 'Always',
): V1PodTemplateSpec {
  return {
    metadata: { labels: { ...spec.labels, ...selectorLabels(spec) } },
    spec: {
      containers: spec.containers.map(container),
      restartPolicy,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: spec.name,
      terminationGracePeriodSeconds: 30,
    },
  };
}

export function deployment(
  spec: WorkloadSpec & { replicas: number; readyReplicas?: number },
): FakeKubernetesObject {
  const ready = spec.readyReplicas ?? spec.replicas;
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: metadata(spec),
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: selectorLabels(spec) },
      template: podTemplate(spec),
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1,
      replicas: spec.replicas,
      updatedReplicas: spec.replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(ready < spec.replicas
        ? { unavailableReplicas: spec.replicas - ready }
        : {}),
    },
  };
}

export function statefulSet(
  spec: WorkloadSpec & {
    replicas: number;
    readyReplicas?: number;
    storage: string;
  },
): FakeKubernetesObject {
  const ready = spec.readyReplicas ?? spec.replicas;
  return {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    metadata: metadata(spec),
    spec: {
      replicas: spec.replicas,
      serviceName: `${spec.name}-headless`,
      selector: { matchLabels: selectorLabels(spec) },
      template: podTemplate(spec),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: spec.storage } },
          },
        },
      ],
    },
    status: {
      observedGeneration: 1,
      replicas: spec.replicas,
      readyReplicas: ready,
      currentReplicas: spec.replicas,
      updatedReplicas: spec.replicas,
      availableReplicas: ready,
    },
  };
}

export function daemonSet(
  spec: WorkloadSpec & { nodes: number },
): FakeKubernetesObject {
  return {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    metadata: metadata(spec),
    spec: {
      selector: { matchLabels: selectorLabels(spec) },
      template: podTemplate(spec),
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      },
    },
    status: {
      currentNumberScheduled: spec.nodes,
      desiredNumberScheduled: spec.nodes,
      numberMisscheduled: 0,
      numberReady: spec.nodes,
      numberAvailable: spec.nodes,
      updatedNumberScheduled: spec.nodes,
      observedGeneration: 1,
    },
  };
}

export function cronJob(
  spec: WorkloadSpec & { schedule: string },
): FakeKubernetesObject {
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: metadata(spec),
    spec: {
      schedule: spec.schedule,
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      suspend: false,
      jobTemplate: {
        metadata: { labels: selectorLabels(spec) },
        spec: { backoffLimit: 2, template: podTemplate(spec, 'OnFailure') },
      },
    },
    status: { lastScheduleTime: new Date('2026-11-23T06:00:00Z') },
  };
}

export function service(
  spec: Omit<WorkloadSpec, 'containers'> & {
    port: number;
    targetPort?: number;
  },
): FakeKubernetesObject {
  const workload = { ...spec, containers: [] };
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: metadata(workload),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(workload),
      ports: [
        {
          name: 'http',
          port: spec.port,
          targetPort: spec.targetPort ?? spec.port,
          protocol: 'TCP',
        },
      ],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
    status: { loadBalancer: {} },
  };
}

export function ingress(
  spec: Omit<WorkloadSpec, 'containers'> & {
    host: string;
    serviceName: string;
    servicePort: number;
  },
): FakeKubernetesObject {
  const workload = { ...spec, containers: [] };
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: metadata({
      ...workload,
      annotations: {
        'cert-manager.io/cluster-issuer': 'letsencrypt',
        ...spec.annotations,
      },
    }),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [spec.host], secretName: `${spec.name}-tls` }],
      rules: [
        {
          host: spec.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: {
                    name: spec.serviceName,
                    port: { number: spec.servicePort },
                  },
                },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
  };
}
