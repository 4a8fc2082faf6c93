import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

export type RepositoryFilters = {
  repository: RegExp;
  excludeRepository?: RegExp;
  includeTopics: string[];
  excludeTopics: string[];
  includeArchived: boolean;
};

export type GithubInferenceConfig = {
  id: string;
  organization: string;
  host: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  filters: RepositoryFilters;
  staleAfterDays: number;
  experimentalForDays: number;
  unownedOwner: string;
  concurrency: number;
};

const regex = z.string().transform((value, ctx) => {
  try {
    return new RegExp(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${error}` });
    return z.NEVER;
  }
});

const providerSchema = z.object({
  organization: z.string().regex(/^[A-Za-z0-9-]+$/, 'a GitHub organisation login'),
  host: z.string().min(1).default('github.com'),
  filters: z
    .object({
      repository: regex.optional(),
      excludeRepository: regex.optional(),
      includeTopics: z.array(z.string()).default([]),
      excludeTopics: z.array(z.string()).default([]),
      includeArchived: z.boolean().default(true),
    })
    .default({ includeTopics: [], excludeTopics: [], includeArchived: true }),
  staleAfterDays: z.number().int().positive().default(365),
  experimentalForDays: z.number().int().nonnegative().default(90),
  unownedOwner: z.string().min(1).default('group:default/unowned'),
  concurrency: z.number().int().min(1).max(32).default(8),
});

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 15 },
};

/**
 * Reads `catalog.providers.githubInference` once, at start-up. A bad value
 * fails start-up with the key that holds it.
 */
export function readGithubInferenceConfigs(config: Config): GithubInferenceConfig[] {
  const root = config.getOptionalConfig('catalog.providers.githubInference');
  if (!root) return [];
  return root.keys().map(id => {
    const key = `catalog.providers.githubInference.${id}`;
    const providerConfig = root.getConfig(id);
    const parsed = providerSchema.safeParse(providerConfig.get());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid config at ${[key, ...issue.path].join('.')}: ${issue.message}`,
      );
    }
    const { filters, ...rest } = parsed.data;
    return {
      id,
      ...rest,
      filters: { ...filters, repository: filters.repository ?? /.*/ },
      schedule: providerConfig.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            providerConfig.getConfig('schedule'),
          )
        : DEFAULT_SCHEDULE,
    };
  });
}

/** Whether a repository passes the configured filters. */
export function matchesFilters(
  filters: RepositoryFilters,
  repo: { name: string; topics: string[]; archived: boolean },
): boolean {
  if (!filters.repository.test(repo.name)) return false;
  if (filters.excludeRepository?.test(repo.name)) return false;
  if (!filters.includeArchived && repo.archived) return false;
  if (
    filters.includeTopics.length > 0 &&
    !repo.topics.some(topic => filters.includeTopics.includes(topic))
  ) {
    return false;
  }
  return !repo.topics.some(topic => filters.excludeTopics.includes(topic));
}
