import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AnomalyReviewBody,
  costAnomaliesResponseSchema,
  CostAnomaliesResponse,
  CostAnomalyReview,
  costAnomalyReviewSchema,
  CostGroupBy,
  CostImport,
  CostSummaryResponse,
  CostTrendResponse,
  EntityCostResponse,
  MonthOverMonthResponse,
  NonProductionResponse,
  nonProductionResponseSchema,
  RightSizingResponse,
  rightSizingResponseSchema,
  CostSourcesResponse,
  costSourcesResponseSchema,
  UnallocatedResponse,
} from '@internal/plugin-cost-common';
import { DownloadedFile } from '@internal/plugin-paved-react';

/** A half-open range of days, `YYYY-MM-DD` (UTC). */
export type CostRange = { from: string; to: string };

export interface CostApi {
  summary(range: CostRange, groupBy: CostGroupBy): Promise<CostSummaryResponse>;
  /** The summary as the backend's CSV file. */
  summaryCsv(range: CostRange, groupBy: CostGroupBy): Promise<DownloadedFile>;
  trend(
    range: CostRange,
    interval: 'day' | 'month',
    filter?: { entityRef?: string; owner?: string },
  ): Promise<CostTrendResponse>;
  /** `month` is `YYYY-MM`. */
  monthOverMonth(
    month: string,
    groupBy: 'owner' | 'entity',
  ): Promise<MonthOverMonthResponse>;
  unallocated(range: CostRange, limit?: number): Promise<UnallocatedResponse>;
  /** The non-production share and the saving from shutting it down outside working hours, per currency. */
  nonProduction(range: CostRange): Promise<NonProductionResponse>;
  entityCost(
    entity: { namespace: string; name: string; kind: 'component' | 'group' },
    range: CostRange,
  ): Promise<EntityCostResponse>;
  /** The latest imports, newest first. */
  imports(limit?: number): Promise<{ imports: CostImport[] }>;
  /** Every source of cost data and whether its data is stale, and why. */
  sources(): Promise<CostSourcesResponse>;
  /**
   * Imports a FOCUS file — Parquet when its name ends in `.parquet`, else
   * CSV (gzipped when it ends in `.gz`) — under a source: the import,
   * succeeded or failed with its problems by line.
   */
  importFile(input: { source: string; file: File }): Promise<CostImport>;
  /** Kubernetes requests against use per container, of a Component, an owner or all. */
  rightSizing(filter?: {
    entityRef?: string;
    owner?: string;
  }): Promise<RightSizingResponse>;
  /** Cost anomalies of the last `days` days with data, not dismissed nor snoozed. */
  anomalies(
    groupBy: 'owner' | 'entity',
    days?: number,
  ): Promise<CostAnomaliesResponse>;
  /** Snoozes, accepts or dismisses an anomaly. */
  reviewAnomaly(review: AnomalyReviewBody): Promise<CostAnomalyReview>;
}

export const costApiRef = createApiRef<CostApi>({ id: 'plugin.cost.api' });

/** The file name of a `Content-Disposition` header's `filename` parameter. */
function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1];
}

/** Reads the cost API (`@internal/plugin-cost-backend`) at `/api/cost`. */
export class CostClient implements CostApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  summary(range: CostRange, groupBy: CostGroupBy) {
    return this.get<CostSummaryResponse>('/summary', { ...range, groupBy });
  }

  async summaryCsv(
    range: CostRange,
    groupBy: CostGroupBy,
  ): Promise<DownloadedFile> {
    const response = await this.fetch('/summary.csv', { ...range, groupBy });
    return {
      fileName:
        fileNameOf(response.headers.get('content-disposition')) ??
        `cost-by-${groupBy}-${range.from}-${range.to}.csv`,
      blob: await response.blob(),
    };
  }

  trend(
    range: CostRange,
    interval: 'day' | 'month',
    filter: { entityRef?: string; owner?: string } = {},
  ) {
    return this.get<CostTrendResponse>('/trend', {
      ...range,
      interval,
      ...filter,
    });
  }

  monthOverMonth(month: string, groupBy: 'owner' | 'entity') {
    return this.get<MonthOverMonthResponse>('/month-over-month', {
      month,
      groupBy,
    });
  }

  unallocated(range: CostRange, limit = 10) {
    return this.get<UnallocatedResponse>('/unallocated', {
      ...range,
      limit: String(limit),
    });
  }

  async nonProduction(range: CostRange) {
    const response = await this.fetch('/non-production', { ...range });
    return nonProductionResponseSchema.parse(await response.json());
  }

  entityCost(
    entity: { namespace: string; name: string; kind: 'component' | 'group' },
    range: CostRange,
  ) {
    const path = `/entities/${encodeURIComponent(
      entity.namespace,
    )}/${encodeURIComponent(entity.name)}/cost`;
    return this.get<EntityCostResponse>(path, { ...range, kind: entity.kind });
  }

  imports(limit = 5) {
    return this.get<{ imports: CostImport[] }>('/imports', {
      limit: String(limit),
    });
  }

  async importFile(input: { source: string; file: File }) {
    const { source, file } = input;
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('cost');
    const query = new URLSearchParams({ source, fileName: file.name });
    const response = await this.deps.fetchApi.fetch(
      `${baseUrl}/imports?${query}`,
      {
        method: 'POST',
        headers: /\.parquet$/i.test(file.name)
          ? { 'Content-Type': 'application/vnd.apache.parquet' }
          : {
              'Content-Type': 'text/csv',
              ...(/\.gz$/i.test(file.name)
                ? { 'Content-Encoding': 'gzip' }
                : {}),
            },
        body: file,
      },
    );
    // 422: the file was read and refused; its problems are the answer.
    if (!response.ok && response.status !== 422) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as CostImport;
  }

  async sources() {
    const response = await this.fetch('/sources', {});
    return costSourcesResponseSchema.parse(await response.json());
  }

  async rightSizing(filter: { entityRef?: string; owner?: string } = {}) {
    const response = await this.fetch('/right-sizing', { ...filter });
    return rightSizingResponseSchema.parse(await response.json());
  }

  async anomalies(groupBy: 'owner' | 'entity', days = 60) {
    const response = await this.fetch('/anomalies', {
      groupBy,
      days: String(days),
    });
    return costAnomaliesResponseSchema.parse(await response.json());
  }

  async reviewAnomaly(review: AnomalyReviewBody) {
    const response = await this.fetch(
      '/anomalies/review',
      {},
      {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(review),
      },
    );
    return costAnomalyReviewSchema.parse(await response.json());
  }

  private async get<T>(
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<T> {
    return (await this.fetch(path, query)).json();
  }

  /** Fetches (GETs, unless told) a path of the API with the user's token; a ResponseError unless 2xx. */
  private async fetch(
    path: string,
    query: Record<string, string | undefined>,
    init?: RequestInit,
  ): Promise<Response> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, value);
    }
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('cost');
    const search = params.toString();
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`;
    const response = init
      ? await this.deps.fetchApi.fetch(url, init)
      : await this.deps.fetchApi.fetch(url);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}
