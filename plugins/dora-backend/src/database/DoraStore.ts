import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Change,
  Deployment,
  EnvironmentKind,
} from '@internal/plugin-dora-common';
import { Knex } from 'knex';

/** An incident as stored: what its reporter named, not yet attributed. */
export type StoredIncident = {
  id: string;
  entityRef?: string;
  repository?: string;
  title: string;
  source: string;
  openedAt: Date;
  resolvedAt?: Date;
  namedDeploymentId?: string;
  namedSha?: string;
};

/** The services whose records a query reads: entity refs and their repositories. */
export type RecordScope = {
  entityRefs: string[];
  repositories: string[];
};

export type DoraRecords = {
  deployments: Deployment[];
  changes: Change[];
  incidents: StoredIncident[];
  /** Deployment id → merge SHAs its CD tool said it ships. */
  explicitChanges: Map<string, string[]>;
};

type DeploymentRow = {
  id: string;
  entity_ref: string | null;
  repository: string | null;
  environment: string;
  environment_kind: string;
  sha: string;
  status: string;
  started_at: Date | null;
  finished_at: Date;
  source: string;
  unplanned_reason: string | null;
  remediates_deployment_id: string | null;
  url: string | null;
};

type ChangeRow = {
  id: string;
  entity_ref: string | null;
  repository: string;
  number: number;
  title: string;
  first_commit_at: Date;
  opened_at: Date;
  first_review_at: Date | null;
  merged_at: Date;
  merge_sha: string;
  is_revert: boolean;
};

type IncidentRow = {
  id: string;
  entity_ref: string | null;
  repository: string | null;
  title: string;
  source: string;
  opened_at: Date;
  resolved_at: Date | null;
  named_deployment_id: string | null;
  named_sha: string | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How far outside the window records are read: a deployment in the window
 * can ship a change merged up to this long before it, be blamed for an
 * incident opened after the window, be recovered by a deployment after it;
 * an incident in the window is attributed to the last deployment before it.
 */
const CHANGE_LOOKBACK_MS = 180 * DAY_MS;
const DEPLOYMENT_LOOKBACK_MS = 90 * DAY_MS;
const LOOKAHEAD_MS = 30 * DAY_MS;

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters. */
const BATCH_SIZE = 1000;

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** One record per id, the last one given: one INSERT … ON CONFLICT may touch a row once. */
function lastById<T>(items: T[], idOf: (item: T) => string): T[] {
  return [...new Map(items.map(item => [idOf(item), item])).values()];
}

/**
 * Marks the services of records stale for the org page's facts, in the
 * transaction that stores them (one commit; see DoraFactsStore). The key is
 * the entity ref, or the repository of an unlinked record.
 */
async function markStale(
  tx: Knex.Transaction,
  records: { entityRef?: string; repository?: string }[],
) {
  const services = [
    ...new Set(records.flatMap(r => r.entityRef ?? r.repository ?? [])),
  ].sort();
  if (!services.length) return;
  const now = new Date();
  // Already stale: nothing to do, and no row lock for concurrent writers.
  await tx('dora_stale_services')
    .insert(services.map(service => ({ service, marked_at: now })))
    .onConflict('service')
    .ignore();
}

function toDeploymentRow(deployment: Deployment): DeploymentRow {
  return {
    id: deployment.id,
    entity_ref: deployment.entityRef ?? null,
    repository: deployment.repository ?? null,
    environment: deployment.environment,
    environment_kind: deployment.environmentKind,
    sha: deployment.sha,
    status: deployment.status,
    started_at: deployment.startedAt ?? null,
    finished_at: deployment.finishedAt,
    source: deployment.source,
    unplanned_reason: deployment.unplannedReason ?? null,
    remediates_deployment_id: deployment.remediatesDeploymentId ?? null,
    url: deployment.url ?? null,
  };
}

const optional = <T>(value: T | null): T | undefined =>
  value === null ? undefined : value;

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    entityRef: optional(row.entity_ref),
    repository: optional(row.repository),
    environment: row.environment,
    environmentKind: row.environment_kind as EnvironmentKind,
    sha: row.sha,
    status: row.status === 'failure' ? 'failure' : 'success',
    startedAt: row.started_at ? new Date(row.started_at) : undefined,
    finishedAt: new Date(row.finished_at),
    source: row.source,
    unplannedReason: optional(
      row.unplanned_reason,
    ) as Deployment['unplannedReason'],
    remediatesDeploymentId: optional(row.remediates_deployment_id),
    url: optional(row.url),
  };
}

