import { z } from 'zod';
import { COST_ANOMALY_KINDS } from './anomalies';
import { Money } from './money';
import { MonthOverMonth } from './monthOverMonth';
import { FocusProblem } from './parseFocusRow';
import { formatDay, Interval, parseDay, parseMonth } from './periods';

/**
 * The cost API (`/api/cost`): query schemas and what it answers, as JSON.
 * Days are `YYYY-MM-DD` (UTC) and ranges half-open: `from=2026-01-01&to=2027-01-01`
 * is the year 2026. Every amount is a {@link Money}; amounts in different
 * currencies are listed side by side, never added.
 */

/** The longest range one query may cover. */
export const MAX_RANGE_DAYS = 1100;

const day = z.string().transform((text, ctx) => {
  const date = parseDay(text);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: 'must be a date, YYYY-MM-DD' });
    return z.NEVER;
  }
  return date;
});

const rangeShape = { from: day, to: day };

const checkRange = (value: { from: Date; to: Date }, ctx: z.RefinementCtx) => {
  if (value.to <= value.from) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'must be after from',
    });
  } else if (
    value.to.getTime() - value.from.getTime() >
    MAX_RANGE_DAYS * 86_400_000
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `must be at most ${MAX_RANGE_DAYS} days after from`,
    });
  }
};

const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 currency code')
  .transform(code => code.toUpperCase());

const entityRef = z
  .string()
  .regex(
    /^[a-z0-9]+:[^/:\s]+\/[^/:\s]+$/i,
    'must be an entity ref, e.g. component:default/checkout-service',
  )
  .transform(ref => ref.toLocaleLowerCase('en-US'));

export const COST_GROUP_BYS = [
  'owner',
  'entity',
  'environment',
  'provider',
  'category',
] as const;
export type CostGroupBy = (typeof COST_GROUP_BYS)[number];

/** `GET /summary` and `GET /summary.csv`. */
export const summaryQuerySchema = z
  .object({
    ...rangeShape,
    groupBy: z.enum(COST_GROUP_BYS).default('owner'),
    currency: currencyCode.optional(),
  })
  .superRefine(checkRange);
export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

/** `GET /trend`: of everything, of one Component (`entityRef`) or of one owner. */
export const trendQuerySchema = z
  .object({
    ...rangeShape,
    interval: z.enum(['day', 'month']).default('day'),
    entityRef: entityRef.optional(),
    owner: entityRef.optional(),
  })
  .superRefine(checkRange)
  .refine(q => !(q.entityRef && q.owner), {
    path: ['owner'],
    message: 'give entityRef or owner, not both',
  });
export type TrendQuery = z.infer<typeof trendQuerySchema>;

/** `GET /month-over-month`. */
export const monthOverMonthQuerySchema = z.object({
  month: z.string().transform((text, ctx) => {
    const month = parseMonth(text);
    if (!month) {
      ctx.addIssue({ code: 'custom', message: 'must be a month, YYYY-MM' });
      return z.NEVER;
    }
    return month;
  }),
  groupBy: z.enum(['owner', 'entity']).default('owner'),
});
export type MonthOverMonthQuery = z.infer<typeof monthOverMonthQuerySchema>;

/** `GET /unallocated`. */
export const unallocatedQuerySchema = z
  .object({
    ...rangeShape,
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .superRefine(checkRange);
export type UnallocatedQuery = z.infer<typeof unallocatedQuerySchema>;

/** `GET /entities/:namespace/:name/cost`: a Component (default) or a Group (`kind=group`, what it owns). */
export const entityCostQuerySchema = z
  .object({
    ...rangeShape,
    kind: z.enum(['component', 'group']).default('component'),
  })
  .superRefine(checkRange);
export type EntityCostQuery = z.infer<typeof entityCostQuerySchema>;

/** `POST /imports?source=&fileName=`. */
/**
 * The source of the line items that split shared costs among Components
 * (`cost.allocation.sharedCosts`); no import may use it.
 */
export const SHARED_COSTS_SOURCE = 'paved-shared-costs';

/** A source's name: where its line items came from; an import replaces its billing periods. */
export const costSourceNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}$/i,
    'must be a name of letters, digits, ".", "_" and "-" (at most 63)',
  )
  .refine(name => name.toLowerCase() !== SHARED_COSTS_SOURCE, {
    message: `"${SHARED_COSTS_SOURCE}" is Paved's own, for shared-cost splits`,
  });

export const importQuerySchema = z.object({
  source: costSourceNameSchema,
  fileName: z.string().min(1).max(255).optional(),
});

/** One currency's costs. */
export type CostByCurrency = {
  currency: string;
  effectiveCost: Money;
  billedCost: Money;
};

/** A group's costs, one entry per currency; `key` null is unallocated. */
export type CostGroup = { key: string | null; costs: CostByCurrency[] };

