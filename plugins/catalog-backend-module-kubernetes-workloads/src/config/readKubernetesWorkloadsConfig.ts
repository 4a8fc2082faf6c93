import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

const ROOT = 'catalog.providers.kubernetesWorkloads';
const AUTH_PROVIDER = 'kubernetes.io/auth-provider';

/** How to reach a cluster, from the upstream `kubernetes` config. */
export type KubernetesClusterConnection = {
  url: string;
  skipTLSVerify: boolean;
  caData?: string;
  caFile?: string;
  /** Unset: the pod's own service account token is read at each run (in-cluster). */
  serviceAccountToken?: string;
};

export type NamespaceFilter = { include?: RegExp[]; exclude: RegExp[] };

export type KubernetesWorkloadsClusterConfig = {
  name: string;
  environment: string;
  namespaces: NamespaceFilter;
  connection: KubernetesClusterConnection;
};

export type KubernetesWorkloadsConfig = {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** How long each run keeps watching after its list, in ms; 0 lists only. */
  watchForMs: number;
  requestTimeoutMs: number;
  pageSize: number;
  unownedOwner: string;
  clusters: KubernetesWorkloadsClusterConfig[];
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const regex = z.string().transform((value, ctx) => {
  try {
    // Anchored: `checkout` means the namespace checkout, not checkout-tools.
    return new RegExp(`^(?:${value})$`);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `not a regular expression: ${error}`,
    });
    return z.NEVER;
  }
});

const providerSchema = z.object({
  clusters: z
    .array(
      z.object({
        name: z.string().min(1),
        environment: z
          .string()
          .max(63)
          .regex(
            DNS_LABEL,
            'lower-case letters, digits and dashes, like production',
          ),
        namespaces: z
          .object({
            include: z.array(regex).min(1).optional(),
            exclude: z.array(regex).default([]),
          })
          .default({ exclude: [] }),
      }),
    )
    .min(1),
  unownedOwner: z.string().min(1).default('group:default/unowned'),
  pageSize: z.number().int().min(1).max(5000).default(500),
});

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 15 },
};
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

type HumanDurationLike = Record<string, number | undefined>;

/** Milliseconds of a HumanDuration or luxon Duration; undefined for a cron string. */
export function durationMs(duration: unknown): number | undefined {
  if (typeof duration !== 'object' || duration === null) return undefined;
  if ('toMillis' in duration && typeof duration.toMillis === 'function') {
    return duration.toMillis();
  }
  if ('cron' in duration || 'trigger' in duration) return undefined;
  const d = duration as HumanDurationLike;
  return (
    (d.years ?? 0) * 365 * 86_400_000 +
    (d.months ?? 0) * 30 * 86_400_000 +
    (d.weeks ?? 0) * 7 * 86_400_000 +
    (d.days ?? 0) * 86_400_000 +
    (d.hours ?? 0) * 3_600_000 +
    (d.minutes ?? 0) * 60_000 +
    (d.seconds ?? 0) * 1000 +
    (d.milliseconds ?? 0)
  );
}

function fail(path: (string | number)[], message: string): never {
  // catalog.providers.kubernetesWorkloads.clusters[0].name
  const key = path
    .map(part => (typeof part === 'number' ? `[${part}]` : `.${part}`))
    .join('')
    .slice(1);
  throw new InputError(`Invalid config at ${key}: ${message}`);
}

function readDurationMs(config: Config, key: string): number | undefined {
  if (!config.has(key)) return undefined;
  try {
    return durationMs(readDurationFromConfig(config, { key }));
  } catch (error) {
    return fail([ROOT, key], (error as Error).message);
  }
}

/** Every `type: config` cluster of the upstream kubernetes plugin's config, with its key. */
function kubernetesClusters(config: Config) {
  return (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  ).flatMap((method, m) =>
    method.getOptionalString('type') === 'config'
      ? (method.getOptionalConfigArray('clusters') ?? []).map((cluster, c) => ({
          key: `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`,
          cluster,
        }))
      : [],
  );
}

