import { z } from 'zod';
import { FlagDefinition, JsonValue } from './flagDefinition';
import { FlagKind, flagKindSchema } from './flagKinds';

/** A flag key: what code asks for, unique within a Component. */
export const flagKeySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    'must be 1 to 100 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/** `POST /entities/:namespace/:name/flags` */
export const createFlagRequestSchema = z.strictObject({
  key: flagKeySchema,
  kind: flagKindSchema,
  description: z.string().max(2000).default(''),
  /** The definition every environment starts with; by default a boolean flag that is off. */
  definition: z.unknown().optional(),
});
export type CreateFlagRequest = z.input<typeof createFlagRequestSchema>;

/** `PUT /entities/:namespace/:name/flags/:key/environments/:environment` */
export const updateDefinitionRequestSchema = z.strictObject({
  definition: z.unknown(),
  /** The version the change was made on; a stale one is refused with 409. */
  version: z.number().int().min(1),
  reason: z.string().trim().min(1, 'must say why').max(2000),
});
export type UpdateDefinitionRequest = z.infer<
  typeof updateDefinitionRequestSchema
>;

/** `POST /entities/:namespace/:name/flags/:key/archive` */
export const archiveFlagRequestSchema = z.strictObject({
  reason: z.string().trim().min(1, 'must say why').max(2000),
});
export type ArchiveFlagRequest = z.infer<typeof archiveFlagRequestSchema>;

/** `POST /entities/:namespace/:name/api-keys` */
export const createApiKeyRequestSchema = z.strictObject({
  environment: z.string().min(1),
  name: z.string().trim().min(1).max(200),
});
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;

/** A flag's definition in one environment. */
export type EnvironmentDefinition = {
  definition: FlagDefinition;
  version: number;
  updatedAt: string;
  updatedBy: string;
};

export type FeatureFlag = {
  entityRef: string;
  key: string;
  kind: FlagKind;
  description: string;
  createdAt: string;
  createdBy: string;
  /** Days this kind of flag is expected to live; absent for long-lived kinds. */
  expectedLifetimeDays?: number;
  environments: Record<string, EnvironmentDefinition>;
};

export type AuditEntry = {
  id: string;
  flagKey: string;
  environment: string;
  actor: string;
  at: string;
  before: JsonValue | null;
  after: JsonValue | null;
  reason: string;
  /** The owner who approved the change (four eyes), when it needed approval. */
  approvedBy?: string;
};

export type ApiKeySummary = {
  id: string;
  entityRef: string;
  environment: string;
  name: string;
  /** The first characters of the key, to recognise it; the rest is never shown again. */
  prefix: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
};

/** The response that creates a key: the only time `secret` is shown. */
export type CreatedApiKey = ApiKeySummary & { secret: string };

/**
 * `GET /environments`: what the UI needs to know about the deployment's
 * flag settings.
 */
export type FeatureFlagsSettings = {
  /** Every flag has a definition in each, in rollout order (the last is production). */
  environments: string[];
  /** Environments where a change by someone who is not an owner waits for an owner's approval. */
  approvalEnvironments: string[];
  /** Shared evaluators (segments) by name, as served in every flag set's `$evaluators`. */
  evaluators: Record<string, JsonValue>;
  /** The segments the rollout ladder uses for its "internal" and "beta" steps. */
  rollout: { internalEvaluator?: string; betaEvaluator?: string };
};

export const CHANGE_REQUEST_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'superseded',
] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];
export const changeRequestStatusSchema = z.enum(CHANGE_REQUEST_STATUSES);

/**
 * A change to a flag in an approval environment (production) made by
 * someone who is not an owner of its Component: it waits for an owner,
 * other than the requester, to approve it (four eyes). Approving applies it
 * on the version it was made on; if the flag changed since, the request is
 * `superseded` and nothing is written.
 */
export type ChangeRequest = {
  id: string;
  entityRef: string;
  flagKey: string;
  environment: string;
  /** The definition version the change was made on. */
  baseVersion: number;
  before: FlagDefinition;
  after: FlagDefinition;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  status: ChangeRequestStatus;
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
};

/**
 * `PUT .../flags/:key/environments/:environment` answers 200 with the new
 * `EnvironmentDefinition` when the change was applied, or 202 with
 * `{ changeRequest }` when it waits for an owner's approval.
 */
export type PendingChangeResponse = { changeRequest: ChangeRequest };

/** `POST .../change-requests/:id/approve` and `.../reject` */
export const decideChangeRequestSchema = z.strictObject({
  comment: z.string().trim().max(2000).default(''),
});
export type DecideChangeRequest = z.input<typeof decideChangeRequestSchema>;

/** `POST .../change-requests/:id/approve` → the request and the definition it wrote. */
export type ApprovedChangeResponse = {
  changeRequest: ChangeRequest;
  definition: EnvironmentDefinition;
};

/** `GET .../flags/:key/evaluations?environment=&hours=` query (hours 1–720, default 24). */
export const evaluationsQuerySchema = z.object({
  environment: z.string().min(1),
  hours: z.coerce.number().int().min(1).max(720).default(24),
});

/** The variant name evaluation errors are counted under. */
export const EVALUATION_ERROR_BUCKET = '(error)';

/**
 * Evaluations of one flag in one environment, counted per variant in
 * buckets of `intervalMinutes` (errors under `EVALUATION_ERROR_BUCKET`).
 * Buckets without evaluations are left out.
 */
export type EvaluationSeries = {
  flagKey: string;
  environment: string;
  from: string;
  to: string;
  intervalMinutes: number;
  points: Array<{ at: string; counts: Record<string, number> }>;
  totals: Record<string, number>;
  /** The last evaluation in this environment, within the retention period. */
  lastEvaluatedAt?: string;
};

/** Why a flag is stale: it should be removed from the code (and from Paved). */
export type StaleReason =
  | {
      code: 'no-evaluations';
      /** Days without an evaluation in any environment (the configured threshold). */
      days: number;
      lastEvaluatedAt?: string;
    }
  | {
      code: 'fully-rolled-out';
      /** The production environment (the last one), which serves one variant to everyone. */
      environment: string;
      servedVariant: string;
      /** Since when the definition has been unchanged. */
      since: string;
      /** The kind's expected lifetime, which has passed. */
      lifetimeDays: number;
    };

export type StaleFlag = {
  entityRef: string;
  /** The Component's owner (a Group ref), from the catalog. */
  owner?: string;
  key: string;
  kind: FlagKind;
  createdAt: string;
  reasons: StaleReason[];
};

/** `GET /stale?owner=` */
export type StaleFlagsResponse = {
  noEvaluationsDays: number;
  flags: StaleFlag[];
};

/** `GET /flags?owner=`: every flag of every Component, with the Component's owner. */
export type OrgFlagsResponse = {
  environments: string[];
  flags: Array<FeatureFlag & { owner?: string }>;
};

/** The outcome evaluations without a variant are counted under (a disabled flag: the code default). */
export const EVALUATION_CODE_DEFAULT_BUCKET = '(code default)';
