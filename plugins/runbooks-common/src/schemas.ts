import { z } from 'zod';

/** A non-blank string, trimmed; YAML numbers (`severity: 1`) are accepted as text. */
const text = z
  .union([z.string(), z.number().transform(value => String(value))])
  .transform(value => value.trim())
  .pipe(z.string().min(1, 'must not be empty'));

/**
 * `alerts`: one name, a comma-separated list, or a YAML list of names. Each
 * is trimmed; blank entries are dropped.
 */
export const alertsFieldSchema = z
  .union([text, z.array(text)])
  .transform(value =>
    (Array.isArray(value) ? value : value.split(','))
      .map(name => name.trim())
      .filter(name => name.length > 0),
  );

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `last_reviewed`: an ISO date (`2024-03-01`) or timestamp, or a YAML date.
 * Only the calendar day is kept, as `YYYY-MM-DD`. Anything else ("last
 * week", `01/02/2024`) is ambiguous and rejected.
 */
export const lastReviewedFieldSchema = z
  .union([z.date(), z.string().trim()])
  .transform((value, ctx) => {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'is not a valid date' });
        return z.NEVER;
      }
      return value.toISOString().slice(0, 10);
    }
    const match = ISO_DATE.exec(value);
    if (match) {
      const [, y, m, d] = match;
      const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      if (
        day.getUTCFullYear() === Number(y) &&
        day.getUTCMonth() === Number(m) - 1 &&
        day.getUTCDate() === Number(d)
      ) {
        return `${y}-${m}-${d}`;
      }
    }
    ctx.addIssue({
      code: 'custom',
      message: 'must be an ISO date such as 2024-03-01',
    });
    return z.NEVER;
  });

/**
 * The known front-matter keys, each validated on its own so that one bad
 * value does not lose the others. Aliases are accepted where the intent is
 * unambiguous (`alert` for `alerts`, `lastReviewed` / `last-reviewed` for
 * `last_reviewed`).
 */
export const frontMatterFieldSchemas = {
  alerts: alertsFieldSchema,
  severity: text,
  owner: text,
  last_reviewed: lastReviewedFieldSchema,
  service: text,
  title: text,
} as const;

/** @public */
export type KnownFrontMatterKey = keyof typeof frontMatterFieldSchemas;

/** Alternative spellings, mapped to the key they stand for. */
export const FRONT_MATTER_ALIASES: Record<string, KnownFrontMatterKey> = {
  alert: 'alerts',
  alertname: 'alerts',
  lastReviewed: 'last_reviewed',
  'last-reviewed': 'last_reviewed',
};

/**
 * A runbook's front-matter after validation: the known keys typed, unknown
 * keys (Hugo's `weight`, tags, links…) kept as they were.
 */
export const runbookFrontMatterSchema = z.looseObject({
  alerts: alertsFieldSchema.optional(),
  severity: text.optional(),
  owner: text.optional(),
  last_reviewed: lastReviewedFieldSchema.optional(),
  service: text.optional(),
  title: text.optional(),
});

/** @public */
export type RunbookFrontMatter = z.output<typeof runbookFrontMatterSchema>;

export const canonicalSectionSchema = z.enum([
  'overview',
  'failureScenarios',
  'remediation',
  'escalation',
  'externalContacts',
]);

export const runbookProblemCodeSchema = z.enum([
  'too-large',
  'binary',
  'front-matter-invalid',
  'front-matter-field-invalid',
  'no-headings',
  'duplicate-alert',
  'broken-link',
]);

export const runbookProblemSchema = z.object({
  code: runbookProblemCodeSchema,
  message: z.string(),
  line: z.number().int().positive().optional(),
});

export const runbookSectionSchema = z.object({
  heading: z.string(),
  level: z.number().int().min(1).max(6),
  canonical: canonicalSectionSchema.optional(),
  markdown: z.string(),
  line: z.number().int().positive(),
});

export const runbookLinkSchema = z.object({
  href: z.string(),
  kind: z.enum(['relative', 'absolute', 'anchor']),
  isImage: z.boolean(),
});

/** The parser's output, e.g. for a backend that stores and re-serves it. */
export const parsedRunbookSchema = z.object({
  path: z.string(),
  title: z.string(),
  frontMatter: z.record(z.string(), z.unknown()),
  alerts: z.array(z.string()),
  severity: z.string().optional(),
  owner: z.string().optional(),
  service: z.string().optional(),
  lastReviewed: z.string().optional(),
  sections: z.array(runbookSectionSchema),
  requiredSections: z.object({
    overview: z.boolean(),
    failureScenarios: z.boolean(),
    remediation: z.boolean(),
    escalation: z.boolean(),
    externalContacts: z.boolean(),
  }),
  missingSections: z.array(canonicalSectionSchema),
  shape: z.enum(['per-alert', 'per-service']),
  links: z.array(runbookLinkSchema),
  problems: z.array(runbookProblemSchema),
});