function readConnection(
  cluster: Config,
  key: string,
): KubernetesClusterConnection {
  // Read raw, like upstream: its keys (kubernetes.io/auth-provider) are not config keys.
  const authMetadata =
    cluster.getOptional<Record<string, unknown>>('authMetadata') ?? {};
  const fromMetadata = (name: string) =>
    typeof authMetadata[name] === 'string'
      ? (authMetadata[name] as string)
      : undefined;
  const authProvider =
    fromMetadata(AUTH_PROVIDER) ?? cluster.getOptionalString('authProvider');
  if (authProvider !== 'serviceAccount') {
    throw new InputError(
      `Invalid config at ${key}.authProvider: catalog.providers.kubernetesWorkloads reads clusters with a service account token (authProvider: serviceAccount), not ${
        authProvider ?? 'none'
      }`,
    );
  }
  const url = cluster.getString('url');
  return {
    url,
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: cluster.getOptionalString('caData'),
    caFile: cluster.getOptionalString('caFile'),
    serviceAccountToken:
      fromMetadata('serviceAccountToken') ??
      cluster.getOptionalString('serviceAccountToken'),
  };
}

/**
 * Reads `catalog.providers.kubernetesWorkloads` once, at start-up, with each
 * cluster's connection from the `kubernetes` config. A bad value fails
 * start-up with the key that holds it. Undefined when not configured.
 */
export function readKubernetesWorkloadsConfig(
  config: Config,
): KubernetesWorkloadsConfig | undefined {
  const root = config.getOptionalConfig(ROOT);
  if (!root) return undefined;
  const parsed = providerSchema.safeParse(root.get());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail([ROOT, ...(issue.path as (string | number)[])], issue.message);
  }

  const known = kubernetesClusters(config);
  const seen = new Set<string>();
  const clusters = parsed.data.clusters.map((cluster, i) => {
    if (seen.has(cluster.name)) {
      fail(
        [ROOT, 'clusters', i, 'name'],
        `cluster "${cluster.name}" is listed twice`,
      );
    }
    seen.add(cluster.name);
    const match = known.find(
      k => k.cluster.getOptionalString('name') === cluster.name,
    );
    if (!match) {
      fail(
        [ROOT, 'clusters', i, 'name'],
        `no cluster named "${cluster.name}" under kubernetes.clusterLocatorMethods[].clusters (type: config)`,
      );
    }
    if (!DNS_LABEL.test(cluster.name) || cluster.name.length > 63) {
      fail(
        [ROOT, 'clusters', i, 'name'],
        'cluster names used here must be lower-case letters, digits and dashes (they become labels)',
      );
    }
    return {
      name: cluster.name,
      environment: cluster.environment,
      namespaces: cluster.namespaces,
      connection: readConnection(match.cluster, match.key),
    };
  });

  const schedule = root.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        root.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  const timeoutMs = durationMs(schedule.timeout)!;
  const frequencyMs = durationMs(schedule.frequency);
  const watchForMs =
    readDurationMs(root, 'watchFor') ??
    Math.floor(0.9 * Math.min(timeoutMs, frequencyMs || timeoutMs));
  if (watchForMs >= timeoutMs) {
    fail(
      [ROOT, 'watchFor'],
      `must be shorter than schedule.timeout (${
        timeoutMs / 1000
      } s), or the scheduler gives the run up for dead`,
    );
  }

  return {
    schedule,
    watchForMs,
    requestTimeoutMs:
      readDurationMs(root, 'requestTimeout') ?? DEFAULT_REQUEST_TIMEOUT_MS,
    pageSize: parsed.data.pageSize,
    unownedOwner: parsed.data.unownedOwner,
    clusters,
  };
}

/** Whether a namespace passes a cluster's namespace filter. */
export function matchesNamespace(
  filter: NamespaceFilter,
  namespace: string,
): boolean {
  if (filter.include && !filter.include.some(re => re.test(namespace)))
    return false;
  return !filter.exclude.some(re => re.test(namespace));
}
