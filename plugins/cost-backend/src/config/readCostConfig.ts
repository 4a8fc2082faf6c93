import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AllocationRules,
  costSourceNameSchema,
  DEFAULT_ALLOCATION_RULES,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
  DEFAULT_RIGHT_SIZING_RULES,
  DEFAULT_WORKING_HOURS,
  RightSizingRules,
  WorkingHours,
  workingHoursProblem,
} from '@internal/plugin-cost-common';
import { z } from 'zod';
import { parseS3Url, S3Connection } from '../import/S3FocusObject';

export type FocusFileImportConfig = {
  /** The source its line items are stored under; re-imports replace its billing periods. */
  source: string;
  /** A FOCUS file — Parquet when it ends in `.parquet`, else CSV, gzipped when it ends in `.gz` — or an `s3://bucket/key` object. */
  path: string;
  /** How to reach S3 for an `s3://` path. */
  s3: S3Connection;
  schedule: SchedulerServiceTaskScheduleDefinition;
};

/** How an API importer pulls: whole months, in windows it shrinks when the API times out. */
export type ApiImportWindowConfig = {
  /** Months re-imported each run: this month and the `months - 1` before it. */
  months: number;
  /** Days asked for in one request at first; halved (to 1) when the API times out. */
  windowDays: number;
  /** Attempts of one request (timeouts, 5xx, throttling) before the import fails. */
  maxAttempts: number;
};

/** An OpenCost of one cluster (`cost.imports.openCost`). */
export type OpenCostImportConfig = ApiImportWindowConfig & {
  source: string;
  /** OpenCost's API, e.g. `http://opencost.opencost:9003`. */
  baseUrl: string;
  /** The cluster's name in the catalog (`paved.dev/kubernetes-cluster` of its workloads). */
  cluster: string;
  /** The environment of what the catalog does not place, e.g. `production`. */
  environment?: string;
  /** What OpenCost's prices are in (it does not say). */
  currency: string;
  /** Sent as `Authorization: Bearer …` when OpenCost sits behind an auth proxy. */
  token?: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
};

/** An AWS account's Cost Explorer (`cost.imports.awsCostExplorer`). */
export type AwsCostExplorerImportConfig = ApiImportWindowConfig & {
  source: string;
  region: string;
  /** Another endpoint (a VPC endpoint; a local fake in tests). */
  endpoint?: string;
  /** The cost-allocation tag whose values name Components. */
  tagKey: string;
  /** Static credentials; without them the SDK's default chain (role, environment, profile). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  schedule: SchedulerServiceTaskScheduleDefinition;
};

/**
 * A shared cost (`cost.allocation.sharedCosts`): unallocated line items a
 * rule matches — by ServiceName, tags or ResourceId — are split among the
 * Components with cost in the same month and currency.
 */
export type SharedCostRule = {
  name: string;
  serviceNames: string[];
  /** Every key must carry its value (exact). */
  tags: Record<string, string>[];
  resourceIds: string[];
  /** `cost`: in proportion to each Component's EffectiveCost; `even`: alike. */
  splitBy: 'cost' | 'even';
};

export type CostConfig = {
  allocation: AllocationRules;
  sharedCosts: SharedCostRule[];
  imports: {
    focusFiles: FocusFileImportConfig[];
    openCost: OpenCostImportConfig[];
    awsCostExplorer: AwsCostExplorerImportConfig[];
    /** A source whose last good import is older than this is stale. */
    staleAfterHours: number;
  };
  monthOverMonth: { thresholdPercent: number };
  offHours: { productionEnvironments: string[]; workingHours: WorkingHours };
  rightSizing: RightSizingRules & {
    /** Days of usage a suggestion reads, up to the last day with data. */
    days: number;
  };
  /** Months of cost data kept, this one included; older months are dropped daily. */
  retention: { months: number };
};

export const DEFAULT_FOCUS_FILE_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 1 },
  };

/** API importers run every 6 hours: providers refresh their cost data a few times a day. */
export const DEFAULT_API_IMPORT_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 6 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 1 },
  };

const lowerCase = (value: string) => value.trim().toLocaleLowerCase('en-US');

