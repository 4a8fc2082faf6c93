import { ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { parseArn } from './parseArn';
import { CloudResource } from './types';

/** A record turned into a resource, or why it could not be. */
export type Normalised = { resource: CloudResource } | { problem: string };

/** A Tagging API record as a {@link CloudResource}. */
export function normaliseAwsRecord(
  record: ResourceTagMapping,
  source: { region: string; accountId?: string },
): Normalised {
  if (typeof record.ResourceARN !== 'string' || record.ResourceARN === '') {
    return { problem: 'a record without ResourceARN' };
  }
  const arn = parseArn(record.ResourceARN);
  if (!arn)
    return { problem: `not an ARN: ${JSON.stringify(record.ResourceARN)}` };
  const tags: Record<string, string> = {};
  for (const tag of record.Tags ?? []) {
    if (typeof tag?.Key === 'string') tags[tag.Key] = String(tag.Value ?? '');
  }
  return {
    resource: {
      provider: 'aws',
      account: arn.account || source.accountId || 'unknown',
      // S3 buckets carry no region: the region the source listed them in.
      region: arn.region || source.region,
      id: record.ResourceARN,
      service: arn.service,
      resourceType: arn.resourceType.toLowerCase(),
      name: arn.resourceName,
      tags,
    },
  };
}

const AZURE_ID =
  /^\/subscriptions\/([^/]+)\/.*\/providers\/[^/]+\/[^/]+\/[^/]+/i;

/** A Resource Graph row as a {@link CloudResource}. */
export function normaliseAzureRow(row: unknown): Normalised {
  if (typeof row !== 'object' || row === null)
    return { problem: 'a row that is not an object' };
  const record = row as Record<string, unknown>;
  const id = record.id;
  if (typeof id !== 'string' || id === '')
    return { problem: 'a row without id' };
  const idMatch = AZURE_ID.exec(id);
  if (!idMatch)
    return { problem: `not an Azure resource id: ${JSON.stringify(id)}` };
  const type = typeof record.type === 'string' ? record.type.toLowerCase() : '';
  const [service, ...typePath] = type.split('/');
  if (!service || typePath.length === 0) {
    return {
      problem: `${id}: no resource type (${JSON.stringify(record.type)})`,
    };
  }
  const tags: Record<string, string> = {};
  if (record.tags && typeof record.tags === 'object') {
    for (const [key, value] of Object.entries(record.tags)) {
      if (value !== null && value !== undefined) tags[key] = String(value);
    }
  }
  return {
    resource: {
      provider: 'azure',
      account:
        typeof record.subscriptionId === 'string' && record.subscriptionId
          ? record.subscriptionId
          : idMatch[1],
      region: typeof record.location === 'string' ? record.location : '',
      id,
      service,
      resourceType: typePath.join('/'),
      name:
        typeof record.name === 'string' && record.name
          ? record.name
          : id.split('/').pop()!,
      tags,
    },
  };
}
