import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AuditEntry,
  EnvironmentDefinition,
  FeatureFlag,
  FlagDefinition,
  FlagKind,
  expectedLifetimeDays,
} from '@internal/plugin-feature-flags-common';
import { Knex } from 'knex';
import { notifyFlagChange } from './flagChanges';
import { toIsoTimestamp } from './toIsoTimestamp';

/** Creates the plugin's tables (once per database). */
export async function migrateFeatureFlagsDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-feature-flags-backend',
        'migrations',
      ),
    });
  }
  return client;
}

export type NewFlag = {
  entityRef: string;
  key: string;
  kind: FlagKind;
  description: string;
  actor: string;
  /** The definition each environment starts with. */
  definitions: Record<string, FlagDefinition>;
  /** When it was created (an import keeps the original time); now by default. */
  at?: Date;
};

export type DefinitionChange = {
  entityRef: string;
  key: string;
  environment: string;
  definition: FlagDefinition;
  /** The version the change was made on. */
  version: number;
  actor: string;
  reason: string;
  /** The owner who approved it, for a change that needed approval. */
  approvedBy?: string;
};

type FlagRow = {
  id: string | number;
  entity_ref: string;
  key: string;
  kind: FlagKind;
  description: string;
  created_at: Date | string;
  created_by: string;
};

type DefinitionRow = {
  flag_id: string | number;
  environment: string;
  definition: FlagDefinition;
  version: number;
  updated_at: Date | string;
  updated_by: string;
};

const toEnvironmentDefinition = (
  row: DefinitionRow,
): EnvironmentDefinition => ({
  definition: row.definition,
  version: row.version,
  updatedAt: toIsoTimestamp(row.updated_at),
  updatedBy: row.updated_by,
});

/** Flags, their per-environment definitions and the audit log of their changes. */
export class FeatureFlagStore {
  constructor(private readonly db: Knex) {}

  /** Creates a flag with a definition per environment; 409 if the Component already has the key. */
  async createFlag(flag: NewFlag): Promise<FeatureFlag> {
    const now = flag.at ?? new Date();
    await this.db.transaction(async tx => {
      const [row] = await tx('feature_flags')
        .insert({
          entity_ref: flag.entityRef,
          key: flag.key,
          kind: flag.kind,
          description: flag.description,
          created_at: now,
          created_by: flag.actor,
        })
        .onConflict(['entity_ref', 'key'])
        .ignore()
        .returning('id');
      if (!row) {
        throw new ConflictError(
          `${flag.entityRef} already has a flag "${flag.key}" (perhaps archived: a key is never reused, so old code cannot pick up a new flag)`,
        );
      }
      const environments = Object.entries(flag.definitions);
      await tx('feature_flag_definitions').insert(
        environments.map(([environment, definition]) => ({
          flag_id: row.id,
          environment,
          definition: JSON.stringify(definition),
          version: 1,
          updated_at: now,
          updated_by: flag.actor,
        })),
      );
      await tx('feature_flag_audit').insert(
        environments.map(([environment, definition]) => ({
          flag_id: row.id,
          environment,
          actor: flag.actor,
          at: now,
          before: null,
          after: JSON.stringify(definition),
          reason: 'created',
        })),
      );
      await notifyFlagChange(tx, { type: 'flags', entityRef: flag.entityRef });
    });
    const created = await this.flag(flag.entityRef, flag.key);
    return created!;
  }

  /** A Component's flags (not archived) with their definitions, by key. */
  async flags(entityRef: string): Promise<FeatureFlag[]> {
    const rows: FlagRow[] = await this.db('feature_flags')
      .where({ entity_ref: entityRef })
      .whereNull('archived_at')
      .orderBy('key');
    return this.withDefinitions(rows);
  }

  async flag(entityRef: string, key: string): Promise<FeatureFlag | undefined> {
    const rows: FlagRow[] = await this.db('feature_flags').where({
      entity_ref: entityRef,
      key,
    });
    return (await this.withDefinitions(rows))[0];
  }

