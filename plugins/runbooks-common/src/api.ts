import { z } from 'zod';
import {
  canonicalSectionSchema,
  runbookProblemCodeSchema,
  runbookSectionSchema,
} from './schemas';

/*
 * The runbooks backend's HTTP API (`/api/runbooks`): query schemas the router
 * validates with, and the response shapes the frontend reads. Dates are ISO
 * strings; entity refs are full (`component:default/checkout-service`).
 */

/** Where a runbook came from: the file and the commit that last changed it. */
export const runbookCommitSchema = z.object({
  sha: z.string(),
  /** When that commit was made (ISO). */
  date: z.string(),
  /** The commit on the SCM's web UI, when known. */
  url: z.string().optional(),
});
export type RunbookCommit = z.infer<typeof runbookCommitSchema>;

/** One runbook in a list: enough to show a row and link to it. */
export const runbookSummarySchema = z.object({
  id: z.string(),
  entityRef: z.string(),
  /** Path in the repository, e.g. `docs/runbooks/checkout-service.md`. */
  path: z.string(),
  /** The file on the SCM's web UI (to edit it). */
  url: z.string(),
  title: z.string(),
  /** Alert names as written. */
  alerts: z.array(z.string()),
  severity: z.string().optional(),
  /** Front-matter `owner`, else the Component's owner. */
  owner: z.string().optional(),
  system: z.string().optional(),
  shape: z.enum(['per-alert', 'per-service']),
  /** `YYYY-MM-DD` from front-matter `last_reviewed`. */
  lastReviewed: z.string().optional(),
  commit: runbookCommitSchema.optional(),
  missingSections: z.array(canonicalSectionSchema),
  problemCount: z.number().int().nonnegative(),
});
export type RunbookSummary = z.infer<typeof runbookSummarySchema>;

/** A problem with a runbook file or a runbook source, with where it is. */
export const runbookSourceProblemSchema = z.object({
  entityRef: z.string(),
  /** The repository (or location) read, e.g. `https://github.com/lumen-retail/cart-service`. */
  repo: z.string(),
  /** The file's path in it; absent when the whole source could not be read. */
  path: z.string().optional(),
  /** The runbook the problem is in (absent for a source that could not be read). */
  runbookId: z.string().optional(),
  code: z.union([runbookProblemCodeSchema, z.literal('source-unreadable')]),
  message: z.string(),
  line: z.number().int().positive().optional(),
});
export type RunbookSourceProblem = z.infer<typeof runbookSourceProblemSchema>;

/** One runbook in full, with its sanitised HTML. */
export const runbookDetailSchema = runbookSummarySchema.extend({
  /** Rendered and sanitised: safe to put into the page as HTML. */
  html: z.string(),
  sections: z.array(runbookSectionSchema),
  problems: z.array(runbookSourceProblemSchema),
});
export type RunbookDetail = z.infer<typeof runbookDetailSchema>;

/** A run of snippet text; `highlight` marks the words that matched. */
export const snippetPartSchema = z.object({
  text: z.string(),
  highlight: z.boolean(),
});
export type SnippetPart = z.infer<typeof snippetPartSchema>;

export const runbookSearchHitSchema = runbookSummarySchema.extend({
  /** True when the query is exactly one of this runbook's alert names. */
  exactAlertMatch: z.boolean(),
  rank: z.number(),
  snippet: z.array(snippetPartSchema),
});
export type RunbookSearchHit = z.infer<typeof runbookSearchHitSchema>;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform(value => (value ? value : undefined));

/** `GET /search?q=&owner=&system=&severity=&limit=&offset=` */
export const runbookSearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(200),
  /** An owner entity ref, e.g. `group:default/checkout-squad`. */
  owner: optionalText,
  /** A system entity ref, e.g. `system:default/checkout`. */
  system: optionalText,
  severity: optionalText,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export type RunbookSearchQuery = z.infer<typeof runbookSearchQuerySchema>;

export const runbookSearchResponseSchema = z.object({
  query: z.string(),
  total: z.number().int().nonnegative(),
  results: z.array(runbookSearchHitSchema),
});
export type RunbookSearchResponse = z.infer<typeof runbookSearchResponseSchema>;

