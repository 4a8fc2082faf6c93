import { createHash } from 'node:crypto';
import type { V1Container, V1PodTemplateSpec } from '@kubernetes/client-node';
import { SeededRandom } from '../github/seededRandom';
import { lumenRetailKubernetesClusters } from '../kubernetes/lumenRetailKubernetesClusters';
import {
  FakeKubernetesCluster,
  FakeKubernetesObject,
} from '../kubernetes/types';
import {
  DAY_MS,
  MINUTE_MS,
  OPENCOST_DEFAULT_PRICES,
  sanitizeLabelName,
} from './allocations';
import {
  OpenCostCluster,
  OpenCostContainerDay,
  OpenCostDataset,
  OpenCostNode,
} from './types';

/**
 * Lumen Retail's clusters as OpenCost sees them: every container of every
 * Deployment, StatefulSet, DaemonSet and CronJob of
 * `lumenRetailKubernetesClusters()`, with its requests and limits, replicas,
 * pod labels, Services and volumes, and a deterministic usage per day that
 * tells a right-sizing story.
 */

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number: `250m` → 0.25, `128Mi` → 134217728, `1` → 1. */
export function parseKubernetesQuantity(text: string): number {
  const match =
    /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(
      text.trim(),
    );
  if (!match || !(match[3] in SUFFIXES)) {
    throw new Error(`Not a Kubernetes quantity: ${text}`);
  }
  return Number(match[1]) * 10 ** Number(match[2] ?? 0) * SUFFIXES[match[3]];
}

/** The story the demo data tells, for tests and for whoever shows it. */
export const LUMEN_RETAIL_OPENCOST_STORY = {
  clusters: ['production', 'staging'],
  /** JVM services: request far more than they use. */
  overProvisioned: {
    containers: [
      'product-service',
      'checkout-service',
      'cart-service',
      'payments-service',
      'order-service',
      'inventory-service',
      'identity-service',
    ],
    cpuShareOfRequest: [0.15, 0.25],
    memoryShareOfRequest: 0.5,
  },
  /** Go services: sized about right. */
  nearRequest: {
    containers: ['search-service', 'shipping-service', 'pricing-engine'],
    shareOfRequest: [0.7, 0.9],
  },
  /** Uses more memory than it requests; peaks at 1.3× the request. */
  underProvisioned: {
    cluster: 'production',
    namespace: 'storefront',
    controller: 'search-service',
    container: 'search-service',
    memoryPeakOfRequest: 1.3,
  },
} as const;

type Traffic = 'shoppers' | 'internal' | 'steady';

type UsageProfile = {
  /** Weekday share of the request used on average; each workload draws its own in this range. */
  cpu: [number, number];
  memory: [number, number];
  /** A day's peak over its average. */
  cpuPeak: [number, number];
  memoryPeak: [number, number];
  /** What moves usage at weekends: shoppers (busier in production, quiet in staging), staff, nothing. */
  traffic: Traffic;
  /** GiB a pod sends per day (per run for a CronJob) in production; staging sends a tenth. */
  transferGiB: number;
  crossZoneShare: number;
  internetShare: number;
  /** What a container without requests uses: cores and bytes. */
  absolute?: { cpu: number; memory: number };
  /** How long one run of a CronJob takes, in minutes. */
  runMinutes?: [number, number];
};

const JVM: UsageProfile = {
  cpu: [0.16, 0.22],
  memory: [0.47, 0.53],
  cpuPeak: [1.5, 2],
  memoryPeak: [1.04, 1.1],
  traffic: 'shoppers',
  transferGiB: 1.5,
  crossZoneShare: 0.35,
  internetShare: 0.01,
};

const GO: UsageProfile = {
  cpu: [0.74, 0.84],
  memory: [0.72, 0.84],
  cpuPeak: [1.3, 1.7],
  memoryPeak: [1.05, 1.1],
  traffic: 'shoppers',
  transferGiB: 1,
  crossZoneShare: 0.35,
  internetShare: 0.01,
};

