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

type DbRow = {
  import_id: string;
  source: string;
  day_text: string;
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

/** A date column as `YYYY-MM-DD` (node-postgres would make it a local-time Date). */
const DAY_TEXT = "to_char(day, 'YYYY-MM-DD')";

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

  /** Visible rows of days in [from, to), of a Component, an owner, or all. */
  async list(input: {
    from: string;
    to: string;
    entityRef?: string;
    ownerRef?: string;
  }): Promise<ContainerUsageRow[]> {
    let query = this.knex<DbRow>('cost_container_usage')
      .select('*', this.knex.raw(`${DAY_TEXT} AS day_text`))
      .where('day', '>=', input.from)
      .andWhere('day', '<', input.to)
      .whereNotIn('import_id', unpublishedImportIds(this.knex));
    if (input.entityRef) query = query.where('entity_ref', input.entityRef);
    if (input.ownerRef) query = query.where('owner_ref', input.ownerRef);
    const rows = await query.orderBy([
      'cluster',
      'namespace',
      'controller_kind',
      'controller',
      'container',
      'day',
    ]);
    return rows.map(row => ({
      source: row.source,
      day: row.day_text,
      cluster: row.cluster,
      namespace: row.namespace,
      controllerKind: row.controller_kind,
      controller: row.controller,
      container: row.container,
      workloadRef: row.workload_ref,
      entityRef: row.entity_ref,
      ownerRef: row.owner_ref,
      environment: row.environment,
      replicas: row.replicas,
      cpuRequestCores: row.cpu_request_cores,
      cpuUsageAvgCores: row.cpu_usage_avg_cores,
      cpuUsageMaxCores: row.cpu_usage_max_cores,
      memoryRequestBytes: row.memory_request_bytes,
      memoryUsageAvgBytes: row.memory_usage_avg_bytes,
      memoryUsageMaxBytes: row.memory_usage_max_bytes,
      cpuCost: row.cpu_cost,
      memoryCost: row.memory_cost,
      cpuCoreHours: row.cpu_core_hours,
      memoryByteHours: row.memory_byte_hours,
      currency: row.currency,
    }));
  }
}
