import { CloudResource } from '../sources/types';

/** How one kind of cloud resource shows in the catalog. */
export type ResourceTypeInfo = {
  /** The Resource's `spec.type`. */
  type: string;
  /** For people, in titles and descriptions: `Amazon RDS database`. */
  label: string;
};

/**
 * `spec.type` by `provider:service[:resourceType]`, the most specific key
 * first. The types are those catalog-info/resources.yaml already uses
 * (`database`, `cache`, `queue`, `storage-bucket`, `search-index`), plus a
 * few more. Kept in step with docs/catalog-cloud-resources.md.
 */
export const RESOURCE_TYPES: Record<string, ResourceTypeInfo> = {
  'aws:rds:db': { type: 'database', label: 'Amazon RDS database' },
  'aws:rds:cluster': { type: 'database', label: 'Amazon Aurora cluster' },
  'aws:dynamodb:table': { type: 'table', label: 'Amazon DynamoDB table' },
  'aws:elasticache': { type: 'cache', label: 'Amazon ElastiCache cluster' },
  'aws:sqs': { type: 'queue', label: 'Amazon SQS queue' },
  'aws:sns': { type: 'topic', label: 'Amazon SNS topic' },
  'aws:kafka': { type: 'queue', label: 'Amazon MSK cluster' },
  'aws:kinesis:stream': { type: 'stream', label: 'Amazon Kinesis stream' },
  'aws:s3': { type: 'storage-bucket', label: 'Amazon S3 bucket' },
  'aws:lambda:function': { type: 'function', label: 'AWS Lambda function' },
  'aws:es:domain': { type: 'search-index', label: 'Amazon OpenSearch domain' },
  'aws:secretsmanager:secret': {
    type: 'secret',
    label: 'AWS Secrets Manager secret',
  },
  'aws:ec2:instance': { type: 'compute', label: 'Amazon EC2 instance' },
  'azure:microsoft.documentdb:databaseaccounts': {
    type: 'database',
    label: 'Azure Cosmos DB account',
  },
  'azure:microsoft.sql:servers': {
    type: 'database',
    label: 'Azure SQL server',
  },
  'azure:microsoft.sql:servers/databases': {
    type: 'database',
    label: 'Azure SQL database',
  },
  'azure:microsoft.dbforpostgresql': {
    type: 'database',
    label: 'Azure Database for PostgreSQL',
  },
  'azure:microsoft.cache:redis': {
    type: 'cache',
    label: 'Azure Cache for Redis',
  },
  'azure:microsoft.servicebus:namespaces': {
    type: 'queue',
    label: 'Azure Service Bus namespace',
  },
  'azure:microsoft.eventhub:namespaces': {
    type: 'stream',
    label: 'Azure Event Hubs namespace',
  },
  'azure:microsoft.storage:storageaccounts': {
    type: 'storage-account',
    label: 'Azure storage account',
  },
  'azure:microsoft.web:sites': {
    type: 'function',
    label: 'Azure App Service / Functions app',
  },
  'azure:microsoft.keyvault:vaults': {
    type: 'secret',
    label: 'Azure Key Vault',
  },
  'azure:microsoft.search:searchservices': {
    type: 'search-index',
    label: 'Azure AI Search service',
  },
};

/** The type of anything not in {@link RESOURCE_TYPES}: listed, not dropped. */
export const FALLBACK_TYPE = 'cloud-resource';

export function resourceTypeOf(resource: CloudResource): ResourceTypeInfo {
  const { provider, service, resourceType } = resource;
  const known =
    RESOURCE_TYPES[`${provider}:${service}:${resourceType}`] ??
    RESOURCE_TYPES[`${provider}:${service}`];
  if (known) return known;
  const what = [service, resourceType].filter(Boolean).join(' ');
  return {
    type: FALLBACK_TYPE,
    label: `${provider === 'aws' ? 'AWS' : 'Azure'} ${what}`,
  };
}
