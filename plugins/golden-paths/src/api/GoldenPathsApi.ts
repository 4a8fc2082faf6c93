import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  DryRunRequest,
  DryRunResult,
  dryRunResultSchema,
  TemplateList,
  templateListSchema,
} from '@internal/plugin-golden-paths-common';
import { z } from 'zod';

/** A template by its namespace and name (its kind is always Template). */
export type TemplateName = { namespace: string; name: string };

export interface GoldenPathsApi {
  /** Every template with its version and the services generated from it. */
  listTemplates(): Promise<TemplateList>;
  /**
   * Renders a stored template with the given values through the
   * scaffolder's dry run: the files it would write, the step log and its
   * output. Nothing is created.
   */
  dryRun(template: TemplateName, request: DryRunRequest): Promise<DryRunResult>;
}

export const goldenPathsApiRef = createApiRef<GoldenPathsApi>({
  id: 'plugin.golden-paths.api',
});

/**
 * Reads the golden paths API (`@internal/plugin-golden-paths-backend`) at
 * `/api/golden-paths`. Responses are checked against the shared zod
 * schemas, so a backend that drifts from the contract fails loudly here
 * rather than as a blank page.
 */
export class GoldenPathsClient implements GoldenPathsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async listTemplates(): Promise<TemplateList> {
    const response = await this.fetch('/templates');
    return parseBody('/templates', templateListSchema, await response.json());
  }

  async dryRun(
    template: TemplateName,
    request: DryRunRequest,
  ): Promise<DryRunResult> {
    const path = `/templates/${encodeURIComponent(
      template.namespace,
    )}/${encodeURIComponent(template.name)}/dry-run`;
    const response = await this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ values: request.values }),
    });
    return parseBody(path, dryRunResultSchema, await response.json());
  }

  /** Calls a path of the API with the user's token; a ResponseError unless 2xx. */
  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('golden-paths');
    const url = `${baseUrl}${path}`;
    const response = init
      ? await this.deps.fetchApi.fetch(url, init)
      : await this.deps.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** The body, checked against the contract; an error naming the fields that are off. */
function parseBody<T>(path: string, schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map(issue => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new Error(
    `The golden paths backend answered ${path} with an unexpected response: ${issues}`,
  );
}
