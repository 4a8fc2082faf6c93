import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DEFAULT_MAX_BYTES } from '@internal/plugin-runbooks-common';
import { z } from 'zod';

export type RunbooksConfig = {
  defaultPath: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  searchSchedule: SchedulerServiceTaskScheduleDefinition;
  concurrency: number;
  maxFileBytes: number;
  staleDays: number;
  coverageTypes: string[];
  addRunbookTemplate?: string;
  prometheusRules: { url: string }[];
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 25 },
  initialDelay: { seconds: 10 },
};

const DEFAULT_SEARCH_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 30 },
};

const configSchema = z.object({
  defaultPath: z.string().trim().min(1).default('docs/runbooks/'),
  concurrency: z.number().int().min(1).max(32).default(4),
  maxFileBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(DEFAULT_MAX_BYTES),
  staleDays: z.number().int().min(1).max(3650).default(180),
  coverageTypes: z
    .array(z.string().trim().min(1))
    .min(1)
    .default(['service', 'website']),
  addRunbookTemplate: z
    .string()
    .regex(
      /^template:[^/:]+\/[^/:]+$/i,
      'must be a template entity ref, e.g. template:default/add-runbook',
    )
    .optional(),
  prometheusRules: z
    .array(z.object({ url: z.string().url('must be a URL') }))
    .default([]),
});

/** Reads `runbooks.*`; a bad value fails start-up with its config path. */
export function readRunbooksConfig(config: Config): RunbooksConfig {
  const section = config.getOptionalConfig('runbooks');
  const {
    schedule: _schedule,
    searchSchedule: _searchSchedule,
    ...raw
  } = (section?.get<object>() ?? {}) as Record<string, unknown>;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid config at runbooks.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const scheduleAt = (
    key: string,
    fallback: SchedulerServiceTaskScheduleDefinition,
  ) =>
    section?.has(key)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          section.getConfig(key),
        )
      : fallback;
  return {
    ...parsed.data,
    schedule: scheduleAt('schedule', DEFAULT_SCHEDULE),
    searchSchedule: scheduleAt('searchSchedule', DEFAULT_SEARCH_SCHEDULE),
  };
}
