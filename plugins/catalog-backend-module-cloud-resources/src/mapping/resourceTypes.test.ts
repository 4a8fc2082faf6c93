import { CloudResource } from '../sources/types';
import { FALLBACK_TYPE, resourceTypeOf } from './resourceTypes';

const resource = (
  provider: CloudResource['provider'],
  service: string,
  resourceType: string,
): CloudResource => ({
  provider,
  service,
  resourceType,
  account: 'a',
  region: 'r',
  id: 'id',
  name: 'n',
  tags: {},
});

describe('resourceTypeOf', () => {
  it.each([
    ['aws', 'rds', 'db', 'database'],
    ['aws', 'rds', 'cluster', 'database'],
    ['aws', 'sqs', '', 'queue'],
    ['aws', 's3', '', 'storage-bucket'],
    ['aws', 'lambda', 'function', 'function'],
    ['aws', 'dynamodb', 'table', 'table'],
    ['aws', 'elasticache', 'replicationgroup', 'cache'],
    ['aws', 'es', 'domain', 'search-index'],
    ['azure', 'microsoft.documentdb', 'databaseaccounts', 'database'],
    ['azure', 'microsoft.storage', 'storageaccounts', 'storage-account'],
    ['azure', 'microsoft.servicebus', 'namespaces', 'queue'],
    ['azure', 'microsoft.cache', 'redis', 'cache'],
  ] as const)('%s %s %s is a %s', (provider, service, type, expected) => {
    expect(resourceTypeOf(resource(provider, service, type)).type).toBe(
      expected,
    );
  });

  it('lists what it does not know as a generic cloud resource', () => {
    expect(resourceTypeOf(resource('aws', 'glue', 'job'))).toEqual({
      type: FALLBACK_TYPE,
      label: 'AWS glue job',
    });
  });
});