/** `GET /alerts/:alertName?service=&namespace=` — the hints narrow a name several services use. */
export const alertHintsQuerySchema = z.object({
  /** A Component name or ref, e.g. `checkout-service`. */
  service: optionalText,
  /** A Kubernetes namespace; matched against `backstage.io/kubernetes-namespace` / `-id`. */
  namespace: optionalText,
});
export type AlertHintsQuery = z.infer<typeof alertHintsQuerySchema>;

/** A Component as the runbook pages show it. */
export const runbookEntitySchema = z.object({
  entityRef: z.string(),
  title: z.string(),
  owner: z.string().optional(),
  system: z.string().optional(),
  lifecycle: z.string().optional(),
});
export type RunbookEntity = z.infer<typeof runbookEntitySchema>;

/**
 * What `/runbooks/alert/<AlertName>` shows: `found` with the runbook;
 * `ambiguous` with the candidates (several services, no hint decides);
 * `not-found` with the Component a hint names (and so its owner), if any.
 */
export const alertResolutionSchema = z.object({
  alert: z.string(),
  status: z.enum(['found', 'ambiguous', 'not-found']),
  runbook: runbookDetailSchema.optional(),
  candidates: z.array(runbookSummarySchema),
  entity: runbookEntitySchema.optional(),
  /** The scaffolder template that adds a runbook, when configured. */
  addRunbookTemplate: z.string().optional(),
});
export type AlertResolution = z.infer<typeof alertResolutionSchema>;

