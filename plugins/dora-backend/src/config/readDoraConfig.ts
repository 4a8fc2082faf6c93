import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  BandsVersion,
  EnvironmentKind,
  PERFORMANCE_BANDS,
  PerformanceBands,
} from '@internal/plugin-dora-common';
import { z } from 'zod';

export type DoraGithubConfig = {
  /** The `integrations.github` host whose API and token are used. */
  host: string;
  /** How far back the first pass of a repository reads. */
  backfillDays: number;
  /** Repositories read at once. */
  concurrency: number;
  /** Issues with one of these labels are incidents. */
  incidentLabels: string[];
  /** Completed runs of these workflows (file name, e.g. `deploy.yml`) are deployments. */
  deployWorkflows: { workflow: string; environment: string }[];
  /** The environment a published release deploys to. */
  releaseEnvironment: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
};

export type DoraConfig = {
  bands: PerformanceBands;
  /** Production or staging for an environment name; `other` otherwise. */
  classifyEnvironment(name: string): EnvironmentKind;
  /** GitHub backfill and webhooks; undefined when `dora.github` is not configured. */
  github?: DoraGithubConfig;
};

const DEFAULT_GITHUB_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 25 },
  initialDelay: { seconds: 15 },
};

const DEFAULT_PRODUCTION = ['production', 'prod', 'production-*', 'prod-*'];
const DEFAULT_STAGING = ['staging', 'stage', 'staging-*', 'stage-*'];

const patterns = z
  .array(z.string().min(1, 'must not be empty'))
  .min(1, 'must list at least one name or pattern');

const schema = z.object({
  bands: z
    .enum(Object.keys(PERFORMANCE_BANDS) as [BandsVersion, ...BandsVersion[]])
    .default('2023'),
  environments: z
    .object({
      production: patterns.default(DEFAULT_PRODUCTION),
      staging: patterns.default(DEFAULT_STAGING),
    })
    .default({ production: DEFAULT_PRODUCTION, staging: DEFAULT_STAGING }),
  github: z
    .object({
      host: z.string().min(1).default('github.com'),
      backfillDays: z.number().int().min(1).max(3660).default(365),
      concurrency: z.number().int().min(1).max(32).default(4),
      incidentLabels: z
        .array(z.string().min(1, 'must not be empty'))
        .default(['incident']),
      deployWorkflows: z
        .array(
          z.object({
            workflow: z.string().min(1, 'must name a workflow file'),
            environment: z.string().min(1).default('production'),
          }),
        )
        .default([{ workflow: 'deploy.yml', environment: 'production' }]),
      releaseEnvironment: z.string().min(1).default('production'),
      schedule: z.unknown().optional(),
    })
    .optional(),
});

/** `production-*` → /^production-.*$/i; everything but `*` is literal. */
function toRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Reads `dora.*` once at start-up; a bad value fails start-up naming the key. */
export function readDoraConfig(config: Config): DoraConfig {
  const raw = config.getOptional('dora') ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid config at dora.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const github = parsed.data.github && {
    ...parsed.data.github,
    schedule: config.has('dora.github.schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('dora.github.schedule'),
        )
      : DEFAULT_GITHUB_SCHEDULE,
  };
  const production = parsed.data.environments.production.map(toRegExp);
  const staging = parsed.data.environments.staging.map(toRegExp);
  return {
    bands: PERFORMANCE_BANDS[parsed.data.bands],
    github,
    classifyEnvironment(name) {
      if (production.some(p => p.test(name))) return 'production';
      if (staging.some(p => p.test(name))) return 'staging';
      return 'other';
    },
  };
}