const WEB: UsageProfile = {
  cpu: [0.45, 0.6],
  memory: [0.62, 0.75],
  cpuPeak: [1.6, 2.2],
  memoryPeak: [1.05, 1.12],
  traffic: 'shoppers',
  transferGiB: 3,
  crossZoneShare: 0.35,
  internetShare: 0.05,
};

/** Usage profiles by container name. */
const PROFILES: Record<string, UsageProfile> = {
  'product-service': JVM,
  'checkout-service': JVM,
  'cart-service': JVM,
  // Calls the payment provider over the internet.
  'payments-service': { ...JVM, internetShare: 0.2 },
  'order-service': JVM,
  'inventory-service': JVM,
  'identity-service': JVM,
  // order-service's nightly export for finance.
  export: {
    ...JVM,
    traffic: 'steady',
    transferGiB: 0.5,
    internetShare: 0,
    runMinutes: [35, 55],
  },
  'search-service': GO,
  'shipping-service': GO,
  'pricing-engine': GO,
  'storefront-web': WEB,
  'account-web': WEB,
  'paved-portal': { ...WEB, traffic: 'internal', transferGiB: 0.5 },
  'notification-worker': {
    ...WEB,
    cpu: [0.5, 0.7],
    memory: [0.5, 0.65],
    traffic: 'steady',
    transferGiB: 0.002,
    internetShare: 0.3,
    runMinutes: [1, 1],
  },
  'recommendations-service': {
    ...WEB,
    memory: [0.65, 0.8],
    transferGiB: 1,
    internetShare: 0.01,
  },
  redis: {
    cpu: [0.08, 0.14],
    memory: [0.3, 0.4],
    cpuPeak: [2, 3],
    memoryPeak: [1.02, 1.05],
    traffic: 'steady',
    transferGiB: 2,
    crossZoneShare: 0.5,
    internetShare: 0,
  },
  opensearch: {
    cpu: [0.5, 0.62],
    memory: [0.86, 0.92],
    cpuPeak: [1.5, 2],
    memoryPeak: [1.02, 1.06],
    traffic: 'shoppers',
    transferGiB: 4,
    crossZoneShare: 0.5,
    internetShare: 0,
  },
  'fluent-bit': {
    cpu: [0.3, 0.45],
    memory: [0.45, 0.6],
    cpuPeak: [1.5, 2.5],
    memoryPeak: [1.1, 1.3],
    traffic: 'steady',
    transferGiB: 2,
    crossZoneShare: 0.3,
    internetShare: 0,
  },
  'otel-collector': {
    cpu: [0.55, 0.7],
    memory: [0.6, 0.75],
    cpuPeak: [1.4, 2],
    memoryPeak: [1.05, 1.15],
    traffic: 'shoppers',
    transferGiB: 0.8,
    crossZoneShare: 0.3,
    internetShare: 0,
  },
  // Crash-looping since its registry went away: barely runs.
  resizer: {
    cpu: [0, 0],
    memory: [0.15, 0.2],
    cpuPeak: [3, 5],
    memoryPeak: [1.5, 2],
    traffic: 'steady',
    transferGiB: 0.001,
    crossZoneShare: 0,
    internetShare: 0,
    absolute: { cpu: 0.004, memory: 40 * MIB },
  },
};

const FALLBACK: UsageProfile = { ...WEB, traffic: 'steady', transferGiB: 0.5 };

function weekendFactors(
  traffic: Traffic,
  cluster: string,
  weekend: boolean,
): { cpu: number; memory: number } {
  if (!weekend || traffic === 'steady') return { cpu: 1, memory: 1 };
  if (traffic === 'internal') return { cpu: 0.35, memory: 0.93 };
  return cluster === 'production'
    ? { cpu: 1.08, memory: 1.02 }
    : { cpu: 0.5, memory: 0.97 };
}

const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');

