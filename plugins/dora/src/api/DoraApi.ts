import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DownloadedFile } from '@internal/plugin-paved-react';
import {
  ChangesResponse,
  DeploymentsResponse,
  DoraMetrics,
  DoraSeriesResponse,
  GithubSyncStatus,
  IncidentsResponse,
  SquadsResponse,
} from '@internal/plugin-dora-common';

/** The windows people pick from: a week, a month, a quarter, a year. */
export const WINDOW_DAYS = [7, 30, 90, 365] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];
export const DEFAULT_WINDOW_DAYS: WindowDays = 30;

/** What the DORA tab and the squads page are filtered by. */
export type DoraFilter = {
  /** `component:…` or `group:…`; unset for `/squads`. */
  entityRef?: string;
  /** One environment name, e.g. `production-eu`; blank or unset: every production environment. */
  environment?: string;
  /** The window, ending at `to`; default 30 days. */
  windowDays?: WindowDays;
  /** The end of the window; default now. */
  to?: Date;
  /** IANA zone that makes a "day" for deploy days; default the browser's. */
  timeZone?: string;
};

export type SeriesGranularity = 'week' | 'month';

/** The lists of the drill-down, each also served as a CSV file. */
export type DoraRecordKind = 'deployments' | 'changes' | 'incidents';

/** A downloaded file, named as the backend named it. */
export type DoraCsvFile = DownloadedFile;

export interface DoraApi {
  metrics(filter: DoraFilter): Promise<DoraMetrics>;
  series(
    filter: DoraFilter,
    granularity?: SeriesGranularity,
  ): Promise<DoraSeriesResponse>;
  deployments(filter: DoraFilter): Promise<DeploymentsResponse>;
  changes(filter: DoraFilter): Promise<ChangesResponse>;
  incidents(filter: DoraFilter): Promise<IncidentsResponse>;
  /** Every Group owning Components, with its metrics; `entityRef` is ignored. */
  squads(filter: DoraFilter): Promise<SquadsResponse>;
  /** One drill-down list as a CSV file, with the same filter. */
  downloadCsv(kind: DoraRecordKind, filter: DoraFilter): Promise<DoraCsvFile>;
  githubSync(): Promise<GithubSyncStatus>;
}

export const doraApiRef = createApiRef<DoraApi>({
  id: 'plugin.dora.api',
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** The browser's IANA time zone, or UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * The query string of a DORA request: `entityRef`, `environment` (when not
 * blank), `from`/`to` (ISO, `windowDays` back from `to`) and `timeZone`.
 */
export function doraQuery(
  filter: DoraFilter,
  extra: Record<string, string> = {},
): URLSearchParams {
  const to = filter.to ?? new Date();
  const from = new Date(
    to.getTime() - (filter.windowDays ?? DEFAULT_WINDOW_DAYS) * DAY_MS,
  );
  const params = new URLSearchParams();
  if (filter.entityRef) params.set('entityRef', filter.entityRef);
  const environment = filter.environment?.trim();
  if (environment) params.set('environment', environment);
  params.set('from', from.toISOString());
  params.set('to', to.toISOString());
  params.set('timeZone', filter.timeZone ?? browserTimeZone());
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

/**
 * The file name a `Content-Disposition` header gives: `filename*` (RFC 5987,
 * percent-encoded) first, else `filename`, quoted or not.
 */
export function fileNameFromContentDisposition(
  header: string | null | undefined,
): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*[^']*'[^']*'([^;\s]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed encoding: fall back to the plain parameter.
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
  return /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1];
}

/** Reads the DORA API (`@internal/plugin-dora-backend`) at `/api/dora`. */
export class DoraClient implements DoraApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  metrics(filter: DoraFilter): Promise<DoraMetrics> {
    return this.get('/metrics', doraQuery(filter));
  }

  series(
    filter: DoraFilter,
    granularity: SeriesGranularity = 'week',
  ): Promise<DoraSeriesResponse> {
    return this.get('/series', doraQuery(filter, { granularity }));
  }

  deployments(filter: DoraFilter): Promise<DeploymentsResponse> {
    return this.get('/deployments', doraQuery(filter));
  }

  changes(filter: DoraFilter): Promise<ChangesResponse> {
    return this.get('/changes', doraQuery(filter));
  }

  incidents(filter: DoraFilter): Promise<IncidentsResponse> {
    return this.get('/incidents', doraQuery(filter));
  }

  squads(filter: DoraFilter): Promise<SquadsResponse> {
    return this.get('/squads', doraQuery({ ...filter, entityRef: undefined }));
  }

  async downloadCsv(
    kind: DoraRecordKind,
    filter: DoraFilter,
  ): Promise<DoraCsvFile> {
    const response = await this.fetch(`/${kind}.csv`, doraQuery(filter));
    return {
      fileName:
        fileNameFromContentDisposition(
          response.headers.get('content-disposition'),
        ) ?? `dora-${kind}.csv`,
      blob: await response.blob(),
    };
  }

  githubSync(): Promise<GithubSyncStatus> {
    return this.get('/github/sync');
  }

  private async get(path: string, query?: URLSearchParams) {
    return (await this.fetch(path, query)).json();
  }

  /** GETs a path of the API with the user's token; a ResponseError unless 2xx. */
  private async fetch(path: string, query?: URLSearchParams) {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('dora');
    const response = await this.deps.fetchApi.fetch(
      `${baseUrl}${path}${query ? `?${query}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
