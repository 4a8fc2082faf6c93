import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  IngestionProblem,
  IngestionRunReport,
  IngestionRunsService,
} from '@internal/plugin-catalog-ingestion-node';
import {
  KubernetesWorkloadsClusterConfig,
  KubernetesWorkloadsConfig,
  matchesNamespace,
} from '../config/readKubernetesWorkloadsConfig';
import { WorkloadStore } from '../database/WorkloadStore';
import { CatalogIndex } from '../mapping/catalogIndex';
import { isWorkloadKind, KINDS, ObjectKind } from '../mapping/kinds';
import {
  ClusterContext,
  MappedObject,
  mapToResourceEntity,
  WorkloadFacts,
} from '../mapping/mapToResourceEntity';
import { readKubernetesObject } from '../mapping/readKubernetesObject';
import { resourceEntityName } from '../mapping/resourceEntityName';
import {
  KubernetesClusterReader,
  WatchEventType,
} from './KubernetesClusterReader';

/** Longest a single watch request stays open before it is resumed. */
const WATCH_REQUEST_SECONDS = 300;
const MAX_WATCH_BACKOFF_MS = 30_000;

export type KubernetesWorkloadsProviderOptions = Pick<
  KubernetesWorkloadsConfig,
  'watchForMs' | 'requestTimeoutMs' | 'pageSize' | 'unownedOwner'
> & { cluster: KubernetesWorkloadsClusterConfig };

/** The outcome of one full list, as reported to the ingestion runs. */
export type ListRunSummary = IngestionRunReport & {
  /** Per kind, the list's resourceVersion to watch from; empty when failed. */
  resourceVersions: Map<ObjectKind, string>;
};