export type CostSummaryResponse = {
  from: string;
  to: string;
  groupBy: CostGroupBy;
  /** Per currency over every group (rounded once, so they reconcile with the bill). */
  totals: CostByCurrency[];
  /** Largest first, in the currency with the most cost. */
  groups: CostGroup[];
};

/** A day (`YYYY-MM-DD`) or month (`YYYY-MM`); every period of the range is listed. */
export type CostTrendPoint = { period: string; costs: CostByCurrency[] };

export type CostTrendResponse = {
  from: string;
  to: string;
  interval: Interval;
  points: CostTrendPoint[];
};

export type MonthOverMonthResponse = MonthOverMonth & {
  groupBy: 'owner' | 'entity';
};

export type UnallocatedResource = {
  /** Null for charges without a resource (support, tax…), per service. */
  resourceId: string | null;
  providerName: string;
  serviceName: string;
  /** The owner a team tag named, if any. */
  ownerRef: string | null;
  /** The tags one of its line items carries, to see what is missing. */
  tags: Record<string, string>;
  lineItems: number;
  effectiveCost: Money;
  billedCost: Money;
};

export type UnallocatedResponse = {
  from: string;
  to: string;
  /** Cost allocated to no Component, per currency. */
  totals: CostByCurrency[];
  /** The most expensive, per currency. */
  resources: UnallocatedResource[];
};

export type EntityCostResponse = {
  entityRef: string;
  from: string;
  to: string;
  totals: CostByCurrency[];
  byEnvironment: CostGroup[];
  byCategory: CostGroup[];
  byProvider: CostGroup[];
  byMonth: CostTrendPoint[];
  daily: CostTrendPoint[];
};

export type CostImportStatus = 'running' | 'succeeded' | 'failed';

export type CostImport = {
  id: string;
  source: string;
  fileName: string | null;
  status: CostImportStatus;
  /** Starts (`YYYY-MM-DD`) of the billing periods the file holds, which it replaced. */
  billingPeriods: string[];
  /** Line items imported (or read, for a failed import). */
  rows: number;
  problemCount: number;
  /** The first 100 problems, by line. */
  problems: FocusProblem[];
  startedAt: string;
  finishedAt: string | null;
  startedBy: string | null;
};

/** `GET /anomalies`: the anomalies of the last `days` days with data, by owner or Component. */
export const anomaliesQuerySchema = z.object({
  groupBy: z.enum(['owner', 'entity']).default('owner'),
  days: z.coerce.number().int().min(1).max(365).default(60),
  /** Also the dismissed and currently snoozed ones. */
  all: z
    .enum(['true', 'false'])
    .default('false')
    .transform(value => value === 'true'),
});
export type AnomaliesQuery = z.infer<typeof anomaliesQuerySchema>;

export const COST_ANOMALY_REVIEW_STATUSES = [
  'snoozed',
  'accepted',
  'dismissed',
] as const;
export type CostAnomalyReviewStatus =
  (typeof COST_ANOMALY_REVIEW_STATUSES)[number];

const dayText = z
  .string()
  .refine(text => parseDay(text) !== undefined, 'must be a date, YYYY-MM-DD');

/**
 * `PUT /anomalies/review`: an anomaly (by its group, currency and day) is
 * snoozed until a day after today (UTC), accepted as expected, or
 * dismissed as noise.
 */
export const anomalyReviewBodySchema = z
  .object({
    key: z.string().min(1).max(500),
    currency: currencyCode,
    date: dayText,
    status: z.enum(COST_ANOMALY_REVIEW_STATUSES),
    snoozedUntil: dayText.optional(),
    note: z.string().max(2000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.status !== 'snoozed') {
      if (body.snoozedUntil !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['snoozedUntil'],
          message: 'only for status snoozed',
        });
      }
      return;
    }
    if (body.snoozedUntil === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['snoozedUntil'],
        message: 'is required to snooze',
      });
    } else if (body.snoozedUntil <= formatDay(new Date())) {
      ctx.addIssue({
        code: 'custom',
        path: ['snoozedUntil'],
        message: 'must be after today',
      });
    }
  });
export type AnomalyReviewBody = z.infer<typeof anomalyReviewBodySchema>;

const moneySchema = z.object({ currency: z.string(), amount: z.string() });

export const costAnomalyReviewSchema = z.object({
  key: z.string(),
  currency: z.string(),
  date: z.string(),
  status: z.enum(COST_ANOMALY_REVIEW_STATUSES),
  snoozedUntil: z.string().nullable(),
  note: z.string().nullable(),
  reviewedBy: z.string(),
  reviewedAt: z.string(),
});
export type CostAnomalyReview = z.infer<typeof costAnomalyReviewSchema>;

/** What `GET /anomalies` lists: an anomaly with its review, if any. */
export const costAnomalySchema = z.object({
  key: z.string(),
  currency: z.string(),
  date: z.string(),
  actual: moneySchema,
  expected: moneySchema,
  delta: moneySchema,
  z: z.number(),
  kind: z.enum(COST_ANOMALY_KINDS),
  days: z.number(),
  review: costAnomalyReviewSchema.nullable(),
});
export type ReviewedCostAnomaly = z.infer<typeof costAnomalySchema>;

