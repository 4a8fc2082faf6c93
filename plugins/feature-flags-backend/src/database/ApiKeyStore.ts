import { NotFoundError } from '@backstage/errors';
import { ApiKeySummary } from '@internal/plugin-feature-flags-common';
import { Knex } from 'knex';
import { notifyFlagChange } from './flagChanges';
import { toIsoTimestamp } from './toIsoTimestamp';

type ApiKeyRow = {
  id: string | number;
  entity_ref: string;
  environment: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  created_at: Date | string;
  created_by: string;
  revoked_at: Date | string | null;
};

const toSummary = (row: ApiKeyRow): ApiKeySummary => ({
  id: String(row.id),
  entityRef: row.entity_ref,
  environment: row.environment,
  name: row.name,
  prefix: row.key_prefix,
  createdAt: toIsoTimestamp(row.created_at),
  createdBy: row.created_by,
  ...(row.revoked_at ? { revokedAt: toIsoTimestamp(row.revoked_at) } : {}),
});

/** API keys services evaluate flags with: only a prefix and the SHA-256 of each secret. */
export class ApiKeyStore {
  constructor(private readonly db: Knex) {}

  async insert(key: {
    entityRef: string;
    environment: string;
    name: string;
    prefix: string;
    hash: string;
    actor: string;
  }): Promise<ApiKeySummary> {
    const [row] = await this.db('feature_flag_api_keys')
      .insert({
        entity_ref: key.entityRef,
        environment: key.environment,
        name: key.name,
        key_prefix: key.prefix,
        key_hash: key.hash,
        created_at: new Date(),
        created_by: key.actor,
      })
      .returning('*');
    return toSummary(row);
  }

  async list(entityRef: string): Promise<ApiKeySummary[]> {
    const rows = await this.db('feature_flag_api_keys')
      .where({ entity_ref: entityRef })
      .orderBy('id');
    return rows.map(toSummary);
  }

  /** Revokes a key (idempotent); 404 if the Component has no such key. */
  async revoke(entityRef: string, id: string): Promise<ApiKeySummary> {
    if (!/^\d{1,18}$/.test(id)) throw new NotFoundError(`No API key ${id}`);
    await this.db.transaction(async tx => {
      const revoked = await tx('feature_flag_api_keys')
        .where({ entity_ref: entityRef, id })
        .whereNull('revoked_at')
        .update({ revoked_at: new Date() });
      // Every replica drops the keys it keeps in memory.
      if (revoked > 0) await notifyFlagChange(tx, { type: 'api-keys' });
    });
    const row = await this.db('feature_flag_api_keys')
      .where({ entity_ref: entityRef, id })
      .first();
    if (!row) throw new NotFoundError(`${entityRef} has no API key ${id}`);
    return toSummary(row);
  }

  /** The key with this hash, if it exists and is not revoked. */
  async findActiveByHash(hash: string): Promise<ApiKeySummary | undefined> {
    const row = await this.db('feature_flag_api_keys')
      .where({ key_hash: hash })
      .whereNull('revoked_at')
      .first();
    return row ? toSummary(row) : undefined;
  }
}
