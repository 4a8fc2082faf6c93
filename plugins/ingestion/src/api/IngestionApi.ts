import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** A provider run as `GET /api/catalog/ingestion-runs` returns it. */
export type IngestionRun = {
  provider: string;
  sourceKind: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: 'complete' | 'failed';
  counts: Record<string, number>;
  problems: Array<{ subject: string; message: string }>;
  error?: string;
};

export interface IngestionApi {
  /** The latest run of every provider, newest first. */
  latestRuns(): Promise<IngestionRun[]>;
  /** The last `limit` runs of one provider, newest first; empty when it never ran. */
  runsOf(provider: string, limit?: number): Promise<IngestionRun[]>;
}

export const ingestionApiRef = createApiRef<IngestionApi>({
  id: 'plugin.ingestion.api',
});

/** Reads the catalog's ingestion-runs API (catalog-backend-module-ingestion-runs). */
export class IngestionClient implements IngestionApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async latestRuns(): Promise<IngestionRun[]> {
    const body = await this.get('/ingestion-runs');
    return body.runs;
  }

  async runsOf(provider: string, limit = 10): Promise<IngestionRun[]> {
    try {
      const body = await this.get(
        `/ingestion-runs/${encodeURIComponent(provider)}?limit=${limit}`,
      );
      return body.runs;
    } catch (error) {
      if ((error as ResponseError).response?.status === 404) return [];
      throw error;
    }
  }

  private async get(path: string) {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('catalog');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