/** Kubernetes' alphabet for generated name suffixes (no vowels, no look-alikes). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(seed: string, length: number): string {
  const hex = sha256(seed);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SAFE[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % SAFE.length];
  }
  return out;
}

function uuid(seed: string): string {
  const hex = sha256(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const sanitized = (labels: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(labels).map(([key, value]) => [
      sanitizeLabelName(key),
      value,
    ]),
  );

type Workload = {
  kind: 'deployment' | 'statefulset' | 'daemonset' | 'job';
  name: string;
  namespace: string;
  template: V1PodTemplateSpec;
  replicas: number;
  storage?: number;
  schedule?: string;
};

function workloadOf(object: FakeKubernetesObject): Workload | undefined {
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace ?? 'default';
  switch (object.kind) {
    case 'Deployment':
      return {
        kind: 'deployment',
        name,
        namespace,
        template: object.spec!.template,
        replicas: object.spec?.replicas ?? 1,
      };
    case 'StatefulSet': {
      const storage =
        object.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests
          ?.storage;
      return {
        kind: 'statefulset',
        name,
        namespace,
        template: object.spec!.template,
        replicas: object.spec?.replicas ?? 1,
        storage: storage ? parseKubernetesQuantity(storage) : undefined,
      };
    }
    case 'DaemonSet':
      return {
        kind: 'daemonset',
        name,
        namespace,
        template: object.spec!.template,
        replicas: object.status?.desiredNumberScheduled ?? 0,
      };
    case 'CronJob':
      return {
        kind: 'job',
        name,
        namespace,
        template: object.spec!.jobTemplate.spec!.template,
        replicas: 1,
        schedule: object.spec?.schedule,
      };
    default:
      return undefined;
  }
}

/** The minutes of a day a cron schedule fires at (minute and hour fields; the rest must be `*`). */
function scheduleMinutes(schedule: string): number[] {
  const [minute = '0', hour = '0'] = schedule.trim().split(/\s+/);
  const field = (text: string, size: number): number[] => {
    if (text === '*') return Array.from({ length: size }, (_, i) => i);
    const every = /^\*\/(\d+)$/.exec(text);
    if (every) {
      return Array.from(
        { length: Math.ceil(size / Number(every[1])) },
        (_, i) => i * Number(every[1]),
      );
    }
    return text.split(',').map(Number);
  };
  return field(hour, 24)
    .flatMap(h => field(minute, 60).map(m => h * 60 + m))
    .sort((a, b) => a - b);
}

function quantity(
  container: V1Container,
  kind: 'requests' | 'limits',
  resource: 'cpu' | 'memory',
): number {
  const value = container.resources?.[kind]?.[resource];
  return value === undefined ? 0 : parseKubernetesQuantity(String(value));
}

/** A container of a pod, as it is every day, and how it uses what it asks for. */
type PodContainer = {
  template: OpenCostContainerDay;
  profile: UsageProfile;
  cpuShare: number;
  memoryShare: number;
  underProvisioned: boolean;
  seed: string;
};

/** A container of a CronJob: its runs differ every day. */
type CronContainer = PodContainer & {
  job: string;
  baseLabels: Record<string, string>;
  minutes: number[];
};

const NODES_PER_CLUSTER_FALLBACK = 3;
const NODE_CORES = 4;
const NODE_RAM = 16 * GIB;
const SUBNETS: Record<string, number> = { production: 20, staging: 30 };

function nodesOf(cluster: FakeKubernetesCluster): OpenCostNode[] {
  const daemonSets = cluster.objects.filter(o => o.kind === 'DaemonSet');
  const count = Math.max(
    0,
    ...daemonSets.map(o =>
      o.kind === 'DaemonSet' ? o.status?.desiredNumberScheduled ?? 0 : 0,
    ),
  );
  const random = new SeededRandom(`opencost-nodes:${cluster.name}`);
  const subnet = SUBNETS[cluster.name] ?? 40;
  return Array.from({ length: count || NODES_PER_CLUSTER_FALLBACK }, (_, i) => {
    // Nodes spread over the three zones' subnets.
    const third = (i % 3) * 64 + random.integer(1, 63);
    const fourth = random.integer(2, 254);
    return {
      name: `ip-10-${subnet}-${third}-${fourth}.eu-west-1.compute.internal`,
      providerID: `i-0${sha256(`${cluster.name}:node:${i}`).slice(0, 16)}`,
      cpuCores: NODE_CORES,
      ramBytes: NODE_RAM,
    };
  });
}