type PendingChange = {
  kind: ObjectKind;
  type: WatchEventType;
  object: unknown;
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Emits a Resource for every Deployment, StatefulSet, DaemonSet, CronJob,
 * Service and Ingress of one cluster, linked to its Component, System and
 * owner, and keeps the workloads' facts in the {@link WorkloadStore}.
 *
 * Each scheduled run (one replica at a time) lists all six kinds and applies
 * a full mutation, then watches from the lists' resourceVersions and applies
 * delta mutations until its time slot ends; the next run relists, which is
 * the resync. A watch answered with 410 Expired relists at once. A list that
 * fails (5xx, timeout, auth) applies nothing, so the catalog keeps what it
 * had; a malformed object is skipped and reported, and the rest still load.
 */
export class KubernetesWorkloadsEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private latest?: ListRunSummary;
  private readonly context: ClusterContext;
  private readonly logger: LoggerService;

  static providerName(clusterName: string) {
    return `kubernetes-workloads:${clusterName}`;
  }

  constructor(
    private readonly options: KubernetesWorkloadsProviderOptions,
    private readonly deps: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      /** One catalog query: the Components, Systems and Groups objects link to. */
      readCatalog: () => Promise<CatalogIndex>;
      workloadStore?: WorkloadStore;
      ingestionRuns?: Pick<IngestionRunsService, 'report'>;
      createReader?: () => KubernetesClusterReader;
      /** How long watch events are gathered into one delta mutation. */
      deltaBatchMs?: number;
    },
  ) {
    const { cluster } = options;
    this.context = {
      providerName: KubernetesWorkloadsEntityProvider.providerName(
        cluster.name,
      ),
      cluster: cluster.name,
      environment: cluster.environment,
      url: cluster.connection.url,
      unownedOwner: options.unownedOwner,
    };
    this.logger = deps.logger.child({ target: this.context.providerName });
  }

  getProviderName(): string {
    return this.context.providerName;
  }

  /** The last full list, complete or failed. */
  get lastRun(): IngestionRunReport | undefined {
    return this.latest;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async signal => {
        await this.run(signal);
      },
    });
  }

  private newReader(): KubernetesClusterReader {
    return (
      this.deps.createReader?.() ??
      new KubernetesClusterReader(this.options.cluster.connection, {
        requestTimeoutMs: this.options.requestTimeoutMs,
        pageSize: this.options.pageSize,
      })
    );
  }

  /**
   * One scheduled run: list and apply a full mutation, then watch and apply
   * deltas for `watchForMs`, relisting whenever a watch reports 410 Expired.
   * Throws when a list fails, after reporting it.
   */
  async run(signal: AbortSignal = new AbortController().signal): Promise<void> {
    const deadline = Date.now() + this.options.watchForMs;
    const reader = this.newReader();
    // One catalog query per run, shared by a relist and the watches.
    let catalog: Promise<CatalogIndex> | undefined;
    const index = () => (catalog ??= this.deps.readCatalog());
    for (;;) {
      const listed = await this.listAndApply(reader, index, signal);
      if (listed.outcome === 'failed') throw new Error(listed.error);
      if (Date.now() >= deadline || signal.aborted) return;
      const ended = await this.watchUntil(
        reader,
        await index(),
        listed.resourceVersions,
        deadline,
        signal,
      );
      if (ended !== 'expired') return;
      this.logger.info('A watch reported 410 Expired; relisting');
    }
  }

  /** Lists the cluster and applies a full mutation; never throws, reports instead. */
  async listAndApply(
    reader: KubernetesClusterReader,
    readIndex: () => Promise<CatalogIndex>,
    signal?: AbortSignal,
  ): Promise<ListRunSummary> {
    if (!this.connection)
      throw new Error(`${this.getProviderName()} is not connected yet`);
    const startedAt = new Date();
    const requestsBefore = reader.requestCount;
    const { cluster } = this.options;
    const base = {
      provider: this.getProviderName(),
      sourceKind: 'kubernetes',
      target: `${cluster.name} (${cluster.environment})`,
      startedAt,
    };
    let summary: ListRunSummary;
    // The first failure stops the other lists: the run applies nothing anyway.
    const abandon = new AbortController();
    const listSignal = signal
      ? AbortSignal.any([signal, abandon.signal])
      : abandon.signal;
    const orAbandon = <T>(promise: Promise<T>) =>
      promise.catch(error => {
        abandon.abort();
        throw error;
      });
    try {
      const [index, ...lists] = await Promise.all([
        orAbandon(readIndex()).catch(error => {
          throw new Error(
            `reading Components, Systems and Groups from the catalog: ${error}`,
          );
        }),
        ...KINDS.map(k => orAbandon(reader.list(k.kind, listSignal))),
      ]);
      const problems: IngestionProblem[] = [];
      const mapped: MappedObject[] = [];
      let filteredOut = 0;
      KINDS.forEach((info, i) => {
        for (const raw of lists[i].items) {
          const read = readKubernetesObject(info.kind, raw);
          if (!read.ok) {
            problems.push({
              subject: `${cluster.name}/${read.namespace}/${info.kind}/${read.name}`,
              message: `skipped: ${read.message}`,
            });
          } else if (
            !matchesNamespace(cluster.namespaces, read.object.namespace)
          ) {
            filteredOut += 1;
          } else {
            mapped.push(mapToResourceEntity(read.object, index, this.context));
          }
        }
      });

      await this.connection.applyMutation({
        type: 'full',
        entities: mapped.map(m => ({
          entity: m.entity,
          locationKey: this.getProviderName(),
        })),
      });
      const facts = mapped.flatMap(m => (m.facts ? [m.facts] : []));
      await this.deps.workloadStore?.replaceForCluster(
        cluster.name,
        facts,
        startedAt,
      );

      const ofType = (type: string) =>
        mapped.filter(m => m.entity.spec?.type === type).length;
      summary = {
        ...base,
        finishedAt: new Date(),
        outcome: 'complete',
        counts: {
          entities: mapped.length,
          workloads: facts.length,
          deployments: ofType('kubernetes-deployment'),
          statefulSets: ofType('kubernetes-statefulset'),
          daemonSets: ofType('kubernetes-daemonset'),
          cronJobs: ofType('kubernetes-cronjob'),
          services: ofType('kubernetes-service'),
          ingresses: ofType('kubernetes-ingress'),
          linkedToComponents: mapped.filter(m => m.entity.spec?.dependencyOf)
            .length,
          unowned: mapped.filter(m => m.ownerSource === 'none').length,
          skipped: problems.length,
          filteredOut,
          requests: reader.requestCount - requestsBefore,
        },
        problems,
        resourceVersions: new Map(
          KINDS.map((k, i) => [k.kind, lists[i].resourceVersion]),
        ),
      };
      this.logger.info(
        `Listed ${summary.counts.entities} objects (${
          summary.counts.workloads
        } workloads, ${summary.counts.unowned} unowned, ${
          problems.length
        } skipped) in ${summary.counts.requests} requests, ${
          summary.finishedAt.getTime() - startedAt.getTime()
        } ms`,
      );
    } catch (error) {
      summary = {
        ...base,
        finishedAt: new Date(),
        outcome: 'failed',
        counts: { requests: reader.requestCount - requestsBefore },
        problems: [],
        error: `${cluster.name}: ${(error as Error).message}`,
        resourceVersions: new Map(),
      };
      this.logger.error(
        `Listing cluster ${cluster.name} failed; the catalog keeps what it had: ${summary.error}`,
      );
    }
    this.latest = summary;
    const report: IngestionRunReport = { ...summary };
    delete (report as Partial<ListRunSummary>).resourceVersions;
    await this.deps.ingestionRuns
      ?.report(report)
      .catch(error => this.logger.warn(`Could not record the run: ${error}`));
    return summary;
  }

  /**
   * Watches all kinds from their list versions until `deadline`, applying
   * changes as delta mutations. Returns `expired` as soon as any watch reports
   * 410 Expired (the caller relists), else `done`.
   */
  private async watchUntil(
    reader: KubernetesClusterReader,
    index: CatalogIndex,
    resourceVersions: Map<ObjectKind, string>,
    deadline: number,
    signal: AbortSignal,
  ): Promise<'expired' | 'done'> {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(onAbort, Math.max(0, deadline - Date.now()));
    let expired = false;

    const pending = new Map<string, PendingChange>();
    let flushing: Promise<void> = Promise.resolve();
    const flush = () => {
      flushing = flushing.then(() => this.applyChanges(pending, index));
      return flushing;
    };
    const flusher = setInterval(flush, this.deps.deltaBatchMs ?? 1000);

    const watchKind = async (kind: ObjectKind) => {
      let version = resourceVersions.get(kind)!;
      let failures = 0;
      while (!stop.signal.aborted) {
        const remaining = Math.ceil((deadline - Date.now()) / 1000);
        const end = await reader.watch(
          kind,
          version,
          (type, object) => {
            const meta = (
              object as { metadata?: { namespace?: string; name?: string } }
            )?.metadata;
            // Keyed by object: only its last change in a batch matters.
            pending.set(`${kind}/${meta?.namespace}/${meta?.name}`, {
              kind,
              type,
              object,
            });
          },
          {
            signal: stop.signal,
            timeoutSeconds: Math.max(
              1,
              Math.min(remaining, WATCH_REQUEST_SECONDS),
            ),
          },
        );
        if (end.reason === 'expired') {
          expired = true;
          stop.abort();
          return;
        }
        version = end.resourceVersion;
        if (end.reason === 'error') {
          failures += 1;
          this.logger.warn(`${end.error.message}; resuming from ${version}`);
          await sleep(
            Math.min(MAX_WATCH_BACKOFF_MS, 1000 * 2 ** (failures - 1)),
            stop.signal,
          );
        } else {
          failures = 0;
        }
      }
    };

    try {
      await Promise.all(KINDS.map(k => watchKind(k.kind)));
    } finally {
      clearTimeout(timer);
      clearInterval(flusher);
      signal.removeEventListener('abort', onAbort);
      await flush();
    }
    return expired ? 'expired' : 'done';
  }

  /** Applies a batch of watch events as one delta mutation. */
  private async applyChanges(
    pending: Map<string, PendingChange>,
    index: CatalogIndex,
  ) {
    if (pending.size === 0 || !this.connection) return;
    const changes = [...pending.values()];
    pending.clear();
    const { cluster } = this.options;
    const added: { entity: Entity; locationKey: string }[] = [];
    const removed: { entityRef: string; locationKey: string }[] = [];
    const upserted: WorkloadFacts[] = [];
    const removedEntityRefs: string[] = [];
    for (const { kind, type, object } of changes) {
      const read = readKubernetesObject(kind, object);
      if (!read.ok) {
        if (
          type === 'DELETED' &&
          read.name !== '(no name)' &&
          read.namespace !== '(no namespace)'
        ) {
          // A malformed object going away: nothing was emitted for it, but be sure.
          const ref = `resource:default/${resourceEntityName(
            cluster.name,
            read.namespace,
            kind,
            read.name,
          )}`;
          removed.push({ entityRef: ref, locationKey: this.getProviderName() });
          continue;
        }
        this.logger.warn(
          `Skipped ${cluster.name}/${read.namespace}/${kind}/${read.name} from a watch event: ${read.message}`,
        );
        continue;
      }
      if (!matchesNamespace(cluster.namespaces, read.object.namespace))
        continue;
      const mapped = mapToResourceEntity(read.object, index, this.context);
      if (type === 'DELETED') {
        removed.push({
          entityRef: mapped.entityRef,
          locationKey: this.getProviderName(),
        });
        if (isWorkloadKind(kind)) removedEntityRefs.push(mapped.entityRef);
      } else {
        added.push({
          entity: mapped.entity,
          locationKey: this.getProviderName(),
        });
        if (mapped.facts) upserted.push(mapped.facts);
      }
    }
    try {
      await this.connection.applyMutation({ type: 'delta', added, removed });
      await this.deps.workloadStore?.applyChanges(
        { upserted, removedEntityRefs },
        new Date(),
      );
      this.logger.debug(
        `Applied ${added.length} changed and ${removed.length} removed objects`,
      );
    } catch (error) {
      // The next list (at the latest the next run) brings the catalog back in line.
      this.logger.warn(`Could not apply watch changes: ${error}`);
    }
  }
}
