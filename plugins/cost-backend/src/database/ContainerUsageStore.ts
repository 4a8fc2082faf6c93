import { ContainerUsageSummary } from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import { unpublishedImportIds } from './CostImportStore';

/** One workload container on one day, as stored for right-sizing. */
export type ContainerUsageRow = {
  source: string;
  /** `YYYY-MM-DD`. */
  day: string;
  cluster: string;
  namespace: string;
  controllerKind: string;
  controller: string;
  container: string;
  workloadRef: string | null;
  entityRef: string | null;
  ownerRef: string | null;
  environment: string | null;
  replicas: number;
  cpuRequestCores: number;
  cpuUsageAvgCores: number;
  cpuUsageMaxCores: number | null;
  memoryRequestBytes: number;
  memoryUsageAvgBytes: number;
  memoryUsageMaxBytes: number | null;
  cpuCost: number;
  memoryCost: number;
  cpuCoreHours: number;
  memoryByteHours: number;
  currency: string;
};

/** A workload container's usage over some days, and where its last day was allocated. */
export type ContainerUsageSummaryRow = ContainerUsageSummary & {
  cluster: string;
  namespace: string;
  controllerKind: string;
  controller: string;
  container: string;
  currency: string;
  workloadRef: string | null;
  entityRef: string | null;
  ownerRef: string | null;
  environment: string | null;
};

type DbRow = {
  import_id: string;
  source: string;
  day: string;
  cluster: string;
  namespace: string;
  controller_kind: string;
  controller: string;
  container: string;
  workload_ref: string | null;
  entity_ref: string | null;
  owner_ref: string | null;
  environment: string | null;
  replicas: number;
  cpu_request_cores: number;
  cpu_usage_avg_cores: number;
  cpu_usage_max_cores: number | null;
  memory_request_bytes: number;
  memory_usage_avg_bytes: number;
  memory_usage_max_bytes: number | null;
  cpu_cost: number;
  memory_cost: number;
  cpu_core_hours: number;
  memory_byte_hours: number;
  currency: string;
};

const INSERT_BATCH = 1_000;

/**
 * Container usage per day (`cost_container_usage`): written by an
 * OpenCost import under its id, invisible until the import is published,
 * then replacing the source's days the import covered.
 */
export class ContainerUsageStore {
  constructor(private readonly knex: Knex) {}

