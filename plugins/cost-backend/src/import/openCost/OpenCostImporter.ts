import { LoggerService } from '@backstage/backend-plugin-api';
import {
  allocateLineItem,
  Allocation,
  AllocationIndex,
  AllocationRules,
  CostImport,
  FocusLineItem,
} from '@internal/plugin-cost-common';
import { OpenCostImportConfig } from '../../config/readCostConfig';
import {
  ContainerUsageRow,
  ContainerUsageStore,
} from '../../database/ContainerUsageStore';
import { ApiLineItemImporter, LineItemSink } from '../ApiLineItemImporter';
import { importMonths } from '../importMonths';
import { CatalogWorkload, workloadKey } from './CatalogWorkloadLoader';
import { ContainerDay, summariseOpenCostDay } from './containerDays';
import { OpenCostClient } from './OpenCostClient';

const DAY_MS = 86_400_000;

export const KUBERNETES_PROVIDER = 'Kubernetes';
export const KUBERNETES_WORKLOADS_SERVICE = 'Kubernetes workloads';
export const KUBERNETES_IDLE_SERVICE = 'Kubernetes idle capacity';

/**
 * A label by its Kubernetes name, also under the name OpenCost reports it
 * by (Prometheus-sanitised: `app.kubernetes.io/name` → `app_kubernetes_io_name`).
 */
const labelNames = (name: string) => [
  name,
  name.replace(/[^a-zA-Z0-9_]/g, '_'),
];

/** Labels that name a workload's Component, strongest first (as the catalog's workload provider reads them). */
const COMPONENT_LABELS = [
  'backstage.io/kubernetes-id',
  'app.kubernetes.io/name',
  'app',
].flatMap(labelNames);
const TEAM_LABELS = ['backstage.io/owner', 'team'].flatMap(labelNames);
const ENVIRONMENT_LABELS = ['environment', 'env'];

/**
 * Labels Kubernetes generates per pod, revision or run (and the namespace's
 * name, which `namespace` already says): dropped from the tags, where they
 * would only tell pods apart.
 */
const GENERATED_LABELS = new Set(
  [
    'pod-template-hash',
    'controller-revision-hash',
    'statefulset.kubernetes.io/pod-name',
    'apps.kubernetes.io/pod-index',
    'pod-template-generation',
    'job-name',
    'controller-uid',
    'batch.kubernetes.io/job-name',
    'batch.kubernetes.io/controller-uid',
    'kubernetes.io/metadata.name',
  ].flatMap(labelNames),
);

const tagsOf = (labels: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(labels).filter(([name]) => !GENERATED_LABELS.has(name)),
  );

/** OpenCost's costs are floats; six decimals is a millionth of a cent's hundredth. */
const decimal = (value: number) =>
  (Object.is(value, -0) ? 0 : value).toFixed(6);

/**
 * Imports one cluster's OpenCost (`cost.imports.openCost`): per day, one
 * FOCUS line item per workload container (ProviderName `Kubernetes`,
 * SubAccountId the cluster, ResourceId
 * `cluster/namespace/kind/controller/container`) and one for the cluster's
 * idle capacity (never allocated, so it shows as unallocated), plus each
 * container's usage for right-sizing. A container is allocated through the
 * catalog's workload (its Component, owner and environment); a workload the
 * catalog does not have is allocated by its labels.
 */
export class OpenCostImporter {
  constructor(
    private readonly config: OpenCostImportConfig,
    private readonly deps: {
      importer: ApiLineItemImporter;
      usage: ContainerUsageStore;
      loadWorkloads: () => Promise<Map<string, CatalogWorkload>>;
      rules: AllocationRules;
      logger: LoggerService;
      /** Milliseconds before the first retry (tests make it short). */
      retryDelayMs?: number;
      now?: () => Date;
    },
  ) {}

  get id(): string {
    return `cost-import-opencost-${this.config.source}`;
  }

  async run(): Promise<CostImport> {
    const { config, deps } = this;
    const now = deps.now?.() ?? new Date();
    const { billingPeriods, from, to } = importMonths(now, config.months);
    const client = new OpenCostClient({
      baseUrl: config.baseUrl,
      token: config.token,
      maxAttempts: config.maxAttempts,
      retryDelayMs: deps.retryDelayMs,
      logger: deps.logger,
    });
    return deps.importer.run({
      source: config.source,
      description: `OpenCost ${config.baseUrl} (${config.cluster}) ${from
        .toISOString()
        .slice(0, 10)} – ${to.toISOString().slice(0, 10)}`,
      pull: async ({ importId, sink, index }) => {
        const workloads = await deps.loadWorkloads();
        // Up to the end of today: OpenCost answers what it has so far.
        const end = new Date(
          Math.min(
            to.getTime(),
            Date.UTC(
              now.getUTCFullYear(),
              now.getUTCMonth(),
              now.getUTCDate(),
            ) + DAY_MS,
          ),
        );
        for await (const { day, allocations } of client.days(
          from,
          end,
          config.windowDays,
        )) {
          const summary = summariseOpenCostDay(allocations);
          const usage: ContainerUsageRow[] = [];
          for (const container of summary.containers) {
            const allocation = this.allocate(container, workloads, index);
            usage.push(this.usageRow(day, container, allocation.allocation));
            await sink.write(
              this.lineItem(day, container),
              allocation.allocation,
            );
          }
          if (summary.idleCost !== 0) {
            await this.writeIdle(sink, day, summary.idleCost);
          }
          await deps.usage.insert(importId, usage);
        }
        return { billingPeriods };
      },
      onPublish: (trx, importId) =>
        deps.usage.replace(trx, {
          importId,
          source: config.source,
          from: from.toISOString().slice(0, 10),
          to: to.toISOString().slice(0, 10),
        }),
      onDiscard: importId => deps.usage.deleteImport(importId),
    });
  }

