import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { TokenCredential } from '@azure/core-auth';
import {
  ClientSecretCredential,
  DefaultAzureCredential,
} from '@azure/identity';
import { AzureSourceConfig } from '../config/readCloudResourcesConfigs';
import { normaliseAzureRow } from './normaliseRecords';
import { StaticTokenCredential } from './StaticTokenCredential';
import { CloudResource, CloudResourceSource, SourceListing } from './types';

/** Resource Graph pages reliably only over an ordered query. */
export const RESOURCES_QUERY =
  'Resources | project id, name, type, location, resourceGroup, subscriptionId, tags | order by id asc';

function credentialFor(config: AzureSourceConfig): TokenCredential {
  if (config.accessToken) return new StaticTokenCredential(config.accessToken);
  if (config.tenantId && config.clientId && config.clientSecret) {
    return new ClientSecretCredential(
      config.tenantId,
      config.clientId,
      config.clientSecret,
    );
  }
  return new DefaultAzureCredential();
}

/**
 * One Azure subscription, through Azure Resource Graph. 429s (with
 * Retry-After) and 5xx answers are retried by the Azure pipeline; a page
 * that still fails, or a result truncated without a skip token, fails the
 * whole listing.
 */
export class AzureResourceGraphSource implements CloudResourceSource {
  readonly kind = 'azure' as const;
  readonly target: string;
  private requestCount = 0;

  static fromConfig(
    config: AzureSourceConfig,
    subscriptionId: string,
  ): AzureResourceGraphSource {
    let source: AzureResourceGraphSource | undefined = undefined;
    const client = new ResourceGraphClient(credentialFor(config), {
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.caCertificate
        ? { tlsOptions: { ca: config.caCertificate } }
        : {}),
      retryOptions: { maxRetries: config.maxRetries },
      additionalPolicies: [
        {
          // Counts every attempt, retries included, for the run report.
          policy: {
            name: 'pavedRequestCounter',
            sendRequest: (request, next) => {
              source?.countRequest();
              return next(request);
            },
          },
          position: 'perRetry',
        },
      ],
    });
    source = new AzureResourceGraphSource({
      client,
      subscriptionId,
      pageSize: config.pageSize,
      requestTimeoutMs: config.requestTimeoutMs,
    });
    return source;
  }

  constructor(
    private readonly options: {
      client: ResourceGraphClient;
      subscriptionId: string;
      pageSize: number;
      requestTimeoutMs: number;
    },
  ) {
    this.target = options.subscriptionId;
  }

  private countRequest() {
    this.requestCount += 1;
  }

  async listResources(): Promise<SourceListing> {
    const { client, subscriptionId, pageSize, requestTimeoutMs } = this.options;
    const resources: CloudResource[] = [];
    const problems: SourceListing['problems'] = [];
    const requestsBefore = this.requestCount;
    const seenTokens = new Set<string>();
    let skipToken: string | undefined = undefined;
    let page = 0;
    do {
      page += 1;
      const response = await client.resources(
        {
          subscriptions: [subscriptionId],
          query: RESOURCES_QUERY,
          options: { top: pageSize, ...(skipToken ? { skipToken } : {}) },
        },
        { requestOptions: { timeout: requestTimeoutMs } },
      );
      if (!Array.isArray(response.data)) {
        throw new Error(`page ${page} has no data array`);
      }
      const nextToken: string | undefined = response.skipToken || undefined;
      if (String(response.resultTruncated) === 'true' && !nextToken) {
        throw new Error(
          `page ${page} is truncated and has no $skipToken to continue from`,
        );
      }
      if (nextToken && seenTokens.has(nextToken)) {
        throw new Error(`page ${page} repeats an earlier $skipToken`);
      }
      if (nextToken) seenTokens.add(nextToken);
      for (const [index, row] of (response.data as unknown[]).entries()) {
        const normalised = normaliseAzureRow(row);
        if ('resource' in normalised) {
          resources.push(normalised.resource);
        } else {
          const id = (row as { id?: unknown } | null)?.id;
          problems.push({
            subject: `azure:${subscriptionId}:${
              typeof id === 'string' && id
                ? id
                : `page ${page} row ${index + 1}`
            }`,
            message: `skipped ${normalised.problem}`,
          });
        }
      }
      skipToken = nextToken;
    } while (skipToken);
    return {
      resources,
      problems,
      requests: this.requestCount - requestsBefore,
    };
  }
}
