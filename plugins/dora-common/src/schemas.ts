import { z } from 'zod';

/** An ISO 8601 timestamp with a zone (`Z` or an offset): no guessing the zone. */
const timestamp = z.iso
  .datetime({ offset: true })
  .transform(value => new Date(value));

const entityRef = z
  .string()
  .regex(
    /^component:[^/:]+\/[^/:]+$|^component:[^/:]+$/i,
    'must be a Component entity ref, e.g. component:default/checkout-service',
  );

const repository = z
  .string()
  .regex(
    /^[\w.-]+\/[\w.-]+$/,
    'must be owner/name, e.g. lumen-retail/checkout-service',
  );

const sha = z
  .string()
  .regex(/^[0-9a-f]{7,40}$/i, 'must be a git commit SHA (7–40 hex digits)');

/**
 * `POST /deployments`: a deployment reported by a CD tool (Argo CD, Jenkins,
 * a script). Re-posting the same `source`+`id` replaces it (idempotent).
 * The service is named by `entityRef` or `repository`; one of them is needed.
 */
export const deploymentEventSchema = z
  .object({
    id: z.string().min(1).max(200),
    source: z.string().min(1).max(60).default('api'),
    entityRef: entityRef.optional(),
    repository: repository.optional(),
    environment: z.string().min(1).max(100),
    sha,
    status: z.enum(['success', 'failure']).default('success'),
    startedAt: timestamp.optional(),
    finishedAt: timestamp,
    unplannedReason: z
      .enum(['hotfix', 'revert', 'rollback', 'incident-response'])
      .optional(),
    /** For a repair: the `source:id` of the deployment it repairs. */
    remediatesDeploymentId: z.string().min(1).max(260).optional(),
    /** The merge SHAs of the pull requests this deployment ships, when the CD tool knows them. */
    changeShas: z.array(sha).max(1000).optional(),
    url: z.url().optional(),
  })
  .refine(event => event.entityRef || event.repository, {
    message: 'name the service: entityRef or repository is required',
    path: ['entityRef'],
  })
  .refine(event => !event.startedAt || event.startedAt <= event.finishedAt, {
    message: 'must not be after finishedAt',
    path: ['startedAt'],
  });
export type DeploymentEvent = z.infer<typeof deploymentEventSchema>;

/**
 * `POST /incidents`: an incident opened or resolved, shaped so that a
 * PagerDuty or Opsgenie webhook adapter is a thin mapper. Posting the same
 * `source`+`id` again updates it (e.g. with `resolvedAt`).
 */
export const incidentEventSchema = z
  .object({
    id: z.string().min(1).max(200),
    source: z.string().min(1).max(60).default('api'),
    entityRef: entityRef.optional(),
    repository: repository.optional(),
    title: z.string().min(1).max(500),
    openedAt: timestamp,
    resolvedAt: timestamp.optional(),
    /** The deployment that caused it (`source:id`), when known. */
    deploymentId: z.string().min(1).max(260).optional(),
    /** Or the deployed commit that caused it. */
    sha: sha.optional(),
  })
  .refine(event => event.entityRef || event.repository, {
    message: 'name the service: entityRef or repository is required',
    path: ['entityRef'],
  })
  .refine(event => !event.resolvedAt || event.openedAt <= event.resolvedAt, {
    message: 'must not be before openedAt',
    path: ['resolvedAt'],
  });
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

/**
 * `POST /changes`: a merged pull request, for source hosts Paved does not
 * ingest itself. Re-posting the same repository+number replaces it.
 */
export const changeEventSchema = z
  .object({
    entityRef: entityRef.optional(),
    repository,
    number: z.number().int().positive(),
    title: z.string().min(1).max(500),
    firstCommitAt: timestamp,
    openedAt: timestamp,
    firstReviewAt: timestamp.optional(),
    mergedAt: timestamp,
    mergeSha: sha,
    isRevert: z.boolean().default(false),
  })
  .refine(event => event.openedAt <= event.mergedAt, {
    message: 'must not be after mergedAt',
    path: ['openedAt'],
  });
export type ChangeEvent = z.infer<typeof changeEventSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;

const timeZone = z
  .string()
  .refine(
    zone => {
      try {
        return Boolean(
          new Intl.DateTimeFormat('en-US', {
            timeZone: zone,
          }).resolvedOptions().timeZone,
        );
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone, e.g. Europe/Berlin' },
  )
  .default('UTC');

const windowFields = {
  environment: z.string().min(1).max(100).optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  granularity: z.enum(['week', 'month']).default('week'),
  timeZone,
};

/** A window defaults to the 30 days before `to` (default now). */
function resolveWindow<Q extends { from?: Date; to?: Date }>(query: Q) {
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - 30 * DAY_MS);
  return { ...query, from, to };
}

/** `from` before `to`, at most 366 days apart. */
function checkWindow(query: { from: Date; to: Date }, ctx: z.RefinementCtx) {
  if (query.from >= query.to) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be before to',
      path: ['from'],
    });
  } else if (query.to.getTime() - query.from.getTime() > 366 * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      message: 'the window may span at most 366 days',
      path: ['from'],
    });
  }
}

const windowQuery = z.object(windowFields);

/**
 * The query of `GET /metrics`, `/series`, `/deployments`, `/changes`,
 * `/incidents`: one Component or Group, optional environment filter, a
 * window (default the last 30 days) and the series granularity.
 */
export const metricsQuerySchema = windowQuery
  .extend({
    entityRef: z
      .string()
      .regex(
        /^(component|group):[^/:]+\/[^/:]+$/i,
        'must be a Component or Group entity ref, e.g. group:default/checkout-squad',
      ),
  })
  .transform(resolveWindow)
  .superRefine(checkWindow);
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

/** The query of `GET /squads`: every squad over one window. */
export const squadsQuerySchema = windowQuery
  .transform(resolveWindow)
  .superRefine(checkWindow);
export type SquadsQuery = z.infer<typeof squadsQuerySchema>;
