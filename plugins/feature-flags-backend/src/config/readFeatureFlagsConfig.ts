import { Config } from '@backstage/config';
import {
  JsonValue,
  SharedEvaluators,
} from '@internal/plugin-feature-flags-common';
import { z } from 'zod';

export type FeatureFlagsConfig = {
  environments: string[];
  evaluators: SharedEvaluators;
};

export const DEFAULT_ENVIRONMENTS = ['development', 'staging', 'production'];

const configSchema = z.object({
  environments: z
    .array(
      z
        .string()
        .regex(
          /^[a-z][a-z0-9-]{0,62}$/,
          'must be lower-case letters, digits and "-"',
        ),
    )
    .min(1)
    .refine(list => new Set(list).size === list.length, 'must be unique')
    .default(DEFAULT_ENVIRONMENTS),
  evaluators: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a simple name'),
      z.custom<JsonValue>(value => value !== undefined),
    )
    .default({}),
});

/** Reads `featureFlags` once at start-up; a bad value fails start-up naming the key. */
export function readFeatureFlagsConfig(config: Config): FeatureFlagsConfig {
  const raw = config.getOptional('featureFlags') ?? {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `Invalid config at featureFlags.${issue.path.join('.')}: ${
        issue.message
      }`,
    );
  }
  return result.data;
}
