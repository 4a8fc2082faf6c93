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