  private async withDefinitions(rows: FlagRow[]): Promise<FeatureFlag[]> {
    if (rows.length === 0) return [];
    const definitions: DefinitionRow[] = await this.db(
      'feature_flag_definitions',
    ).whereIn(
      'flag_id',
      rows.map(r => r.id),
    );
    const byFlag = new Map<string, Record<string, EnvironmentDefinition>>();
    for (const d of definitions) {
      const id = String(d.flag_id);
      const environments = byFlag.get(id) ?? {};
      environments[d.environment] = toEnvironmentDefinition(d);
      byFlag.set(id, environments);
    }
    return rows.map(row => ({
      entityRef: row.entity_ref,
      key: row.key,
      kind: row.kind,
      description: row.description,
      createdAt: toIsoTimestamp(row.created_at),
      createdBy: row.created_by,
      expectedLifetimeDays: expectedLifetimeDays(row.kind),
      environments: byFlag.get(String(row.id)) ?? {},
    }));
  }

  /**
   * Saves one environment's definition if `version` is still the current one
   * (else 409, nothing written), and its audit row in the same transaction;
   * pending change requests made on an older version are superseded, and
   * every replica is told.
   */
  async updateDefinition(
    change: DefinitionChange,
    tx?: Knex.Transaction,
  ): Promise<EnvironmentDefinition> {
    return tx
      ? this.applyDefinition(tx, change)
      : this.db.transaction(t => this.applyDefinition(t, change));
  }

  private async applyDefinition(
    tx: Knex.Transaction,
    change: DefinitionChange,
  ): Promise<EnvironmentDefinition> {
    const current: (DefinitionRow & { id: string | number }) | undefined =
      await tx('feature_flags as f')
        .join('feature_flag_definitions as d', 'd.flag_id', 'f.id')
        .where({
          'f.entity_ref': change.entityRef,
          'f.key': change.key,
          'd.environment': change.environment,
        })
        .whereNull('f.archived_at')
        .select('f.id', 'd.*')
        .forUpdate()
        .first();
    if (!current) {
      throw new NotFoundError(
        `${change.entityRef} has no flag "${change.key}" in ${change.environment}`,
      );
    }
    if (current.version !== change.version) {
      throw new ConflictError(
        `Flag "${change.key}" in ${change.environment} was changed by ${
          current.updated_by
        } at ${toIsoTimestamp(current.updated_at)}: it is at version ${
          current.version
        }, the change was made on version ${change.version}`,
      );
    }
    const now = new Date();
    const [row]: DefinitionRow[] = await tx('feature_flag_definitions')
      .where({ flag_id: current.id, environment: change.environment })
      .update({
        definition: JSON.stringify(change.definition),
        version: current.version + 1,
        updated_at: now,
        updated_by: change.actor,
      })
      .returning('*');
    await tx('feature_flag_audit').insert({
      flag_id: current.id,
      environment: change.environment,
      actor: change.actor,
      at: now,
      before: JSON.stringify(current.definition),
      after: JSON.stringify(change.definition),
      reason: change.reason,
      approved_by: change.approvedBy ?? null,
    });
    await tx('feature_flag_change_requests')
      .where({
        flag_id: current.id,
        environment: change.environment,
        status: 'pending',
      })
      .where('base_version', '<=', current.version)
      .update({ status: 'superseded', decided_at: now });
    await notifyFlagChange(tx, {
      type: 'flags',
      entityRef: change.entityRef,
    });
    return toEnvironmentDefinition(row);
  }

