import {
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { AwsSourceConfig } from '../config/readCloudResourcesConfigs';
import { normaliseAwsRecord } from './normaliseRecords';
import { CloudResource, CloudResourceSource, SourceListing } from './types';

/**
 * One region of an AWS account, through the Resource Groups Tagging API.
 * Throttling and 5xx answers are retried by the SDK's retry strategy
 * (`adaptive` by default, which also slows the client down after
 * throttling); a page that still fails fails the whole listing.
 */
export class AwsTaggingSource implements CloudResourceSource {
  readonly kind = 'aws' as const;
  readonly target: string;

  static fromConfig(config: AwsSourceConfig, region: string): AwsTaggingSource {
    const client = new ResourceGroupsTaggingAPIClient({
      region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      // Without static credentials, the SDK's default provider chain.
      ...(config.accessKeyId && config.secretAccessKey
        ? {
            credentials: {
              accessKeyId: config.accessKeyId,
              secretAccessKey: config.secretAccessKey,
              ...(config.sessionToken
                ? { sessionToken: config.sessionToken }
                : {}),
            },
          }
        : {}),
      maxAttempts: config.maxAttempts,
      retryMode: config.retryMode,
      requestHandler: {
        requestTimeout: config.requestTimeoutMs,
        connectionTimeout: Math.min(config.requestTimeoutMs, 5_000),
        throwOnRequestTimeout: true,
      },
    });
    return new AwsTaggingSource({
      client,
      region,
      accountId: config.accountId,
      pageSize: config.pageSize,
    });
  }

  constructor(
    private readonly options: {
      client: ResourceGroupsTaggingAPIClient;
      region: string;
      accountId?: string;
      pageSize: number;
    },
  ) {
    this.target = `${options.accountId ?? 'aws'}/${options.region}`;
  }

  async listResources(): Promise<SourceListing> {
    const { client, region, accountId, pageSize } = this.options;
    const resources: CloudResource[] = [];
    const problems: SourceListing['problems'] = [];
    let requests = 0;
    let page = 0;
    for await (const output of paginateGetResources({ client, pageSize }, {})) {
      page += 1;
      requests += output.$metadata.attempts ?? 1;
      if (!Array.isArray(output.ResourceTagMappingList)) {
        throw new Error(`page ${page} has no ResourceTagMappingList`);
      }
      for (const [index, record] of output.ResourceTagMappingList.entries()) {
        const normalised = normaliseAwsRecord(record, { region, accountId });
        if ('resource' in normalised) {
          resources.push(normalised.resource);
        } else {
          problems.push({
            subject: `aws:${this.target}:${
              record.ResourceARN || `page ${page} record ${index + 1}`
            }`,
            message: `skipped ${normalised.problem}`,
          });
        }
      }
    }
    return { resources, problems, requests };
  }
}
