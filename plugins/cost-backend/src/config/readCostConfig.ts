import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AllocationRules,
  DEFAULT_ALLOCATION_RULES,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
  DEFAULT_WORKING_HOURS,
  WorkingHours,
  workingHoursProblem,
} from '@internal/plugin-cost-common';
import { z } from 'zod';

export type FocusFileImportConfig = {
  /** The source its line items are stored under; re-imports replace its billing periods. */
  source: string;
  /** A FOCUS CSV file, gzipped when it ends in `.gz`. */
  path: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
};

export type CostConfig = {
  allocation: AllocationRules;
  imports: { focusFiles: FocusFileImportConfig[] };
  monthOverMonth: { thresholdPercent: number };
  offHours: { productionEnvironments: string[]; workingHours: WorkingHours };
};

export const DEFAULT_FOCUS_FILE_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 1 },
  };

const lowerCase = (value: string) => value.trim().toLocaleLowerCase('en-US');

const tagKeyList = z
  .array(z.string().trim().min(1, 'must not be empty').transform(lowerCase))
  .max(20);

export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

const schema = z.object({
  allocation: z
    .object({
      tagKeys: z
        .object({
          service: tagKeyList.default(DEFAULT_ALLOCATION_RULES.tagKeys.service),
          team: tagKeyList.default(DEFAULT_ALLOCATION_RULES.tagKeys.team),
          environment: tagKeyList.default(
            DEFAULT_ALLOCATION_RULES.tagKeys.environment,
          ),
        })
        .default(DEFAULT_ALLOCATION_RULES.tagKeys),
      environmentAliases: z
        .record(
          z.string().min(1).transform(lowerCase),
          z.string().trim().min(1, 'must not be empty').transform(lowerCase),
        )
        .default(DEFAULT_ALLOCATION_RULES.environmentAliases),
    })
    .default(DEFAULT_ALLOCATION_RULES),
  imports: z
    .object({
      focusFiles: z
        .array(
          z.object({
            source: z
              .string()
              .regex(
                SOURCE_NAME,
                'must be a name of letters, digits, ".", "_" and "-" (at most 63)',
              ),
            path: z.string().min(1, 'must not be empty'),
            schedule: z.unknown().optional(),
          }),
        )
        .default([])
        .superRefine((files, ctx) => {
          const seen = new Set<string>();
          files.forEach((file, index) => {
            if (seen.has(file.source)) {
              ctx.addIssue({
                code: 'custom',
                path: [index, 'source'],
                message: `"${file.source}" is the source of another file; each file needs its own, as an import replaces its source's billing periods`,
              });
            }
            seen.add(file.source);
          });
        }),
    })
    .default({ focusFiles: [] }),
  monthOverMonth: z
    .object({ thresholdPercent: z.number().positive().max(1000).default(20) })
    .default({ thresholdPercent: 20 }),
  offHours: z
    .object({
      productionEnvironments: z
        .array(
          z.string().trim().min(1, 'must not be empty').transform(lowerCase),
        )
        .min(1, 'must name at least one environment')
        .default(DEFAULT_PRODUCTION_ENVIRONMENTS),
      workingHours: z
        .object({
          days: z
            .array(z.string().transform(lowerCase))
            .default(DEFAULT_WORKING_HOURS.days),
          start: z.string().default(DEFAULT_WORKING_HOURS.start),
          end: z.string().default(DEFAULT_WORKING_HOURS.end),
        })
        .default(DEFAULT_WORKING_HOURS)
        .superRefine((schedule, ctx) => {
          const problem = workingHoursProblem(schedule);
          if (problem) {
            ctx.addIssue({
              code: 'custom',
              path: problem.field.split('.'),
              message: problem.message,
            });
          }
        }),
    })
    .default({
      productionEnvironments: DEFAULT_PRODUCTION_ENVIRONMENTS,
      workingHours: DEFAULT_WORKING_HOURS,
    }),
});

/** Reads `cost.*` once at start-up; a bad value fails start-up naming the key. */
export function readCostConfig(config: Config): CostConfig {
  const parsed = schema.safeParse(config.getOptional('cost') ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid config at cost.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const fileConfigs = config.getOptionalConfigArray('cost.imports.focusFiles');
  const focusFiles = parsed.data.imports.focusFiles.map((file, index) => {
    const scheduleConfig = fileConfigs?.[index]?.getOptionalConfig('schedule');
    let schedule = DEFAULT_FOCUS_FILE_SCHEDULE;
    if (scheduleConfig) {
      try {
        schedule =
          readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig);
      } catch (error) {
        throw new Error(
          `Invalid config at cost.imports.focusFiles.${index}.schedule: ${
            (error as Error).message
          }`,
        );
      }
    }
    return { source: file.source, path: file.path, schedule };
  });
  return {
    allocation: parsed.data.allocation,
    imports: { focusFiles },
    monthOverMonth: parsed.data.monthOverMonth,
    offHours: parsed.data.offHours,
  };
}