function toChange(row: ChangeRow): Change {
  return {
    id: row.id,
    entityRef: optional(row.entity_ref),
    repository: row.repository,
    number: row.number,
    title: row.title,
    firstCommitAt: new Date(row.first_commit_at),
    openedAt: new Date(row.opened_at),
    firstReviewAt: row.first_review_at
      ? new Date(row.first_review_at)
      : undefined,
    mergedAt: new Date(row.merged_at),
    mergeSha: row.merge_sha,
    isRevert: row.is_revert,
  };
}

function toIncident(row: IncidentRow): StoredIncident {
  return {
    id: row.id,
    entityRef: optional(row.entity_ref),
    repository: optional(row.repository),
    title: row.title,
    source: row.source,
    openedAt: new Date(row.opened_at),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at) : undefined,
    namedDeploymentId: optional(row.named_deployment_id),
    namedSha: optional(row.named_sha),
  };
}

/** Deployments, changes and incidents in the dora plugin's database. */
export class DoraStore {
  static async create(database: DatabaseService): Promise<DoraStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-dora-backend',
          'migrations',
        ),
      });
    }
    return new DoraStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Inserts or replaces deployments (same id), and for each that names them
   * the changes it ships — in one transaction, a few statements per 1,000
   * records. Within one call the last record with an id wins.
   */
  async upsertDeployments(
    records: { deployment: Deployment; changeShas?: string[] }[],
  ): Promise<void> {
    const unique = lastById(records, r => r.deployment.id);
    await this.db.transaction(async tx => {
      await markStale(
        tx,
        unique.map(r => r.deployment),
      );
      for (const chunk of chunks(unique, BATCH_SIZE)) {
        await tx<DeploymentRow>('dora_deployments')
          .insert(chunk.map(({ deployment }) => toDeploymentRow(deployment)))
          .onConflict('id')
          .merge();
        const named = chunk.filter(r => r.changeShas);
        if (!named.length) continue;
        await tx('dora_deployment_changes')
          .whereIn(
            'deployment_id',
            named.map(r => r.deployment.id),
          )
          .delete();
        const rows = named.flatMap(r =>
          [...new Set(r.changeShas)].map(sha => ({
            deployment_id: r.deployment.id,
            merge_sha: sha,
          })),
        );
        for (const rowChunk of chunks(rows, BATCH_SIZE * 4)) {
          await tx('dora_deployment_changes').insert(rowChunk);
        }
      }
    });
  }

  async upsertChanges(changes: Change[]): Promise<void> {
    const unique = lastById(changes, c => c.id);
    await this.db.transaction(async tx => {
      await markStale(tx, unique);
      for (const chunk of chunks(unique, BATCH_SIZE)) {
        await tx<ChangeRow>('dora_changes')
          .insert(
            chunk.map(change => ({
              id: change.id,
              entity_ref: change.entityRef ?? null,
              repository: change.repository,
              number: change.number,
              title: change.title,
              first_commit_at: change.firstCommitAt,
              opened_at: change.openedAt,
              first_review_at: change.firstReviewAt ?? null,
              merged_at: change.mergedAt,
              merge_sha: change.mergeSha,
              is_revert: change.isRevert,
            })),
          )
          .onConflict('id')
          .merge();
      }
    });
  }

  async upsertIncidents(incidents: StoredIncident[]): Promise<void> {
    const unique = lastById(incidents, i => i.id);
    await this.db.transaction(async tx => {
      await markStale(tx, unique);
      for (const chunk of chunks(unique, BATCH_SIZE)) {
        await tx<IncidentRow>('dora_incidents')
          .insert(
            chunk.map(incident => ({
              id: incident.id,
              entity_ref: incident.entityRef ?? null,
              repository: incident.repository ?? null,
              title: incident.title,
              source: incident.source,
              opened_at: incident.openedAt,
              resolved_at: incident.resolvedAt ?? null,
              named_deployment_id: incident.namedDeploymentId ?? null,
              named_sha: incident.namedSha ?? null,
            })),
          )
          .onConflict('id')
          .merge();
      }
    });
  }

  /** The merge SHA of a stored change (`owner/name#number`), if stored. */
  async changeMergeSha(id: string): Promise<string | undefined> {
    const row = await this.db<ChangeRow>('dora_changes')
      .where({ id })
      .first('merge_sha');
    return row?.merge_sha;
  }

  /** Whether a repository has any deployment from `source`. */
  async hasDeployments(repository: string, source: string): Promise<boolean> {
    const row = await this.db<DeploymentRow>('dora_deployments')
      .where({ repository, source })
      .first('id');
    return Boolean(row);
  }

  /** How far a repository's stream (deployments, pulls, …) has been read. */
  async syncedUntil(
    repository: string,
    stream: string,
  ): Promise<Date | undefined> {
    const row = await this.db('dora_github_cursors')
      .where({ repository, stream })
      .first('synced_until');
    return row ? new Date(row.synced_until) : undefined;
  }

  /** Every repository stream's cursor. */
  async listSyncedUntil(): Promise<
    { repository: string; stream: string; syncedUntil: Date }[]
  > {
    const rows = await this.db('dora_github_cursors')
      .select('repository', 'stream', 'synced_until')
      .orderBy(['repository', 'stream']);
    return rows.map(row => ({
      repository: row.repository,
      stream: row.stream,
      syncedUntil: new Date(row.synced_until),
    }));
  }

  async setSyncedUntil(
    repository: string,
    stream: string,
    syncedUntil: Date,
  ): Promise<void> {
    await this.db('dora_github_cursors')
      .insert({
        repository,
        stream,
        synced_until: syncedUntil,
        updated_at: new Date(),
      })
      .onConflict(['repository', 'stream'])
      .merge();
  }

  /**
   * The records of the scope's services needed for the metrics of
   * [from, to): see the lookback and lookahead bounds above.
   */
  async readRecords(
    scope: RecordScope,
    window: { from: Date; to: Date },
  ): Promise<DoraRecords> {
    const ofScope = (query: Knex.QueryBuilder) =>
      query.where(inner => {
        inner.whereIn('entity_ref', scope.entityRefs);
        if (scope.repositories.length) {
          inner.orWhereIn('repository', scope.repositories);
        }
      });
    const from = window.from.getTime();
    const to = window.to.getTime();

    const [deploymentRows, changeRows, incidentRows] = await Promise.all([
      ofScope(this.db<DeploymentRow>('dora_deployments'))
        .where('finished_at', '>=', new Date(from - DEPLOYMENT_LOOKBACK_MS))
        .where('finished_at', '<', new Date(to + LOOKAHEAD_MS))
        .orderBy('finished_at', 'asc'),
      ofScope(this.db<ChangeRow>('dora_changes'))
        .where('merged_at', '>=', new Date(from - CHANGE_LOOKBACK_MS))
        .where('merged_at', '<', window.to)
        .orderBy('merged_at', 'asc'),
      ofScope(this.db<IncidentRow>('dora_incidents'))
        .where('opened_at', '>=', window.from)
        .where('opened_at', '<', new Date(to + LOOKAHEAD_MS))
        .orderBy('opened_at', 'asc'),
    ]);

    const deployments = (deploymentRows as DeploymentRow[]).map(toDeployment);
    const explicitChanges = new Map<string, string[]>();
    const ids = deployments.map(d => d.id);
    for (let i = 0; i < ids.length; i += 5000) {
      const rows: { deployment_id: string; merge_sha: string }[] =
        await this.db('dora_deployment_changes').whereIn(
          'deployment_id',
          ids.slice(i, i + 5000),
        );
      for (const row of rows) {
        const shas = explicitChanges.get(row.deployment_id) ?? [];
        shas.push(row.merge_sha);
        explicitChanges.set(row.deployment_id, shas);
      }
    }
    return {
      deployments,
      changes: (changeRows as ChangeRow[]).map(toChange),
      incidents: (incidentRows as IncidentRow[]).map(toIncident),
      explicitChanges,
    };
  }

  /** Deployments whose repository maps to no Component, newest first. */
  async unlinkedDeployments(limit: number): Promise<Deployment[]> {
    const rows = await this.db<DeploymentRow>('dora_deployments')
      .whereNull('entity_ref')
      .orderBy('finished_at', 'desc')
      .limit(limit);
    return (rows as DeploymentRow[]).map(toDeployment);
  }
}
