import { z } from 'zod';
import { describeZodIssues } from '@internal/backend-validation';

/**
 * The fields of GitHub REST objects (and webhook payloads, which carry the
 * same objects) that DORA reads. Everything else GitHub sends is ignored;
 * a payload missing one of these is refused naming the field.
 */

const timestamp = z.iso.datetime({ offset: true });
const login = z.object({ login: z.string() }).nullable().optional();

export const githubRepositorySchema = z.object({
  full_name: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  default_branch: z.string().optional(),
});

export const githubDeploymentSchema = z.object({
  id: z.number().int(),
  sha: z.string().regex(/^[0-9a-f]{40}$/i),
  ref: z.string(),
  task: z.string().optional(),
  environment: z.string(),
  description: z.string().nullable().optional(),
  created_at: timestamp,
  updated_at: timestamp.optional(),
  url: z.string().optional(),
});
export type GithubDeployment = z.infer<typeof githubDeploymentSchema>;

export const githubDeploymentStatusSchema = z.object({
  id: z.number().int(),
  state: z.enum([
    'error',
    'failure',
    'inactive',
    'pending',
    'success',
    'queued',
    'in_progress',
  ]),
  created_at: timestamp,
  log_url: z.string().optional(),
  target_url: z.string().optional(),
});
export type GithubDeploymentStatus = z.infer<
  typeof githubDeploymentStatusSchema
>;

export const githubPullRequestSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  user: login,
  created_at: timestamp,
  updated_at: timestamp,
  merged_at: timestamp.nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  head: z.object({ ref: z.string() }),
  base: z.object({ ref: z.string() }),
  labels: z.array(z.object({ name: z.string() })).optional(),
  html_url: z.string().optional(),
});
export type GithubPullRequest = z.infer<typeof githubPullRequestSchema>;

export const githubCommitSchema = z.object({
  sha: z.string(),
  commit: z.object({
    author: z.object({ date: timestamp.optional() }).nullable(),
    committer: z.object({ date: timestamp.optional() }).nullable(),
  }),
});
export type GithubCommit = z.infer<typeof githubCommitSchema>;

export const githubReviewSchema = z.object({
  user: login,
  state: z.string(),
  submitted_at: timestamp.optional(),
});
export type GithubReview = z.infer<typeof githubReviewSchema>;

export const githubIssueSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']),
  created_at: timestamp,
  closed_at: timestamp.nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])),
  /** Set when the issue is a pull request. */
  pull_request: z.object({}).passthrough().optional(),
  html_url: z.string().optional(),
});
export type GithubIssue = z.infer<typeof githubIssueSchema>;

export const githubWorkflowRunSchema = z.object({
  id: z.number().int(),
  name: z.string().nullable().optional(),
  path: z.string(),
  head_sha: z.string().regex(/^[0-9a-f]{40}$/i),
  head_branch: z.string().nullable().optional(),
  event: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  created_at: timestamp,
  run_started_at: timestamp.optional(),
  updated_at: timestamp,
  run_attempt: z.number().int().optional(),
  html_url: z.string().optional(),
});
export type GithubWorkflowRun = z.infer<typeof githubWorkflowRunSchema>;

export const githubReleaseSchema = z.object({
  id: z.number().int(),
  tag_name: z.string(),
  target_commitish: z.string(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  created_at: timestamp,
  published_at: timestamp.nullable(),
  html_url: z.string().optional(),
});
export type GithubRelease = z.infer<typeof githubReleaseSchema>;

const withRepository = <E extends string, T extends z.ZodRawShape>(
  event: E,
  shape: T,
) =>
  z.object({
    event: z.literal(event),
    action: z.string(),
    repository: githubRepositorySchema,
    ...shape,
  });

/**
 * The webhook events DORA reads (`X-GitHub-Event` → payload); others are
 * not DORA's. A payload missing a field DORA reads is refused, naming it.
 */
export const githubWebhookPayloadSchema = z.discriminatedUnion('event', [
  withRepository('deployment_status', { deployment: githubDeploymentSchema }),
  withRepository('workflow_run', { workflow_run: githubWorkflowRunSchema }),
  withRepository('release', { release: githubReleaseSchema }),
  withRepository('pull_request', { pull_request: githubPullRequestSchema }),
  withRepository('issues', { issue: githubIssueSchema }),
]);
export type GithubWebhookPayload = z.infer<typeof githubWebhookPayloadSchema>;

export const GITHUB_WEBHOOK_EVENTS = [
  'deployment_status',
  'workflow_run',
  'release',
  'pull_request',
  'issues',
] as const;

/** Parses with zod; a failure names the object and every bad field. */
export function parseGithub<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(
      `Malformed GitHub ${what}: ${describeZodIssues(result.error)}`,
    );
  }
  return result.data;
}
