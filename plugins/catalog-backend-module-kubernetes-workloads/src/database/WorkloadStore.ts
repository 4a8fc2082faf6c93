import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { WorkloadKind } from '../mapping/kinds';
import { WorkloadFacts } from '../mapping/mapToResourceEntity';
import { ContainerFacts } from '../mapping/readKubernetesObject';

const TABLE = 'paved_kubernetes_workloads';
const MIGRATIONS_TABLE = 'paved_kubernetes_workloads_migrations';
const BATCH_SIZE = 500;

type Row = {
  entity_ref: string;
  cluster: string;
  environment: string;
  namespace: string;
  kind: string;
  name: string;
  component_ref: string | null;
  replicas_desired: number | null;
  replicas_ready: number | null;
  containers: ContainerFacts[] | string;
  schedule: string | null;
  observed_at: Date | string;
};

/** A stored workload with when it was last seen. */
export type StoredWorkload = WorkloadFacts & { observedAt: Date };

function toRow(facts: WorkloadFacts, observedAt: Date) {
  return {
    entity_ref: facts.entityRef,
    cluster: facts.cluster,
    environment: facts.environment,
    namespace: facts.namespace,
    kind: facts.kind,
    name: facts.name,
    component_ref: facts.componentRef,
    replicas_desired: facts.replicas.desired,
    replicas_ready: facts.replicas.ready,
    containers: JSON.stringify(facts.containers),
    schedule: facts.schedule,
    observed_at: observedAt,
  };
}

function fromRow(row: Row): StoredWorkload {
  return {
    entityRef: row.entity_ref,
    cluster: row.cluster,
    environment: row.environment,
    namespace: row.namespace,
    kind: row.kind as WorkloadKind,
    name: row.name,
    componentRef: row.component_ref,
    replicas: { desired: row.replicas_desired, ready: row.replicas_ready },
    containers:
      typeof row.containers === 'string'
        ? JSON.parse(row.containers)
        : row.containers,
    schedule: row.schedule,
    observedAt: new Date(row.observed_at),
  };
}

/** The workload table: written by the provider, read by cost and DORA. */
export class WorkloadStore {
  static async create(database: DatabaseService): Promise<WorkloadStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-catalog-backend-module-kubernetes-workloads',
          'migrations',
        ),
        // The catalog plugin's database has its own knex_migrations.
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new WorkloadStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Makes the cluster's rows exactly `workloads`: upserts them and deletes
   * what the list no longer holds, in one transaction. Call it only after a
   * complete list.
   */
  async replaceForCluster(
    cluster: string,
    workloads: WorkloadFacts[],
    observedAt: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await this.upsertIn(tx, workloads, observedAt);
      await tx(TABLE)
        .where('cluster', cluster)
        .where('observed_at', '<', observedAt)
        .delete();
    });
  }

  /** Applies watch events: upserts changed workloads, deletes removed ones. */
  async applyChanges(
    changes: { upserted: WorkloadFacts[]; removedEntityRefs: string[] },
    observedAt: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await this.upsertIn(tx, changes.upserted, observedAt);
      for (let i = 0; i < changes.removedEntityRefs.length; i += BATCH_SIZE) {
        await tx(TABLE)
          .whereIn(
            'entity_ref',
            changes.removedEntityRefs.slice(i, i + BATCH_SIZE),
          )
          .delete();
      }
    });
  }

  async get(entityRef: string): Promise<StoredWorkload | undefined> {
    const row: Row | undefined = await this.db(TABLE)
      .where('entity_ref', entityRef)
      .first();
    return row && fromRow(row);
  }

  async listForCluster(cluster: string): Promise<StoredWorkload[]> {
    const rows: Row[] = await this.db(TABLE)
      .where('cluster', cluster)
      .orderBy(['namespace', 'kind', 'name']);
    return rows.map(fromRow);
  }

  /** Every workload of a Component, across clusters: what cost and DORA ask. */
  async listForComponent(componentRef: string): Promise<StoredWorkload[]> {
    const rows: Row[] = await this.db(TABLE)
      .where('component_ref', componentRef)
      .orderBy(['environment', 'cluster', 'namespace', 'kind', 'name']);
    return rows.map(fromRow);
  }

  private async upsertIn(
    tx: Knex.Transaction,
    workloads: WorkloadFacts[],
    observedAt: Date,
  ) {
    const rows = workloads.map(w => toRow(w, observedAt));
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      await tx(TABLE)
        .insert(rows.slice(i, i + BATCH_SIZE))
        .onConflict('entity_ref')
        .merge();
    }
  }
}
