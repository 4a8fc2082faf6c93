import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  AlertResolution,
  alertResolutionSchema,
  CoverageResponse,
  coverageResponseSchema,
  EntityRunbooksResponse,
  entityRunbooksResponseSchema,
  IndexRun,
  indexRunSchema,
  OncallResponse,
  oncallResponseSchema,
  ProblemsResponse,
  problemsResponseSchema,
  RunbookDetail,
  runbookDetailSchema,
  RunbookFacets,
  runbookFacetsSchema,
  RunbookSearchResponse,
  runbookSearchResponseSchema,
} from '@internal/plugin-runbooks-common';
import { z } from 'zod';

/** What the search box and its filters ask for. */
export type RunbookSearchRequest = {
  /** Words, or an alert name. */
  q: string;
  /** An owner entity ref, e.g. `group:default/checkout-squad`. */
  owner?: string;
  /** A system entity ref, e.g. `system:default/checkout`. */
  system?: string;
  severity?: string;
  limit?: number;
  offset?: number;
};

/** The hints an alert's `runbook_url` may carry to pick one of several services. */
export type AlertHints = { service?: string; namespace?: string };

export type CoverageRequest = { staleDays?: number; owner?: string };

/** An entity as a ref string (`component:default/x`) or its parts. */
export type EntityRefLike = string | CompoundEntityRef;

export interface RunbooksApi {
  search(request: RunbookSearchRequest): Promise<RunbookSearchResponse>;
  getRunbook(id: string): Promise<RunbookDetail>;
  resolveAlert(alertName: string, hints?: AlertHints): Promise<AlertResolution>;
  getEntityRunbooks(entity: EntityRefLike): Promise<EntityRunbooksResponse>;
  /** Everything the on-call page shows, in one request. */
  getOncall(entity: EntityRefLike): Promise<OncallResponse>;
  getCoverage(request?: CoverageRequest): Promise<CoverageResponse>;
  /** The owners, systems and severities runbooks have: the search filters' choices. */
  getFacets(): Promise<RunbookFacets>;
  /** Every problem, or one entity's. */
  getProblems(request?: { entityRef?: string }): Promise<ProblemsResponse>;
  /** Re-reads one Component's runbooks now (or every source without `entityRef`). */
  refresh(request?: { entityRef?: string }): Promise<{ run: IndexRun }>;
}

export const runbooksApiRef = createApiRef<RunbooksApi>({
  id: 'plugin.runbooks.api',
});

const refreshResponseSchema = z.object({ run: indexRunSchema });

/** `?a=1&b=x` from the values that are set and not blank. */
function queryOf(
  values: Record<string, string | number | undefined>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const text = String(value).trim();
    if (text) params.set(key, text);
  }
  return params;
}

/** `kind/namespace/name`, each part encoded, as the entity routes take it. */
function entityPath(entity: EntityRefLike): string {
  const ref =
    typeof entity === 'string'
      ? parseEntityRef(entity, { defaultKind: 'component' })
      : parseEntityRef(stringifyEntityRef(entity));
  return [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');
}

/**
 * Reads the runbooks API (`@internal/plugin-runbooks-backend`) at
 * `/api/runbooks`. Responses are checked against the shared zod schemas, so
 * a backend that drifts from the contract fails loudly here rather than as
 * a blank page.
 */
export class RunbooksClient implements RunbooksApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  search(request: RunbookSearchRequest): Promise<RunbookSearchResponse> {
    return this.get(
      '/search',
      runbookSearchResponseSchema,
      queryOf({
        q: request.q,
        owner: request.owner,
        system: request.system,
        severity: request.severity,
        limit: request.limit,
        offset: request.offset,
      }),
    );
  }

  getRunbook(id: string): Promise<RunbookDetail> {
    return this.get(`/runbooks/${encodeURIComponent(id)}`, runbookDetailSchema);
  }

  resolveAlert(
    alertName: string,
    hints: AlertHints = {},
  ): Promise<AlertResolution> {
    return this.get(
      `/alerts/${encodeURIComponent(alertName)}`,
      alertResolutionSchema,
      queryOf({ service: hints.service, namespace: hints.namespace }),
    );
  }

  getEntityRunbooks(entity: EntityRefLike): Promise<EntityRunbooksResponse> {
    return this.get(
      `/entity/${entityPath(entity)}`,
      entityRunbooksResponseSchema,
    );
  }

  getOncall(entity: EntityRefLike): Promise<OncallResponse> {
    return this.get(`/oncall/${entityPath(entity)}`, oncallResponseSchema);
  }

  getCoverage(request: CoverageRequest = {}): Promise<CoverageResponse> {
    return this.get(
      '/coverage',
      coverageResponseSchema,
      queryOf({ staleDays: request.staleDays, owner: request.owner }),
    );
  }

  getFacets(): Promise<RunbookFacets> {
    return this.get('/facets', runbookFacetsSchema);
  }

  getProblems(request: { entityRef?: string } = {}): Promise<ProblemsResponse> {
    return this.get(
      '/problems',
      problemsResponseSchema,
      queryOf({ entityRef: request.entityRef }),
    );
  }

  async refresh(
    request: { entityRef?: string } = {},
  ): Promise<{ run: IndexRun }> {
    const response = await this.fetch('/refresh', undefined, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        request.entityRef ? { entityRef: request.entityRef } : {},
      ),
    });
    return parseBody('/refresh', refreshResponseSchema, await response.json());
  }

  private async get<T>(
    path: string,
    schema: z.ZodType<T>,
    query?: URLSearchParams,
  ): Promise<T> {
    const response = await this.fetch(path, query);
    return parseBody(path, schema, await response.json());
  }

  /** Calls a path of the API with the user's token; a ResponseError unless 2xx. */
  private async fetch(
    path: string,
    query?: URLSearchParams,
    init?: RequestInit,
  ): Promise<Response> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('runbooks');
    const search = query?.toString();
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`;
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
    `The runbooks backend answered ${path} with an unexpected response: ${issues}`,
  );
}
