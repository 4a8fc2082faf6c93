import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DownloadedFile } from '@internal/plugin-paved-react';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  ApiKeySummary,
  ApprovedChangeResponse,
  AuditEntry,
  ChangeRequest,
  ChangeRequestStatus,
  CreateApiKeyRequest,
  CreatedApiKey,
  CreateFlagRequest,
  EnvironmentDefinition,
  EvaluationSeries,
  FeatureFlag,
  FeatureFlagsSettings,
  OrgFlagsResponse,
  StaleFlagsResponse,
  UpdateDefinitionRequest,
} from '@internal/plugin-feature-flags-common';

/** A Component's flags, with the environments in rollout order. */
export type EntityFlagsResponse = {
  environments: string[];
  flags: FeatureFlag[];
};

/**
 * What a save did: `applied` (200) with the new definition, or `pending`
 * (202) when a production change by someone who is not an owner waits for
 * an owner's approval.
 */
export type SaveDefinitionResult =
  | { status: 'applied'; definition: EnvironmentDefinition }
  | { status: 'pending'; changeRequest: ChangeRequest };

/** A file fetched with the user's token, to hand to the browser as a download. */
export type { DownloadedFile };

export interface FeatureFlagsApi {
  /** Where services point their OFREP provider: the plugin's base URL. */
  getBaseUrl(): Promise<string>;
  getSettings(): Promise<FeatureFlagsSettings>;

  getFlags(entityRef: string): Promise<EntityFlagsResponse>;
  createFlag(
    entityRef: string,
    request: CreateFlagRequest,
  ): Promise<FeatureFlag>;
  saveDefinition(
    entityRef: string,
    flagKey: string,
    environment: string,
    request: UpdateDefinitionRequest,
  ): Promise<SaveDefinitionResult>;

  getAudit(entityRef: string, flagKey: string): Promise<AuditEntry[]>;
  downloadAuditCsv(entityRef: string, flagKey: string): Promise<DownloadedFile>;
  getEvaluations(
    entityRef: string,
    flagKey: string,
    query: { environment: string; hours: number },
  ): Promise<EvaluationSeries>;

  /** A Component's change requests, or everyone's without `entityRef`. */
  getChangeRequests(query: {
    entityRef?: string;
    status?: ChangeRequestStatus;
  }): Promise<ChangeRequest[]>;
  approveChangeRequest(
    changeRequest: Pick<ChangeRequest, 'entityRef' | 'id'>,
    comment?: string,
  ): Promise<ApprovedChangeResponse>;
  rejectChangeRequest(
    changeRequest: Pick<ChangeRequest, 'entityRef' | 'id'>,
    comment?: string,
  ): Promise<ChangeRequest>;

  getApiKeys(entityRef: string): Promise<ApiKeySummary[]>;
  createApiKey(
    entityRef: string,
    request: CreateApiKeyRequest,
  ): Promise<CreatedApiKey>;
  revokeApiKey(entityRef: string, id: string): Promise<ApiKeySummary>;

  /** Archives a flag (owners only): services get their code default. */
  archiveFlag(
    entityRef: string,
    flagKey: string,
    reason: string,
  ): Promise<void>;

  /** Every Component's flags, with their owners. */
  getOrgFlags(): Promise<OrgFlagsResponse>;
  getStaleFlags(): Promise<StaleFlagsResponse>;
}

export const featureFlagsApiRef = createApiRef<FeatureFlagsApi>({
  id: 'plugin.feature-flags.api',
});

/** `/entities/namespace/name`, each part encoded, as the entity routes take it. */
function entityPath(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef, {
    defaultKind: 'component',
  });
  return `/entities/${encodeURIComponent(namespace)}/${encodeURIComponent(
    name,
  )}`;
}

const flagPath = (entityRef: string, flagKey: string) =>
  `${entityPath(entityRef)}/flags/${encodeURIComponent(flagKey)}`;

/** The file name a `Content-Disposition: attachment; filename="x.csv"` names. */
function fileNameFromContentDisposition(header: string | null) {
  const match = header?.match(/filename="?([^";]+)"?/i);
  return match?.[1];
}

/**
 * Reads and changes flags through the feature-flags backend
 * (`@internal/plugin-feature-flags-backend`) at `/api/feature-flags`, with
 * the user's token. Non-2xx answers throw a `ResponseError` carrying the
 * backend's message (which names the JSON path of a bad definition).
 */