  /** Through the catalog's workload, else by labels (Component, team, environment). */
  private allocate(
    container: ContainerDay,
    workloads: Map<string, CatalogWorkload>,
    index: AllocationIndex,
  ): { allocation: Allocation & { workloadRef: string | null } } {
    const { cluster, environment } = this.config;
    const key = (controller: string, kind = container.controllerKind) =>
      workloadKey(cluster, container.namespace, kind, controller);
    // A CronJob's pods belong to Jobs named after it with a timestamp suffix.
    const workload =
      workloads.get(key(container.controller)) ??
      (container.controllerKind === 'job'
        ? workloads.get(
            key(container.controller.replace(/-\d+$/, ''), 'cronjob'),
          )
        : undefined);
    const labels = container.labels;
    const label = (names: string[]) =>
      names.map(name => labels[name]).find(value => value);
    if (workload?.componentRef) {
      return {
        allocation: {
          workloadRef: workload.workloadRef,
          entityRef: workload.componentRef,
          ownerRef: workload.ownerRef,
          environment:
            workload.environment ??
            this.environmentOf(label(ENVIRONMENT_LABELS)),
        },
      };
    }
    const byLabels = allocateLineItem(
      {
        service:
          COMPONENT_LABELS.map(name => labels[name]).find(
            value =>
              value &&
              index.components.has(value.trim().toLocaleLowerCase('en-US')),
          ) ?? container.controller,
        team: label(TEAM_LABELS) ?? '',
        environment: label(ENVIRONMENT_LABELS) ?? environment ?? '',
      },
      index,
      this.deps.rules,
    );
    return {
      allocation: {
        workloadRef: workload?.workloadRef ?? null,
        entityRef: byLabels.entityRef,
        ownerRef: byLabels.ownerRef ?? workload?.ownerRef ?? null,
        environment:
          workload?.environment ??
          byLabels.environment ??
          this.environmentOf(environment),
      },
    };
  }

  private environmentOf(value: string | undefined): string | null {
    if (!value) return this.config.environment ?? null;
    const name = value.trim().toLocaleLowerCase('en-US');
    return this.deps.rules.environmentAliases[name] ?? name;
  }

  private period(day: string) {
    const start = new Date(`${day}T00:00:00Z`);
    return {
      billingPeriodStart: new Date(
        Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1),
      ),
      billingPeriodEnd: new Date(
        Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1),
      ),
      chargePeriodStart: start,
      chargePeriodEnd: new Date(start.getTime() + DAY_MS),
    };
  }

  private lineItem(day: string, container: ContainerDay): FocusLineItem {
    const cost = decimal(container.totalCost);
    const { cluster, currency } = this.config;
    return {
      ...this.period(day),
      billedCost: cost,
      effectiveCost: cost,
      listCost: cost,
      billingCurrency: currency,
      chargeCategory: 'Usage',
      providerName: KUBERNETES_PROVIDER,
      serviceName: KUBERNETES_WORKLOADS_SERVICE,
      serviceCategory: 'Compute',
      subAccountId: cluster,
      regionId: null,
      resourceId: `${cluster}/${container.namespace}/${container.controllerKind}/${container.controller}/${container.container}`,
      resourceType: 'Kubernetes container',
      tags: { ...tagsOf(container.labels), namespace: container.namespace },
    };
  }

  private writeIdle(sink: LineItemSink, day: string, idleCost: number) {
    const cost = decimal(idleCost);
    const { cluster, currency, environment } = this.config;
    return sink.write(
      {
        ...this.period(day),
        billedCost: cost,
        effectiveCost: cost,
        listCost: cost,
        billingCurrency: currency,
        chargeCategory: 'Usage',
        providerName: KUBERNETES_PROVIDER,
        serviceName: KUBERNETES_IDLE_SERVICE,
        serviceCategory: 'Compute',
        subAccountId: cluster,
        regionId: null,
        resourceId: `${cluster}/__idle__`,
        resourceType: 'Kubernetes idle capacity',
        tags: {},
      },
      { entityRef: null, ownerRef: null, environment: environment ?? null },
    );
  }

  private usageRow(
    day: string,
    container: ContainerDay,
    allocation: Allocation & { workloadRef: string | null },
  ): ContainerUsageRow {
    return {
      source: this.config.source,
      day,
      cluster: this.config.cluster,
      namespace: container.namespace,
      controllerKind: container.controllerKind,
      controller: container.controller,
      container: container.container,
      workloadRef: allocation.workloadRef,
      entityRef: allocation.entityRef,
      ownerRef: allocation.ownerRef,
      environment: allocation.environment,
      replicas: container.replicas,
      cpuRequestCores: container.cpuRequestCores,
      cpuUsageAvgCores: container.cpuUsageAvgCores,
      cpuUsageMaxCores: container.cpuUsageMaxCores,
      memoryRequestBytes: container.memoryRequestBytes,
      memoryUsageAvgBytes: container.memoryUsageAvgBytes,
      memoryUsageMaxBytes: container.memoryUsageMaxBytes,
      cpuCost: container.cpuCost,
      memoryCost: container.memoryCost,
      cpuCoreHours: container.cpuCoreHours,
      memoryByteHours: container.memoryByteHours,
      currency: this.config.currency,
    };
  }
}