function servicesSelecting(
  cluster: FakeKubernetesCluster,
  namespace: string,
  labels: Record<string, string>,
): string[] {
  return cluster.objects
    .filter(
      o =>
        o.kind === 'Service' &&
        (o.metadata?.namespace ?? 'default') === namespace &&
        Object.entries(o.spec?.selector ?? {}).every(
          ([key, value]) => labels[key] === value,
        ) &&
        Object.keys(o.spec?.selector ?? {}).length > 0,
    )
    .map(o => o.metadata?.name ?? '')
    .sort();
}

function buildCluster(cluster: FakeKubernetesCluster): {
  cluster: OpenCostCluster;
  pods: PodContainer[];
  crons: CronContainer[];
} {
  const nodes = nodesOf(cluster);
  const requested = nodes.map(() => 0);
  const pods: PodContainer[] = [];
  const crons: CronContainer[] = [];
  const workloads = cluster.objects
    .map(workloadOf)
    .filter((w): w is Workload => w !== undefined)
    // The scheduler places DaemonSet pods on every node first.
    .sort(
      (a, b) => Number(b.kind === 'daemonset') - Number(a.kind === 'daemonset'),
    );

  for (const workload of workloads) {
    const { namespace, name, template } = workload;
    const namespaceLabels = { kubernetes_io_metadata_name: namespace };
    const podLabels = template.metadata?.labels ?? {};
    const services = servicesSelecting(cluster, namespace, podLabels);
    const containers = template.spec?.containers ?? [];
    const workloadSeed = `${cluster.name}/${namespace}/${workload.kind}/${name}`;
    const templateHash = suffix(
      `${workloadSeed}:${JSON.stringify(template)}`,
      10,
    );
    const podCpu = containers.reduce(
      (sum, c) => sum + quantity(c, 'requests', 'cpu'),
      0,
    );

    const profileOf = (container: V1Container) => {
      const profile = PROFILES[container.name] ?? FALLBACK;
      const random = new SeededRandom(
        `opencost:${workloadSeed}/${container.name}`,
      );
      return {
        profile,
        cpuShare: random.between(...profile.cpu),
        memoryShare: random.between(...profile.memory),
        underProvisioned:
          cluster.name ===
            LUMEN_RETAIL_OPENCOST_STORY.underProvisioned.cluster &&
          name === LUMEN_RETAIL_OPENCOST_STORY.underProvisioned.controller &&
          container.name ===
            LUMEN_RETAIL_OPENCOST_STORY.underProvisioned.container,
      };
    };

    const record = (
      container: V1Container,
      pod: string,
      node: OpenCostNode,
      labels: Record<string, string>,
      pv?: OpenCostContainerDay['pv'],
    ): OpenCostContainerDay => ({
      cluster: cluster.name,
      node: node.name,
      providerID: node.providerID,
      namespace,
      controllerKind: workload.kind,
      controller: name,
      pod,
      container: container.name,
      labels: { ...namespaceLabels, ...sanitized(labels) },
      namespaceLabels,
      services,
      start: 0,
      end: 0,
      cpuCoreRequest: quantity(container, 'requests', 'cpu'),
      cpuCoreLimit: quantity(container, 'limits', 'cpu'),
      cpuCoreUsageAverage: 0,
      cpuCoreUsageMax: 0,
      ramByteRequest: quantity(container, 'requests', 'memory'),
      ramByteLimit: quantity(container, 'limits', 'memory'),
      ramByteUsageAverage: 0,
      ramByteUsageMax: 0,
      ...(pv ? { pv } : {}),
      networkTransferBytes: 0,
      networkReceiveBytes: 0,
      networkCrossZoneBytes: 0,
      networkCrossRegionBytes: 0,
      networkInternetBytes: 0,
    });

    if (workload.kind === 'job') {
      for (const container of containers) {
        crons.push({
          ...profileOf(container),
          template: record(container, '', nodes[0], podLabels),
          seed: `${workloadSeed}/${container.name}`,
          job: name,
          baseLabels: podLabels,
          minutes: scheduleMinutes(workload.schedule ?? '0 0 * * *'),
        });
      }
      continue;
    }

    for (let replica = 0; replica < workload.replicas; replica++) {
      let pod: string;
      let node: OpenCostNode;
      let labels: Record<string, string>;
      let pv: OpenCostContainerDay['pv'];
      if (workload.kind === 'daemonset') {
        node = nodes[replica % nodes.length];
        pod = `${name}-${suffix(`${workloadSeed}:${node.name}`, 5)}`;
        labels = {
          ...podLabels,
          'controller-revision-hash': templateHash,
          'pod-template-generation': '1',
        };
      } else {
        // Least requested CPU first, like the default scheduler's scoring.
        const index = requested.indexOf(Math.min(...requested));
        node = nodes[index];
        if (workload.kind === 'statefulset') {
          pod = `${name}-${replica}`;
          labels = {
            ...podLabels,
            'controller-revision-hash': `${name}-${templateHash}`,
            'statefulset.kubernetes.io/pod-name': pod,
            'apps.kubernetes.io/pod-index': String(replica),
          };
          if (workload.storage) {
            const claim = `${cluster.name}/${namespace}/data-${pod}`;
            pv = {
              name: `pvc-${uuid(claim)}`,
              bytes: workload.storage,
              providerID: `vol-0${sha256(claim).slice(0, 16)}`,
            };
          }
        } else {
          pod = `${name}-${templateHash}-${suffix(
            `${workloadSeed}:${replica}`,
            5,
          )}`;
          labels = { ...podLabels, 'pod-template-hash': templateHash };
        }
      }
      requested[nodes.indexOf(node)] += podCpu;
      for (const container of containers) {
        pods.push({
          ...profileOf(container),
          template: record(container, pod, node, labels, pv),
          seed: `${workloadSeed}/${pod}/${container.name}`,
        });
      }
    }
  }
  return { cluster: { name: cluster.name, nodes }, pods, crons };
}

