import { z } from 'zod';

/** On a Template: its version. On a generated Component: the version it came from. */
export const TEMPLATE_VERSION_ANNOTATION = 'paved.dev/template-version';
/** On a generated Component: the template it came from, e.g. `template:default/typescript-service`. */
export const GENERATED_FROM_TEMPLATE_ANNOTATION = 'paved.dev/template';

const versionLagSchema = z.enum([
  'current',
  'patch',
  'minor',
  'major',
  'unknown',
]);

export const generatedServiceSchema = z.object({
  /** `component:default/gift-card-service` */
  entityRef: z.string(),
  name: z.string(),
  title: z.string().optional(),
  owner: z.string().optional(),
  system: z.string().optional(),
  lifecycle: z.string().optional(),
  /** The template version it was generated from; absent when not recorded. */
  version: z.string().optional(),
  lag: versionLagSchema,
});
export type GeneratedService = z.infer<typeof generatedServiceSchema>;

export const templateSummarySchema = z.object({
  /** `template:default/typescript-service`, or the recorded ref of a template no longer in the catalog. */
  entityRef: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string().optional(),
  tags: z.array(z.string()),
  type: z.string().optional(),
  owner: z.string().optional(),
  /** The template's current version; absent when it has none (or is gone). */
  version: z.string().optional(),
  /** False for a template that generated services but is no longer in the catalog. */
  inCatalog: z.boolean(),
  /** Newest first by version, then by name. */
  services: z.array(generatedServiceSchema),
  /** Services per lag, every lag present, e.g. `{ current: 3, minor: 1, patch: 0, major: 0, unknown: 0 }`. */
  lagCounts: z.record(versionLagSchema, z.number().int()),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateListSchema = z.object({
  templates: z.array(templateSummarySchema),
});
export type TemplateList = z.infer<typeof templateListSchema>;

/** `POST /templates/:namespace/:name/dry-run` */
export const dryRunRequestSchema = z.object({
  /** The template's parameters, as its form would send them. */
  values: z.record(z.string(), z.unknown()),
});
export type DryRunRequest = z.infer<typeof dryRunRequestSchema>;

export const dryRunFileSchema = z.object({
  path: z.string(),
  size: z.number().int(),
  executable: z.boolean(),
  /** UTF-8 text; absent for binary files and files over the size shown. */
  text: z.string().optional(),
});
export type DryRunFile = z.infer<typeof dryRunFileSchema>;

export const dryRunLogLineSchema = z.object({
  /** The step this line belongs to, when the scaffolder says. */
  stepId: z.string().optional(),
  status: z.string().optional(),
  message: z.string(),
  createdAt: z.string().optional(),
});
export type DryRunLogLine = z.infer<typeof dryRunLogLineSchema>;

export const dryRunResultSchema = z.object({
  template: z.object({
    entityRef: z.string(),
    version: z.string().optional(),
  }),
  steps: z.array(
    z.object({ id: z.string(), name: z.string(), action: z.string() }),
  ),
  files: z.array(dryRunFileSchema),
  log: z.array(dryRunLogLineSchema),
  /** The template's `output` (links, text), as rendered. */
  output: z.record(z.string(), z.unknown()),
});
export type DryRunResult = z.infer<typeof dryRunResultSchema>;
