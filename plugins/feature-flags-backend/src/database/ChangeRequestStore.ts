import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ChangeRequest,
  ChangeRequestStatus,
  EnvironmentDefinition,
  FlagDefinition,
} from '@internal/plugin-feature-flags-common';
import { Knex } from 'knex';
import { FeatureFlagStore } from './FeatureFlagStore';
import { toIsoTimestamp } from './toIsoTimestamp';

type ChangeRequestRow = {
  id: string | number;
  flag_id: string | number;
  entity_ref: string;
  key: string;
  environment: string;
  base_version: number;
  before: FlagDefinition;
  after: FlagDefinition;
  reason: string;
  requested_by: string;
  requested_at: Date | string;
  status: ChangeRequestStatus;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_comment: string | null;
};

const toChangeRequest = (row: ChangeRequestRow): ChangeRequest => ({
  id: String(row.id),
  entityRef: row.entity_ref,
  flagKey: row.key,
  environment: row.environment,
  baseVersion: row.base_version,
  before: row.before,
  after: row.after,
  reason: row.reason,
  requestedBy: row.requested_by,
  requestedAt: toIsoTimestamp(row.requested_at),
  status: row.status,
  ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
  ...(row.decided_at ? { decidedAt: toIsoTimestamp(row.decided_at) } : {}),
  ...(row.decision_comment ? { decisionComment: row.decision_comment } : {}),
});

const isId = (id: string) => /^\d{1,18}$/.test(id);

/** Changes waiting for an owner's approval (four eyes), and their outcome. */
export class ChangeRequestStore {
  constructor(
    private readonly db: Knex,
    private readonly flags: FeatureFlagStore,
  ) {}

  private select(db: Knex | Knex.Transaction = this.db) {
    return db('feature_flag_change_requests as c')
      .join('feature_flags as f', 'f.id', 'c.flag_id')
      .select('c.*', 'f.entity_ref', 'f.key');
  }

  /** Records a change made on `baseVersion` (409 if the flag has moved on). */
  async create(request: {
    entityRef: string;
    key: string;
    environment: string;
    baseVersion: number;
    after: FlagDefinition;
    reason: string;
    requestedBy: string;
  }): Promise<ChangeRequest> {
    const current = await this.flags.definition(
      request.entityRef,
      request.key,
      request.environment,
    );
    if (current.version !== request.baseVersion) {
      throw new ConflictError(
        `Flag "${request.key}" in ${request.environment} was changed by ${current.updatedBy} at ${current.updatedAt}: it is at version ${current.version}, the change was made on version ${request.baseVersion}`,
      );
    }
    const [row] = await this.db('feature_flag_change_requests')
      .insert({
        flag_id: current.flagId,
        environment: request.environment,
        base_version: request.baseVersion,
        before: JSON.stringify(current.definition),
        after: JSON.stringify(request.after),
        reason: request.reason,
        requested_by: request.requestedBy,
        requested_at: new Date(),
        status: 'pending',
      })
      .returning('id');
    return this.get(request.entityRef, String(row.id));
  }

  async get(entityRef: string, id: string): Promise<ChangeRequest> {
    const row = isId(id)
      ? await this.select()
          .where({ 'c.id': id, 'f.entity_ref': entityRef })
          .first()
      : undefined;
    if (!row)
      throw new NotFoundError(`${entityRef} has no change request ${id}`);
    return toChangeRequest(row);
  }

  /** Change requests, newest first, of one Component or of all. */
  async list(filter: {
    entityRef?: string;
    status?: ChangeRequestStatus;
    limit?: number;
  }): Promise<ChangeRequest[]> {
    const query = this.select()
      .orderBy('c.requested_at', 'desc')
      .limit(filter.limit ?? 500);
    if (filter.entityRef) query.where('f.entity_ref', filter.entityRef);
    if (filter.status) query.where('c.status', filter.status);
    return (await query).map(toChangeRequest);
  }

  /**
   * Applies a pending request on the version it was made on, audited as the
   * requester's change approved by `decidedBy`. If the flag changed since,
   * the request becomes `superseded`, nothing else is written, and the
   * result says so.
   */
  async approve(decision: {
    entityRef: string;
    id: string;
    decidedBy: string;
    comment: string;
  }): Promise<
    | { changeRequest: ChangeRequest; definition: EnvironmentDefinition }
    | { superseded: ChangeRequest }
  > {
    const outcome = await this.db.transaction(async tx => {
      const row = await this.lockPending(tx, decision.entityRef, decision.id);
      const now = new Date();
      const current = await tx('feature_flag_definitions')
        .where({
          flag_id: row.flag_id,
          environment: row.environment,
        })
        .first('version');
      if (!current || current.version !== row.base_version) {
        await tx('feature_flag_change_requests')
          .where({ id: decision.id })
          .update({
            status: 'superseded',
            decided_at: now,
          });
        return { superseded: true as const };
      }
      const definition = await this.flags.updateDefinition(
        {
          entityRef: decision.entityRef,
          key: row.key,
          environment: row.environment,
          definition: row.after,
          version: row.base_version,
          actor: row.requested_by,
          reason: row.reason,
          approvedBy: decision.decidedBy,
        },
        tx,
      );
      await tx('feature_flag_change_requests')
        .where({ id: decision.id })
        .update({
          status: 'approved',
          decided_by: decision.decidedBy,
          decided_at: now,
          decision_comment: decision.comment || null,
        });
      return { definition };
    });
    const changeRequest = await this.get(decision.entityRef, decision.id);
    return 'superseded' in outcome
      ? { superseded: changeRequest }
      : { changeRequest, definition: outcome.definition };
  }

  async reject(decision: {
    entityRef: string;
    id: string;
    decidedBy: string;
    comment: string;
  }): Promise<ChangeRequest> {
    await this.db.transaction(async tx => {
      await this.lockPending(tx, decision.entityRef, decision.id);
      await tx('feature_flag_change_requests')
        .where({ id: decision.id })
        .update({
          status: 'rejected',
          decided_by: decision.decidedBy,
          decided_at: new Date(),
          decision_comment: decision.comment || null,
        });
    });
    return this.get(decision.entityRef, decision.id);
  }

  /** The request, locked; 404 if there is none, 409 if it was decided already. */
  private async lockPending(
    tx: Knex.Transaction,
    entityRef: string,
    id: string,
  ): Promise<ChangeRequestRow> {
    const row = isId(id)
      ? await this.select(tx)
          .where({ 'c.id': id, 'f.entity_ref': entityRef })
          .forUpdate()
          .first()
      : undefined;
    if (!row)
      throw new NotFoundError(`${entityRef} has no change request ${id}`);
    if (row.status !== 'pending') {
      throw new ConflictError(
        `Change request ${id} is ${row.status}${
          row.decided_by ? ` (by ${row.decided_by})` : ''
        }; only pending requests can be decided`,
      );
    }
    return row;
  }
}