const tagKeyList = z
  .array(z.string().trim().min(1, 'must not be empty').transform(lowerCase))
  .max(20);

const windowFields = {
  months: z.number().int().min(1).max(13).default(2),
  windowDays: z.number().int().min(1).max(31).default(2),
  maxAttempts: z.number().int().min(1).max(10).default(4),
};

const percent = (fallback: number) =>
  z
    .number()
    .min(0)
    .max(1000)
    .default(fallback * 100);

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
      sharedCosts: z
        .array(
          z
            .object({
              name: z
                .string()
                .regex(
                  /^[a-z0-9][a-z0-9-]{0,62}$/,
                  'must be lower-case letters, digits and "-"',
                ),
              serviceNames: z
                .array(z.string().min(1, 'must not be empty'))
                .default([]),
              tags: z
                .array(
                  z
                    .record(z.string().min(1), z.string())
                    .refine(tags => Object.keys(tags).length > 0, {
                      message: 'must name at least one tag',
                    }),
                )
                .default([]),
              resourceIds: z
                .array(z.string().min(1, 'must not be empty'))
                .default([]),
              splitBy: z.enum(['cost', 'even']).default('cost'),
            })
            .refine(
              rule =>
                rule.serviceNames.length +
                  rule.tags.length +
                  rule.resourceIds.length >
                0,
              {
                message:
                  'must match something: serviceNames, tags or resourceIds',
              },
            ),
        )
        .default([])
        .superRefine((rules, ctx) => {
          const seen = new Set<string>();
          rules.forEach((rule, index) => {
            if (seen.has(rule.name)) {
              ctx.addIssue({
                code: 'custom',
                path: [index, 'name'],
                message: `"${rule.name}" names another rule`,
              });
            }
            seen.add(rule.name);
          });
        }),
    })
    .default({ ...DEFAULT_ALLOCATION_RULES, sharedCosts: [] }),
  imports: z
    .object({
      focusFiles: z
        .array(
          z.object({
            source: costSourceNameSchema,
            path: z
              .string()
              .min(1, 'must not be empty')
              .refine(path => !path.startsWith('s3:') || parseS3Url(path), {
                message: 'must be a path or an s3://bucket/key URL',
              }),
            s3: z
              .object({
                region: z.string().trim().min(1).default('us-east-1'),
                endpoint: z
                  .url({
                    protocol: /^https?$/,
                    error: 'must be an http(s) URL',
                  })
                  .optional(),
                credentials: z
                  .object({
                    accessKeyId: z.string().min(1, 'must not be empty'),
                    secretAccessKey: z.string().min(1, 'must not be empty'),
                  })
                  .optional(),
              })
              .default({ region: 'us-east-1' }),
            schedule: z.unknown().optional(),
          }),
        )
        .default([]),
      openCost: z
        .array(
          z.object({
            source: costSourceNameSchema,
            baseUrl: z.url({
              protocol: /^https?$/,
              error: 'must be an http(s) URL',
            }),
            cluster: z.string().trim().min(1, 'must not be empty'),
            environment: z
              .string()
              .trim()
              .min(1, 'must not be empty')
              .transform(lowerCase)
              .optional(),
            currency: z
              .string()
              .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as USD')
              .transform(code => code.toUpperCase())
              .default('USD'),
            token: z.string().min(1).optional(),
            ...windowFields,
            schedule: z.unknown().optional(),
          }),
        )
        .default([]),
      awsCostExplorer: z
        .array(
          z.object({
            source: costSourceNameSchema,
            region: z.string().trim().min(1).default('us-east-1'),
            endpoint: z
              .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
              .optional(),
            tagKey: z.string().trim().min(1).default('service'),
            credentials: z
              .object({
                accessKeyId: z.string().min(1, 'must not be empty'),
                secretAccessKey: z.string().min(1, 'must not be empty'),
              })
              .optional(),
            ...windowFields,
            windowDays: z.number().int().min(1).max(31).default(31),
            schedule: z.unknown().optional(),
          }),
        )
        .default([]),
      staleAfterHours: z
        .number()
        .positive()
        .max(24 * 90)
        .default(36),
    })
    .default({
      focusFiles: [],
      openCost: [],
      awsCostExplorer: [],
      staleAfterHours: 36,
    })
    .superRefine((imports, ctx) => {
      const seen = new Set<string>();
      for (const kind of [
        'focusFiles',
        'openCost',
        'awsCostExplorer',
      ] as const) {
        imports[kind].forEach((entry, index) => {
          if (seen.has(entry.source)) {
            ctx.addIssue({
              code: 'custom',
              path: [kind, index, 'source'],
              message: `"${entry.source}" is the source of another import; each needs its own, as an import replaces its source's billing periods`,
            });
          }
          seen.add(entry.source);
        });
      }
    }),
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
  retention: z
    .object({ months: z.number().int().min(2).max(120).default(25) })
    .default({ months: 25 }),
  rightSizing: z
    .object({
      cpuHeadroomPercent: percent(DEFAULT_RIGHT_SIZING_RULES.cpuHeadroom),
      memoryHeadroomPercent: percent(DEFAULT_RIGHT_SIZING_RULES.memoryHeadroom),
      minChangePercent: percent(DEFAULT_RIGHT_SIZING_RULES.minChange),
      days: z.number().int().min(1).max(90).default(14),
      minDays: z
        .number()
        .int()
        .min(1)
        .max(90)
        .default(DEFAULT_RIGHT_SIZING_RULES.minDays),
    })
    .default({
      cpuHeadroomPercent: DEFAULT_RIGHT_SIZING_RULES.cpuHeadroom * 100,
      memoryHeadroomPercent: DEFAULT_RIGHT_SIZING_RULES.memoryHeadroom * 100,
      minChangePercent: DEFAULT_RIGHT_SIZING_RULES.minChange * 100,
      days: 14,
      minDays: DEFAULT_RIGHT_SIZING_RULES.minDays,
    })
    .refine(rules => rules.minDays <= rules.days, {
      path: ['minDays'],
      message: 'must not be more than days',
    }),
});