  async insert(importId: string, rows: ContainerUsageRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await this.knex<DbRow>('cost_container_usage').insert(
        rows.slice(i, i + INSERT_BATCH).map(row => ({
          import_id: importId,
          source: row.source,
          day: row.day,
          cluster: row.cluster,
          namespace: row.namespace,
          controller_kind: row.controllerKind,
          controller: row.controller,
          container: row.container,
          workload_ref: row.workloadRef,
          entity_ref: row.entityRef,
          owner_ref: row.ownerRef,
          environment: row.environment,
          replicas: row.replicas,
          cpu_request_cores: row.cpuRequestCores,
          cpu_usage_avg_cores: row.cpuUsageAvgCores,
          cpu_usage_max_cores: row.cpuUsageMaxCores,
          memory_request_bytes: row.memoryRequestBytes,
          memory_usage_avg_bytes: row.memoryUsageAvgBytes,
          memory_usage_max_bytes: row.memoryUsageMaxBytes,
          cpu_cost: row.cpuCost,
          memory_cost: row.memoryCost,
          cpu_core_hours: row.cpuCoreHours,
          memory_byte_hours: row.memoryByteHours,
          currency: row.currency,
        })),
      );
    }
  }

  /** In the publishing transaction: the source's other rows for days in [from, to) go. */
  async replace(
    trx: Knex.Transaction,
    input: { importId: string; source: string; from: string; to: string },
  ): Promise<void> {
    await trx('cost_container_usage')
      .where('source', input.source)
      .andWhere('day', '>=', input.from)
      .andWhere('day', '<', input.to)
      .whereNot('import_id', input.importId)
      .whereNotIn('import_id', unpublishedImportIds(trx))
      .delete();
  }

  async deleteImport(importId: string): Promise<void> {
    await this.knex('cost_container_usage')
      .where('import_id', importId)
      .delete();
  }

  /** The last day with usage, or undefined. */
  async lastDay(): Promise<string | undefined> {
    const row = await this.knex('cost_container_usage')
      .whereNotIn('import_id', unpublishedImportIds(this.knex))
      .first(this.knex.raw(`to_char(max(day), 'YYYY-MM-DD') AS day`));
    return row?.day ?? undefined;
  }

  /**
   * One summary per workload container (and currency) over the days in
   * [from, to) — of a Component, an owner, or all — with the allocation of
   * its last day; what `summariseContainerUsage` computes from the days.
   */
  async summaries(input: {
    from: string;
    to: string;
    entityRef?: string;
    ownerRef?: string;
  }): Promise<ContainerUsageSummaryRow[]> {
    const last = (column: string) =>
      `(array_agg(${column} ORDER BY day DESC))[1]`;
    let query = this.knex('cost_container_usage')
      .select(
        'cluster',
        'namespace',
        { controllerKind: 'controller_kind' },
        'controller',
        'container',
        'currency',
        this.knex.raw(`${last('workload_ref')} AS "workloadRef"`),
        this.knex.raw(`${last('entity_ref')} AS "entityRef"`),
        this.knex.raw(`${last('owner_ref')} AS "ownerRef"`),
        this.knex.raw(`${last('environment')} AS environment`),
        this.knex.raw(`count(*)::int AS days`),
        this.knex.raw(`avg(replicas) AS replicas`),
        this.knex.raw(`${last('cpu_request_cores')} AS "cpuRequestCores"`),
        this.knex.raw(
          `${last('memory_request_bytes')} AS "memoryRequestBytes"`,
        ),
        this.knex.raw(
          `CASE WHEN sum(replicas) > 0 THEN sum(cpu_usage_avg_cores * replicas) / sum(replicas) ELSE 0 END AS "cpuUsageAvgCores"`,
        ),
        this.knex.raw(
          `CASE WHEN sum(replicas) > 0 THEN sum(memory_usage_avg_bytes * replicas) / sum(replicas) ELSE 0 END AS "memoryUsageAvgBytes"`,
        ),
        this.knex.raw(
          `CASE WHEN count(cpu_usage_max_cores) = count(*) THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_usage_max_cores) END AS "cpuUsagePeakCores"`,
        ),
        this.knex.raw(
          `CASE WHEN count(memory_usage_max_bytes) = count(*) THEN max(memory_usage_max_bytes) END AS "memoryUsagePeakBytes"`,
        ),
        this.knex.raw(
          `percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_usage_avg_cores) AS "cpuUsageMedianOfAveragesCores"`,
        ),
        this.knex.raw(
          `max(memory_usage_avg_bytes) AS "memoryUsageMaxOfAveragesBytes"`,
        ),
        this.knex.raw(`sum(cpu_cost) AS "cpuCost"`),
        this.knex.raw(`sum(memory_cost) AS "memoryCost"`),
        this.knex.raw(`sum(cpu_core_hours) AS "cpuCoreHours"`),
        this.knex.raw(`sum(memory_byte_hours) AS "memoryByteHours"`),
      )
      .where('day', '>=', input.from)
      .andWhere('day', '<', input.to)
      .whereNotIn('import_id', unpublishedImportIds(this.knex));
    if (input.entityRef) query = query.where('entity_ref', input.entityRef);
    if (input.ownerRef) query = query.where('owner_ref', input.ownerRef);
    // Per source too: two sources for one cluster are two series, never one of twice the days.
    return query.groupBy(
      'source',
      'cluster',
      'namespace',
      'controller_kind',
      'controller',
      'container',
      'currency',
    );
  }
}
