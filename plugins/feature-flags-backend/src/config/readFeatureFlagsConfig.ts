import { Config } from '@backstage/config';
import {
  JsonValue,
  SharedEvaluators,
} from '@internal/plugin-feature-flags-common';
import { z } from 'zod';

export type FeatureFlagsConfig = {
  environments: string[];
  evaluators: SharedEvaluators;
  approvalEnvironments: string[];
  rollout: { internalEvaluator?: string; betaEvaluator?: string };
  evaluations: { flushSeconds: number; retentionDays: number };
  staleness: { noEvaluationsDays: number };
  /** A JSON file of flags imported when the database has none (the demo's). */
  seedFile?: string;
};

export const DEFAULT_ENVIRONMENTS = ['development', 'staging', 'production'];

const environmentName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,62}$/,
    'must be lower-case letters, digits and "-"',
  );

const configSchema = z
  .object({
    environments: z
      .array(environmentName)
      .min(1)
      .refine(list => new Set(list).size === list.length, 'must be unique')
      .default(DEFAULT_ENVIRONMENTS),
    evaluators: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a simple name'),
        z.custom<JsonValue>(value => value !== undefined),
      )
      .default({}),
    approvalEnvironments: z.array(environmentName).optional(),
    rollout: z
      .object({
        internalEvaluator: z.string().optional(),
        betaEvaluator: z.string().optional(),
      })
      .default({}),
    evaluations: z
      .object({
        flushSeconds: z.number().min(0.1).max(300).default(5),
        retentionDays: z.number().int().min(1).max(400).default(30),
      })
      .default({ flushSeconds: 5, retentionDays: 30 }),
    staleness: z
      .object({
        noEvaluationsDays: z.number().int().min(1).max(365).default(14),
      })
      .default({ noEvaluationsDays: 14 }),
    seedFile: z.string().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    for (const [index, env] of (value.approvalEnvironments ?? []).entries()) {
      if (!value.environments.includes(env)) {
        ctx.addIssue({
          code: 'custom',
          path: ['approvalEnvironments', index],
          message: `"${env}" is not one of the environments (${value.environments.join(
            ', ',
          )})`,
        });
      }
    }
    for (const key of ['internalEvaluator', 'betaEvaluator'] as const) {
      const name = value.rollout[key];
      if (name !== undefined && !(name in value.evaluators)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rollout', key],
          message: `"${name}" is not one of featureFlags.evaluators`,
        });
      }
    }
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
  const { approvalEnvironments, seedFile, ...rest } = result.data;
  return {
    ...rest,
    // By default production (the last environment) needs an owner.
    approvalEnvironments: approvalEnvironments ?? [
      rest.environments[rest.environments.length - 1],
    ],
    ...(seedFile ? { seedFile } : {}),
  };
}