/** Where a Component's runbooks are read from, and how that went. */
export const runbookSourceStatusSchema = z.object({
  entityRef: z.string(),
  /** The URL searched, e.g. `https://github.com/o/r/tree/HEAD/docs/runbooks/**` */
  location: z.string(),
  commitSha: z.string().optional(),
  lastReadAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type RunbookSourceStatus = z.infer<typeof runbookSourceStatusSchema>;

/** `GET /entity/:kind/:namespace/:name` */
export const entityRunbooksResponseSchema = z.object({
  entity: runbookEntitySchema,
  runbooks: z.array(runbookSummarySchema),
  source: runbookSourceStatusSchema.optional(),
  problems: z.array(runbookSourceProblemSchema),
});
export type EntityRunbooksResponse = z.infer<
  typeof entityRunbooksResponseSchema
>;

export const coverageQuerySchema = z.object({
  /** Runbooks not reviewed (or changed) for more days than this are stale. */
  staleDays: z.coerce.number().int().min(1).max(3650).optional(),
  owner: optionalText,
});
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const staleReasonSchema = z.enum([
  /** Not reviewed (front-matter) or, without that, not changed for N days. */
  'not-reviewed',
  /** Last reviewed before the service's last incident. */
  'older-than-incident',
]);

export const coverageComponentSchema = runbookEntitySchema.extend({
  runbookCount: z.number().int().nonnegative(),
  /** Required sections none of its runbooks has. */
  missingSections: z.array(canonicalSectionSchema),
  /** The newest review date (or commit date) over its runbooks. */
  lastReviewed: z.string().optional(),
  lastIncidentAt: z.string().optional(),
  stale: z.array(staleReasonSchema),
  problemCount: z.number().int().nonnegative(),
});
export type CoverageComponent = z.infer<typeof coverageComponentSchema>;

export const uncoveredAlertSchema = z.object({
  alert: z.string(),
  /** Where the rule came from (config `runbooks.prometheusRules`). */
  rulesSource: z.string(),
  runbookUrl: z.string().optional(),
  reason: z.enum(['no-runbook-url', 'resolves-to-nothing']),
});
export type UncoveredAlert = z.infer<typeof uncoveredAlertSchema>;

/** `GET /coverage` — production Components only. */
export const coverageResponseSchema = z.object({
  staleDays: z.number().int().positive(),
  summary: z.object({
    components: z.number().int().nonnegative(),
    withRunbook: z.number().int().nonnegative(),
    complete: z.number().int().nonnegative(),
    stale: z.number().int().nonnegative(),
    runbooks: z.number().int().nonnegative(),
    problems: z.number().int().nonnegative(),
  }),
  components: z.array(coverageComponentSchema),
  alertsWithoutRunbook: z.array(uncoveredAlertSchema),
  /** Runbook alerts no configured rule fires; empty when no rules are configured. */
  runbooksMatchingNoAlert: z.array(
    z.object({ alert: z.string(), runbook: runbookSummarySchema }),
  ),
  rulesSources: z.array(
    z.object({
      source: z.string(),
      alertCount: z.number().int().nonnegative(),
      error: z.string().optional(),
    }),
  ),
});
export type CoverageResponse = z.infer<typeof coverageResponseSchema>;

/** `GET /facets` — the values the search filters offer. */
export const runbookFacetsSchema = z.object({
  owners: z.array(z.string()),
  systems: z.array(z.string()),
  severities: z.array(z.string()),
});
export type RunbookFacets = z.infer<typeof runbookFacetsSchema>;

/** `GET /problems?entityRef=` */
export const problemsResponseSchema = z.object({
  problems: z.array(runbookSourceProblemSchema),
});
export type ProblemsResponse = z.infer<typeof problemsResponseSchema>;

/** A recent deployment as the on-call page lists it (from the DORA plugin). */
export const oncallDeploymentSchema = z.object({
  environment: z.string(),
  sha: z.string(),
  finishedAt: z.string(),
  status: z.string(),
  url: z.string().optional(),
});

export const oncallWorkloadSchema = z.object({
  entityRef: z.string(),
  title: z.string(),
  type: z.string().optional(),
  cluster: z.string().optional(),
  namespace: z.string().optional(),
});

/** A kill-switch flag of the service (feature-flags plugin) and its state per environment. */
export const oncallKillSwitchSchema = z.object({
  key: z.string(),
  description: z.string().optional(),
  environments: z.array(
    z.object({
      environment: z.string(),
      state: z.enum(['ENABLED', 'DISABLED']),
      /** The variant served when no targeting rule decides. */
      defaultVariant: z.string().optional(),
      /** Whether targeting rules decide for some users. */
      targeted: z.boolean(),
      updatedAt: z.string().optional(),
    }),
  ),
});
export type OncallKillSwitch = z.infer<typeof oncallKillSwitchSchema>;

/** `GET /oncall/:kind/:namespace/:name` — everything the on-call engineer needs, in one response. */
export const oncallResponseSchema = z.object({
  entity: runbookEntitySchema.extend({ description: z.string().optional() }),
  owner: z
    .object({
      entityRef: z.string(),
      title: z.string(),
      email: z.string().optional(),
      links: z.array(z.object({ url: z.string(), title: z.string() })),
    })
    .optional(),
  /** The escalation section of the service's runbooks, sanitised HTML. */
  escalationHtml: z.string().optional(),
  links: z.array(
    z.object({
      url: z.string(),
      title: z.string(),
      icon: z.string().optional(),
    }),
  ),
  runbooks: z.array(runbookSummarySchema),
  workloads: z.array(oncallWorkloadSchema),
  /** Undefined when the DORA plugin is not installed or did not answer. */
  recentDeployments: z.array(oncallDeploymentSchema).optional(),
  /** Undefined when the feature-flags plugin is not installed or did not answer. */
  killSwitches: z.array(oncallKillSwitchSchema).optional(),
});
export type OncallResponse = z.infer<typeof oncallResponseSchema>;

/** `POST /refresh` — re-read one Component's runbooks now, or all. */
export const refreshRequestSchema = z.object({
  entityRef: z.string().trim().min(1).optional(),
});

export const indexRunSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  sourcesRead: z.number().int().nonnegative(),
  sourcesUnchanged: z.number().int().nonnegative(),
  sourcesFailed: z.number().int().nonnegative(),
  runbooks: z.number().int().nonnegative(),
  problems: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative().optional(),
});
export type IndexRun = z.infer<typeof indexRunSchema>;

/** An error body: `{ error: { name, message } }`, as Backstage's error handler writes it. */
export type RunbooksErrorBody = { error: { name: string; message: string } };
