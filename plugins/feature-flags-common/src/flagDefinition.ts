import { z } from 'zod';

/**
 * The flagd flag-definition format (https://flagd.dev/schema/v0/flags.json),
 * as bundled with `@openfeature/flagd-core`: `state` and `variants` are
 * required; `defaultVariant` is a variant name, or null/absent to make
 * providers fall back to the code default; `targeting` is JSON Logic;
 * `metadata` values are strings, numbers or booleans.
 *
 * The schemas here check the shape only; `validateFlagDefinition` checks the
 * rules between fields (variants of one type, default variant among them,
 * fractional weights, `$ref`s) and names the JSON path of every problem.
 */
export const flagStateSchema = z.enum(['ENABLED', 'DISABLED']);
export type FlagState = z.infer<typeof flagStateSchema>;

export type FlagVariantValue = boolean | string | number | JsonObject;
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A flag's value type: the type all its variants share. */
export type FlagValueType = 'boolean' | 'string' | 'number' | 'object';

export type FlagMetadata = Record<string, string | number | boolean>;

/** One flag's definition in one environment, in the flagd format. */
export type FlagDefinition = {
  state: FlagState;
  variants: Record<string, FlagVariantValue>;
  defaultVariant?: string | null;
  targeting?: JsonObject;
  metadata?: FlagMetadata;
};

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);

/** The shape of a flagd flag definition (cross-field rules: `validateFlagDefinition`). */
export const flagDefinitionSchema: z.ZodType<FlagDefinition> = z.strictObject({
  state: flagStateSchema,
  variants: z.record(
    z.string().min(1),
    z.union([z.boolean(), z.string(), z.number(), jsonObjectSchema]),
  ),
  defaultVariant: z.string().nullable().optional(),
  targeting: jsonObjectSchema.optional(),
  metadata: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional(),
});

/** Shared evaluators (`$evaluators`): reusable JSON Logic, referenced with `{"$ref": name}`. */
export type SharedEvaluators = Record<string, JsonValue>;

/** A flagd flag set, the document flagd daemons and in-process providers sync. */
export type FlagSet = {
  $schema?: string;
  flags: Record<string, FlagDefinition>;
  $evaluators?: SharedEvaluators;
  metadata?: FlagMetadata;
};

export const FLAGD_FLAGS_SCHEMA_URL = 'https://flagd.dev/schema/v0/flags.json';

/** The type of a variant value, or undefined when flagd does not allow it as a variant. */
export function variantValueType(value: unknown): FlagValueType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number')
    return Number.isFinite(value) ? 'number' : undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return 'object';
  }
  return undefined;
}

/** A definition's value type (its first variant's), if it has any valid variant. */
export function flagValueType(
  definition: Pick<FlagDefinition, 'variants'>,
): FlagValueType | undefined {
  for (const value of Object.values(definition.variants ?? {})) {
    const type = variantValueType(value);
    if (type) return type;
  }
  return undefined;
}