  /**
   * Archives a flag: it leaves every flag set, list and report; its
   * definitions and audit log stay. Audited per environment (after: null);
   * pending change requests are superseded. 404 if there is no such flag.
   */
  async archiveFlag(archive: {
    entityRef: string;
    key: string;
    actor: string;
    reason: string;
  }): Promise<void> {
    await this.db.transaction(async tx => {
      const flag = await tx('feature_flags')
        .where({ entity_ref: archive.entityRef, key: archive.key })
        .whereNull('archived_at')
        .forUpdate()
        .first('id');
      if (!flag) {
        throw new NotFoundError(
          `${archive.entityRef} has no flag "${archive.key}"`,
        );
      }
      const now = new Date();
      await tx('feature_flags')
        .where({ id: flag.id })
        .update({ archived_at: now, archived_by: archive.actor });
      const definitions: DefinitionRow[] = await tx(
        'feature_flag_definitions',
      ).where({ flag_id: flag.id });
      await tx('feature_flag_audit').insert(
        definitions.map(d => ({
          flag_id: flag.id,
          environment: d.environment,
          actor: archive.actor,
          at: now,
          before: JSON.stringify(d.definition),
          after: null,
          reason: `archived: ${archive.reason}`,
        })),
      );
      await tx('feature_flag_change_requests')
        .where({ flag_id: flag.id, status: 'pending' })
        .update({ status: 'superseded', decided_at: now });
      await notifyFlagChange(tx, {
        type: 'flags',
        entityRef: archive.entityRef,
      });
    });
  }

  /** The current definition of a flag in an environment; 404 if there is none. */
  async definition(
    entityRef: string,
    key: string,
    environment: string,
  ): Promise<EnvironmentDefinition & { flagId: string }> {
    const row: (DefinitionRow & { id: string | number }) | undefined =
      await this.db('feature_flags as f')
        .join('feature_flag_definitions as d', 'd.flag_id', 'f.id')
        .where({
          'f.entity_ref': entityRef,
          'f.key': key,
          'd.environment': environment,
        })
        .whereNull('f.archived_at')
        .select('f.id', 'd.*')
        .first();
    if (!row) {
      throw new NotFoundError(
        `${entityRef} has no flag "${key}" in ${environment}`,
      );
    }
    return { ...toEnvironmentDefinition(row), flagId: String(row.id) };
  }

  /** Every flag of every Component (for the org page and the stale report). */
  async allFlags(): Promise<FeatureFlag[]> {
    const rows: FlagRow[] = await this.db('feature_flags')
      .whereNull('archived_at')
      .orderBy(['entity_ref', 'key']);
    return this.withDefinitions(rows);
  }

  async countFlags(): Promise<number> {
    const [{ count }] = await this.db('feature_flags').count({ count: '*' });
    return Number(count);
  }

  /** A flag's changes, newest first. */
  async audit(
    entityRef: string,
    key: string,
    limit = 200,
  ): Promise<AuditEntry[]> {
    const flag = await this.db('feature_flags')
      .where({ entity_ref: entityRef, key })
      .first('id');
    if (!flag) throw new NotFoundError(`${entityRef} has no flag "${key}"`);
    const rows = await this.db('feature_flag_audit')
      .where({ flag_id: flag.id })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(row => ({
      id: String(row.id),
      flagKey: key,
      environment: row.environment,
      actor: row.actor,
      at: toIsoTimestamp(row.at),
      before: row.before,
      after: row.after,
      reason: row.reason,
      ...(row.approved_by ? { approvedBy: row.approved_by } : {}),
    }));
  }

  /** Every flag definition of a Component in one environment, by key. */
  async flagSetDefinitions(
    entityRef: string,
    environment: string,
  ): Promise<Record<string, FlagDefinition>> {
    const rows: Array<{ key: string; definition: FlagDefinition }> =
      await this.db('feature_flags as f')
        .join('feature_flag_definitions as d', 'd.flag_id', 'f.id')
        .where({ 'f.entity_ref': entityRef, 'd.environment': environment })
        .whereNull('f.archived_at')
        .orderBy('f.key')
        .select('f.key', 'd.definition');
    return Object.fromEntries(rows.map(r => [r.key, r.definition]));
  }
}