/** The usage of one container over one interval of a day. */
function withUsage(
  container: PodContainer,
  random: SeededRandom,
  weekend: boolean,
  fields: Partial<OpenCostContainerDay> & { start: number; end: number },
): OpenCostContainerDay {
  const { template, profile } = container;
  const factors = weekendFactors(profile.traffic, template.cluster, weekend);

  const cpuAverage =
    template.cpuCoreRequest > 0
      ? template.cpuCoreRequest *
        container.cpuShare *
        factors.cpu *
        random.between(0.94, 1.06)
      : (profile.absolute?.cpu ?? 0.01) * random.between(0.8, 1.2);
  let cpuMax = cpuAverage * random.between(...profile.cpuPeak);
  if (template.cpuCoreLimit > 0)
    cpuMax = Math.min(cpuMax, template.cpuCoreLimit);

  let ramAverage =
    template.ramByteRequest > 0
      ? template.ramByteRequest *
        container.memoryShare *
        factors.memory *
        random.between(0.98, 1.02)
      : (profile.absolute?.memory ?? 64 * MIB) * random.between(0.9, 1.1);
  let ramMax = ramAverage * random.between(...profile.memoryPeak);
  if (container.underProvisioned) {
    ramAverage =
      template.ramByteRequest * random.between(1.12, 1.18) * factors.memory;
    ramMax =
      template.ramByteRequest *
      LUMEN_RETAIL_OPENCOST_STORY.underProvisioned.memoryPeakOfRequest *
      random.between(0.975, 1);
  }
  if (template.ramByteLimit > 0)
    ramMax = Math.min(ramMax, template.ramByteLimit);
  ramMax = Math.max(ramMax, ramAverage);

  const transfer =
    profile.transferGiB *
    GIB *
    (template.cluster === 'production' ? 1 : 0.1) *
    factors.cpu *
    random.between(0.85, 1.15);
  return {
    ...template,
    ...fields,
    cpuCoreUsageAverage: cpuAverage,
    cpuCoreUsageMax: Math.max(cpuMax, cpuAverage),
    ramByteUsageAverage: ramAverage,
    ramByteUsageMax: ramMax,
    networkTransferBytes: transfer,
    networkReceiveBytes: transfer * random.between(0.8, 1.2),
    networkCrossZoneBytes: transfer * profile.crossZoneShare,
    networkCrossRegionBytes: 0,
    networkInternetBytes: transfer * profile.internetShare,
  };
}