/** The `schedule` of entry `index` of the import list `kind`, or the default. */
function readSchedule(
  config: Config,
  kind: string,
  index: number,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const scheduleConfig = config
    .getOptionalConfigArray(`cost.imports.${kind}`)
    ?.[index]?.getOptionalConfig('schedule');
  if (!scheduleConfig) return fallback;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig);
  } catch (error) {
    throw new Error(
      `Invalid config at cost.imports.${kind}.${index}.schedule: ${
        (error as Error).message
      }`,
    );
  }
}

/** Reads `cost.*` once at start-up; a bad value fails start-up naming the key. */
export function readCostConfig(config: Config): CostConfig {
  const parsed = schema.safeParse(config.getOptional('cost') ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid config at cost.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const { imports, rightSizing } = parsed.data;
  const schedule = (
    kind: string,
    index: number,
    fallback = DEFAULT_API_IMPORT_SCHEDULE,
  ) => readSchedule(config, kind, index, fallback);
  const { sharedCosts, ...allocation } = parsed.data.allocation;
  return {
    allocation,
    sharedCosts,
    imports: {
      focusFiles: imports.focusFiles.map((file, index) => ({
        source: file.source,
        path: file.path,
        s3: file.s3,
        schedule: schedule('focusFiles', index, DEFAULT_FOCUS_FILE_SCHEDULE),
      })),
      openCost: imports.openCost.map((entry, index) => ({
        ...entry,
        baseUrl: entry.baseUrl.replace(/\/+$/, ''),
        schedule: schedule('openCost', index),
      })),
      awsCostExplorer: imports.awsCostExplorer.map((entry, index) => ({
        ...entry,
        schedule: schedule('awsCostExplorer', index),
      })),
      staleAfterHours: imports.staleAfterHours,
    },
    monthOverMonth: parsed.data.monthOverMonth,
    offHours: parsed.data.offHours,
    retention: parsed.data.retention,
    rightSizing: {
      cpuHeadroom: rightSizing.cpuHeadroomPercent / 100,
      memoryHeadroom: rightSizing.memoryHeadroomPercent / 100,
      minChange: rightSizing.minChangePercent / 100,
      days: rightSizing.days,
      minDays: rightSizing.minDays,
    },
  };
}