export const costAnomaliesResponseSchema = z.object({
  groupBy: z.enum(['owner', 'entity']),
  /** The last day with data, which the days listed end on. */
  asOf: z.string().nullable(),
  /** The first day judged. */
  from: z.string().nullable(),
  anomalies: z.array(costAnomalySchema),
});
export type CostAnomaliesResponse = z.infer<typeof costAnomaliesResponseSchema>;

/** `GET /non-production`: the non-production share of a range and the off-hours saving. */
export const nonProductionQuerySchema = z
  .object(rangeShape)
  .superRefine(checkRange);
export type NonProductionQuery = z.infer<typeof nonProductionQuerySchema>;

const nonProductionCostSchema = z.object({
  currency: z.string(),
  total: moneySchema,
  production: moneySchema,
  nonProduction: moneySchema,
  unallocated: moneySchema,
  nonProductionSharePercent: z.number(),
  offHoursSaving: moneySchema,
  offHoursSavingPerMonth: moneySchema,
});

export const nonProductionResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  productionEnvironments: z.array(z.string()),
  workingHours: z.object({
    days: z.array(z.string()),
    start: z.string(),
    end: z.string(),
  }),
  hoursOnPerWeek: z.number(),
  currencies: z.array(nonProductionCostSchema),
});
export type NonProductionResponse = z.infer<typeof nonProductionResponseSchema>;

/** `GET /right-sizing`: Kubernetes requests against use, per workload container. */
export const rightSizingQuerySchema = z
  .object({
    entityRef: z.string().min(1).max(500).optional(),
    owner: z.string().min(1).max(500).optional(),
  })
  .refine(query => !(query.entityRef && query.owner), {
    message: 'give entityRef or owner, not both',
    path: ['owner'],
  });
export type RightSizingQuery = z.infer<typeof rightSizingQuerySchema>;

const resourceSizingSchema = z.object({
  request: z.number(),
  usageAverage: z.number(),
  usagePeak: z.number(),
  peakFromAverages: z.boolean(),
  suggested: z.number(),
  action: z.enum(['decrease', 'increase', 'keep']),
});

export const rightSizingContainerSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  controllerKind: z.string(),
  controller: z.string(),
  container: z.string(),
  /** The workload's Resource in the catalog, when it has one. */
  workloadRef: z.string().nullable(),
  entityRef: z.string().nullable(),
  ownerRef: z.string().nullable(),
  environment: z.string().nullable(),
  currency: z.string(),
  days: z.number(),
  replicas: z.number(),
  /** Cores per pod. */
  cpu: resourceSizingSchema,
  /** Bytes per pod. */
  memory: resourceSizingSchema,
  /** A month (730 h) at the suggested requests, in `currency`; negative when raising costs more. */
  monthlySaving: moneySchema,
});
export type RightSizingContainer = z.infer<typeof rightSizingContainerSchema>;

export const rightSizingResponseSchema = z.object({
  /** The last day with usage; null when nothing was imported. */
  asOf: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  rules: z.object({
    cpuHeadroomPercent: z.number(),
    memoryHeadroomPercent: z.number(),
    minChangePercent: z.number(),
    minDays: z.number(),
    days: z.number(),
  }),
  /** Containers to increase first (they risk throttling or OOM kills), then by saving. */
  containers: z.array(rightSizingContainerSchema),
  /** Containers with too few days of data yet. */
  tooNew: z.number(),
  /** Per currency, what every suggested change together saves a month. */
  totals: z.array(
    z.object({ currency: z.string(), monthlySaving: moneySchema }),
  ),
});
export type RightSizingResponse = z.infer<typeof rightSizingResponseSchema>;

export const COST_SOURCE_KINDS = [
  'focus-file',
  'opencost',
  'aws-cost-explorer',
  'upload',
] as const;
export type CostSourceKind = (typeof COST_SOURCE_KINDS)[number];

/** `GET /sources`: each source of cost data, and whether what it shows is stale and why. */
export const costSourceSchema = z.object({
  source: z.string(),
  kind: z.enum(COST_SOURCE_KINDS),
  /** Where it is read from (a path, an API's URL); null for uploads. */
  location: z.string().nullable(),
  lastImport: z.custom<CostImport>().nullable(),
  lastSucceeded: z.custom<CostImport>().nullable(),
  stale: z.boolean(),
  /** Why it is stale, in a sentence; null when it is not. */
  reason: z.string().nullable(),
});
export type CostSource = z.infer<typeof costSourceSchema>;

export const costSourcesResponseSchema = z.object({
  staleAfterHours: z.number(),
  sources: z.array(costSourceSchema),
});
export type CostSourcesResponse = z.infer<typeof costSourcesResponseSchema>;