export class FeatureFlagsClient implements FeatureFlagsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getBaseUrl(): Promise<string> {
    return this.deps.discoveryApi.getBaseUrl('feature-flags');
  }

  async getSettings(): Promise<FeatureFlagsSettings> {
    const body: Partial<FeatureFlagsSettings> = await this.get('/environments');
    // Older backends answer with the environments only.
    return {
      environments: body.environments ?? [],
      approvalEnvironments: body.approvalEnvironments ?? [],
      evaluators: body.evaluators ?? {},
      rollout: body.rollout ?? {},
    };
  }

  getFlags(entityRef: string): Promise<EntityFlagsResponse> {
    return this.get(`${entityPath(entityRef)}/flags`);
  }

  createFlag(
    entityRef: string,
    request: CreateFlagRequest,
  ): Promise<FeatureFlag> {
    return this.send('POST', `${entityPath(entityRef)}/flags`, request);
  }

  async saveDefinition(
    entityRef: string,
    flagKey: string,
    environment: string,
    request: UpdateDefinitionRequest,
  ): Promise<SaveDefinitionResult> {
    const response = await this.fetch(
      `${flagPath(entityRef, flagKey)}/environments/${encodeURIComponent(
        environment,
      )}`,
      { method: 'PUT', body: request },
    );
    const body = await response.json();
    return response.status === 202
      ? { status: 'pending', changeRequest: body.changeRequest }
      : { status: 'applied', definition: body };
  }

  async getAudit(entityRef: string, flagKey: string): Promise<AuditEntry[]> {
    const body = await this.get(`${flagPath(entityRef, flagKey)}/audit`);
    return body.entries;
  }

  async downloadAuditCsv(
    entityRef: string,
    flagKey: string,
  ): Promise<DownloadedFile> {
    const response = await this.fetch(
      `${flagPath(entityRef, flagKey)}/audit.csv`,
    );
    return {
      fileName:
        fileNameFromContentDisposition(
          response.headers.get('content-disposition'),
        ) ?? `${flagKey}-audit.csv`,
      blob: await response.blob(),
    };
  }

  getEvaluations(
    entityRef: string,
    flagKey: string,
    query: { environment: string; hours: number },
  ): Promise<EvaluationSeries> {
    const params = new URLSearchParams({
      environment: query.environment,
      hours: String(query.hours),
    });
    return this.get(`${flagPath(entityRef, flagKey)}/evaluations?${params}`);
  }

  async getChangeRequests(query: {
    entityRef?: string;
    status?: ChangeRequestStatus;
  }): Promise<ChangeRequest[]> {
    const base = query.entityRef ? entityPath(query.entityRef) : '';
    const params = query.status ? `?status=${query.status}` : '';
    const body = await this.get(`${base}/change-requests${params}`);
    return body.changeRequests;
  }

  approveChangeRequest(
    changeRequest: Pick<ChangeRequest, 'entityRef' | 'id'>,
    comment?: string,
  ): Promise<ApprovedChangeResponse> {
    return this.decide(changeRequest, 'approve', comment);
  }

  async rejectChangeRequest(
    changeRequest: Pick<ChangeRequest, 'entityRef' | 'id'>,
    comment?: string,
  ): Promise<ChangeRequest> {
    const body = await this.decide(changeRequest, 'reject', comment);
    return body.changeRequest;
  }

  async getApiKeys(entityRef: string): Promise<ApiKeySummary[]> {
    const body = await this.get(`${entityPath(entityRef)}/api-keys`);
    return body.apiKeys;
  }

  createApiKey(
    entityRef: string,
    request: CreateApiKeyRequest,
  ): Promise<CreatedApiKey> {
    return this.send('POST', `${entityPath(entityRef)}/api-keys`, request);
  }

  revokeApiKey(entityRef: string, id: string): Promise<ApiKeySummary> {
    return this.send(
      'DELETE',
      `${entityPath(entityRef)}/api-keys/${encodeURIComponent(id)}`,
    );
  }

  async archiveFlag(
    entityRef: string,
    flagKey: string,
    reason: string,
  ): Promise<void> {
    await this.fetch(`${flagPath(entityRef, flagKey)}/archive`, {
      method: 'POST',
      body: { reason },
    });
  }

  getOrgFlags(): Promise<OrgFlagsResponse> {
    return this.get('/flags');
  }

  getStaleFlags(): Promise<StaleFlagsResponse> {
    return this.get('/stale');
  }

  private decide(
    changeRequest: Pick<ChangeRequest, 'entityRef' | 'id'>,
    decision: 'approve' | 'reject',
    comment?: string,
  ) {
    return this.send(
      'POST',
      `${entityPath(
        changeRequest.entityRef,
      )}/change-requests/${encodeURIComponent(changeRequest.id)}/${decision}`,
      comment?.trim() ? { comment: comment.trim() } : {},
    );
  }

  private async get(path: string) {
    return (await this.fetch(path)).json();
  }

  private async send(method: string, path: string, body?: unknown) {
    return (await this.fetch(path, { method, body })).json();
  }

  /** Calls a path of the API with the user's token; a ResponseError unless 2xx. */
  private async fetch(
    path: string,
    request?: { method: string; body?: unknown },
  ): Promise<Response> {
    const url = `${await this.getBaseUrl()}${path}`;
    const response = request
      ? await this.deps.fetchApi.fetch(url, {
          method: request.method,
          ...(request.body === undefined
            ? {}
            : {
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(request.body),
              }),
        })
      : await this.deps.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