function cronRuns(
  cron: CronContainer,
  nodes: OpenCostNode[],
  dayStart: number,
  day: string,
  weekend: boolean,
): OpenCostContainerDay[] {
  const random = new SeededRandom(`opencost:${cron.seed}:${day}`);
  const [shortest, longest] = cron.profile.runMinutes ?? [1, 5];
  return cron.minutes.map(minute => {
    const scheduled = dayStart + minute * MINUTE_MS;
    // The Job of a CronJob is named after its scheduled time in minutes.
    const job = `${cron.job}-${scheduled / MINUTE_MS}`;
    const pod = `${job}-${suffix(`${cron.seed}:${scheduled}`, 5)}`;
    const uid = uuid(`${cron.seed}:${scheduled}:uid`);
    const node = nodes[random.integer(0, nodes.length - 1)];
    const start = scheduled + random.integer(2, 8) * 1000;
    const minutes = Math.round(random.between(shortest, longest));
    return withUsage(cron, random, weekend, {
      start,
      end: Math.min(start + minutes * MINUTE_MS, dayStart + DAY_MS),
      pod,
      node: node.name,
      providerID: node.providerID,
      labels: {
        ...cron.template.namespaceLabels,
        ...sanitized({
          ...cron.baseLabels,
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': job,
          'controller-uid': uid,
          'job-name': job,
        }),
      },
    });
  });
}

/**
 * Lumen Retail's `staging` and `production` clusters (nodes: four cores and
 * 16 GiB each, as many as the log agent DaemonSet runs on) for the fake
 * OpenCost, usage deterministic per container and day: the JVM services use
 * 25–35 % of the CPU they request and about 60 % of the memory, the Go
 * services 70–90 %, and production's search-service uses more memory than it
 * requests (peaks at 1.3×). Shoppers make production busier at weekends,
 * staging and the portal quiet; peaks sit above the daily averages.
 * CronJobs run as their schedule says, one pod per run.
 */
export function lumenRetailOpenCost(): OpenCostDataset {
  const { staging, production } = lumenRetailKubernetesClusters();
  const built = [production, staging].map(buildCluster);
  const nodesOfCluster = new Map(
    built.map(b => [b.cluster.name, b.cluster.nodes]),
  );
  return {
    clusters: built.map(b => b.cluster),
    prices: OPENCOST_DEFAULT_PRICES,
    containersOn(dayStart) {
      const day = new Date(dayStart).toISOString().slice(0, 10);
      const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
      const records: OpenCostContainerDay[] = [];
      for (const { pods, crons } of built) {
        for (const pod of pods) {
          const random = new SeededRandom(`opencost:${pod.seed}:${day}`);
          records.push(
            withUsage(pod, random, weekend, {
              start: dayStart,
              end: dayStart + DAY_MS,
            }),
          );
        }
        for (const cron of crons) {
          records.push(
            ...cronRuns(
              cron,
              nodesOfCluster.get(cron.template.cluster)!,
              dayStart,
              day,
              weekend,
            ),
          );
        }
      }
      return records;
    },
  };
}
