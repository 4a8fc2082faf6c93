import { isWorkloadKind, ObjectKind } from './kinds';
import { parseImageReference } from './parseImageReference';

export type ResourceQuantities = { cpu: string | null; memory: string | null };

export type ContainerFacts = {
  name: string;
  /** The reference as written in the pod template. */
  image: string;
  /** Registry and path (`ghcr.io/lumen-retail/cart-service`); null when unparseable. */
  repository: string | null;
  tag: string | null;
  digest: string | null;
  requests: ResourceQuantities;
  limits: ResourceQuantities;
};

/** What the provider keeps of one object, after checking its shape. */
export type KubernetesObjectSummary = {
  kind: ObjectKind;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Workloads: the pod selector's matchLabels; Services: spec.selector. */
  selector?: Record<string, string>;
  /** Workloads only: desired and ready replicas (DaemonSets: scheduled and ready pods; CronJobs: null). */
  replicas?: { desired: number | null; ready: number | null };
  /** Workloads only. */
  containers?: ContainerFacts[];
  /** CronJobs only. */
  schedule?: string;
  /** Ingresses only: the hosts of its rules. */
  hosts?: string[];
  /** Services only: `80/TCP`. */
  ports?: string[];
};

export type ReadResult =
  | { ok: true; object: KubernetesObjectSummary }
  | { ok: false; namespace: string; name: string; message: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (isObject(node) ? node[key] : undefined),
    value,
  );

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function quantities(value: unknown): ResourceQuantities {
  // Quantities arrive as strings ('500m', '1Gi'), occasionally as bare numbers.
  const quantity = (q: unknown) => {
    if (typeof q === 'string') return q;
    return typeof q === 'number' ? String(q) : null;
  };
  return {
    cpu: quantity(get(value, 'cpu')),
    memory: quantity(get(value, 'memory')),
  };
}

/** The pod template's path inside each workload kind. */
function podSpecOf(kind: ObjectKind, object: unknown): unknown {
  return kind === 'CronJob'
    ? get(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec')
    : get(object, 'spec', 'template', 'spec');
}

function readContainers(
  kind: ObjectKind,
  object: unknown,
): ContainerFacts[] | string {
  const containers = get(podSpecOf(kind, object), 'containers');
  const where =
    kind === 'CronJob'
      ? 'spec.jobTemplate.spec.template.spec.containers'
      : 'spec.template.spec.containers';
  if (!Array.isArray(containers) || containers.length === 0) {
    return `${where} is missing or empty`;
  }
  const facts: ContainerFacts[] = [];
  for (const [index, container] of containers.entries()) {
    const name = get(container, 'name');
    const image = get(container, 'image');
    if (typeof name !== 'string' || typeof image !== 'string' || !image) {
      return `${where}[${index}] has no name or image`;
    }
    const parsed = parseImageReference(image);
    facts.push({
      name,
      image,
      repository: parsed?.repository ?? null,
      tag: parsed?.tag ?? null,
      digest: parsed?.digest ?? null,
      requests: quantities(get(container, 'resources', 'requests')),
      limits: quantities(get(container, 'resources', 'limits')),
    });
  }
  return facts;
}

function readReplicas(kind: ObjectKind, object: unknown) {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
      return {
        // The API server defaults spec.replicas to 1; a missing ready count is 0.
        desired: count(get(object, 'spec', 'replicas')) ?? 1,
        ready: count(get(object, 'status', 'readyReplicas')) ?? 0,
      };
    case 'DaemonSet':
      return {
        desired: count(get(object, 'status', 'desiredNumberScheduled')),
        ready: count(get(object, 'status', 'numberReady')),
      };
    default:
      return { desired: null, ready: null };
  }
}

/**
 * Checks the shape of one object from a list or a watch event and keeps what
 * the catalog and the workload table need. A malformed object (no name, no
 * containers, no schedule…) is reported, never thrown, so the rest still load.
 */
export function readKubernetesObject(
  kind: ObjectKind,
  object: unknown,
): ReadResult {
  const namespace = get(object, 'metadata', 'namespace');
  const name = get(object, 'metadata', 'name');
  const fail = (message: string): ReadResult => ({
    ok: false,
    namespace:
      typeof namespace === 'string' && namespace ? namespace : '(no namespace)',
    name: typeof name === 'string' && name ? name : '(no name)',
    message,
  });
  if (!isObject(object)) return fail('not an object');
  if (typeof name !== 'string' || !name)
    return fail('metadata.name is missing');
  if (typeof namespace !== 'string' || !namespace) {
    return fail('metadata.namespace is missing');
  }

  const summary: KubernetesObjectSummary = {
    kind,
    namespace,
    name,
    labels: stringMap(get(object, 'metadata', 'labels')),
  };

  if (isWorkloadKind(kind)) {
    const containers = readContainers(kind, object);
    if (typeof containers === 'string') return fail(containers);
    summary.containers = containers;
    summary.replicas = readReplicas(kind, object);
    if (kind === 'CronJob') {
      const schedule = get(object, 'spec', 'schedule');
      if (typeof schedule !== 'string' || !schedule)
        return fail('spec.schedule is missing');
      summary.schedule = schedule;
    } else {
      const selector = stringMap(
        get(object, 'spec', 'selector', 'matchLabels'),
      );
      if (Object.keys(selector).length > 0) summary.selector = selector;
    }
  } else if (kind === 'Service') {
    const selector = stringMap(get(object, 'spec', 'selector'));
    if (Object.keys(selector).length > 0) summary.selector = selector;
    const ports = get(object, 'spec', 'ports');
    summary.ports = Array.isArray(ports)
      ? ports
          .filter(p => count(get(p, 'port')) !== null)
          .map(p => `${get(p, 'port')}/${get(p, 'protocol') ?? 'TCP'}`)
      : [];
  } else if (kind === 'Ingress') {
    const rules = get(object, 'spec', 'rules');
    summary.hosts = Array.isArray(rules)
      ? [
          ...new Set(
            rules
              .map(r => get(r, 'host'))
              .filter((h): h is string => typeof h === 'string'),
          ),
        ]
      : [];
  }
  return { ok: true, object: summary };
}
