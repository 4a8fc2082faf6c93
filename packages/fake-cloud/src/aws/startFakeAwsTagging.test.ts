import {
  GetResourcesCommand,
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
  ResourceGroupsTaggingAPIClientConfig,
  ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { lumenRetailAwsResources } from './lumenRetailCloud';
import { startFakeAwsTagging } from './startFakeAwsTagging';
import { FakeAwsTaggingServer } from './types';

const credentials = {
  accessKeyId: 'AKIAFAKE000000000001',
  secretAccessKey: 'fake-secret',
};

describe('startFakeAwsTagging', () => {
  let server: FakeAwsTaggingServer;

  const client = (config: Partial<ResourceGroupsTaggingAPIClientConfig> = {}) =>
    new ResourceGroupsTaggingAPIClient({
      region: 'eu-west-1',
      endpoint: server.endpoint,
      credentials,
      ...config,
    });

  const listAll = async (
    taggingClient: ResourceGroupsTaggingAPIClient,
    pageSize: number,
  ): Promise<ResourceTagMapping[]> => {
    const all: ResourceTagMapping[] = [];
    for await (const page of paginateGetResources(
      { client: taggingClient, pageSize },
      {},
    )) {
      all.push(...(page.ResourceTagMappingList ?? []));
    }
    return all;
  };

  beforeEach(async () => {
    server = await startFakeAwsTagging(lumenRetailAwsResources(), {
      credentials,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('pages through one region with the SDK paginator, each resource exactly once', async () => {
    const listed = await listAll(client(), 5);
    const expected = lumenRetailAwsResources().filter(
      r => !r.neverTagged && (r.region ?? r.arn.split(':')[3]) === 'eu-west-1',
    );
    expect(listed.map(r => r.ResourceARN).sort()).toEqual(
      expected.map(r => r.arn).sort(),
    );
    expect(new Set(listed.map(r => r.ResourceARN)).size).toBe(listed.length);
    expect(server.requests).toHaveLength(Math.ceil(expected.length / 5));
    expect(server.requests.slice(1).every(r => r.paginationToken)).toBe(true);
    expect(
      listed.find(r => r.ResourceARN?.endsWith(':db:orders-prod'))?.Tags,
    ).toEqual([
      { Key: 'service', Value: 'order-service' },
      { Key: 'team', Value: 'fulfilment-squad' },
      { Key: 'env', Value: 'production' },
    ]);
    // Tags removed: listed with no tags. Never tagged: not listed at all.
    expect(
      listed.find(r => r.ResourceARN?.endsWith('tmp-exports'))?.Tags,
    ).toEqual([]);
    expect(listed.some(r => r.ResourceARN?.endsWith('ops-scratch'))).toBe(
      false,
    );
  });

  it('serves the region the request is signed for', async () => {
    const listed = await listAll(client({ region: 'us-east-1' }), 100);
    expect(listed.map(r => r.ResourceARN).sort()).toEqual([
      'arn:aws:dynamodb:us-east-1:210987654321:table/sessions-replica',
      'arn:aws:ec2:us-east-1:210987654321:instance/i-0a1b2c3d4e5f67890',
      'arn:aws:lambda:us-east-1:210987654321:function:image-resizer',
      'arn:aws:s3:::lumen-retail-storefront-assets-us',
    ]);
    expect(server.requests[0].region).toBe('us-east-1');
  });

  it('honours TagFilters and ResourceTypeFilters', async () => {
    const out = await client().send(
      new GetResourcesCommand({
        TagFilters: [
          { Key: 'team', Values: ['checkout-squad', 'identity-squad'] },
          { Key: 'env' },
        ],
        ResourceTypeFilters: ['rds', 'dynamodb:table'],
      }),
    );
    expect(out.ResourceTagMappingList?.map(r => r.ResourceARN).sort()).toEqual([
      'arn:aws:dynamodb:eu-west-1:210987654321:table/carts',
      'arn:aws:dynamodb:eu-west-1:210987654321:table/sessions',
      'arn:aws:rds:eu-west-1:210987654321:db:identity-prod',
      'arn:aws:rds:eu-west-1:210987654321:db:payments-prod',
    ]);
    expect(out.PaginationToken).toBe('');
  });

  it('rejects ResourcesPerPage over 100 and a token from another query', async () => {
    await expect(
      client().send(new GetResourcesCommand({ ResourcesPerPage: 101 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const first = await client().send(
      new GetResourcesCommand({ ResourcesPerPage: 2 }),
    );
    await expect(
      client().send(
        new GetResourcesCommand({
          ResourcesPerPage: 2,
          PaginationToken: first.PaginationToken,
          TagFilters: [{ Key: 'team' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('throttles with ThrottledException, which the SDK waits out and retries', async () => {
    server.failNext({
      status: 400,
      continuation: true,
      headers: { 'retry-after': '1' },
    });
    const listed = await listAll(client(), 10);
    expect(listed.length).toBeGreaterThan(20);
    const throttled = server.requests.findIndex(
      r => r.errorType === 'ThrottledException',
    );
    expect(throttled).toBe(1);
    const retry = server.requests[throttled + 1];
    expect(retry).toMatchObject({
      status: 200,
      paginationToken: server.requests[throttled].paginationToken,
    });
    expect(retry.at - server.requests[throttled].at).toBeGreaterThanOrEqual(
      900,
    );
  });

  it('fails with InternalServiceException once the SDK runs out of attempts', async () => {
    server.failNext({ status: 500, times: 2 });
    await expect(
      client({ maxAttempts: 2 }).send(new GetResourcesCommand({})),
    ).rejects.toMatchObject({
      name: 'InternalServiceException',
      $metadata: { httpStatusCode: 500, attempts: 2 },
    });
  });

  it('can answer late (a timeout) or with a malformed document', async () => {
    server.failNext({ delayMs: 1000 });
    await expect(
      client({
        maxAttempts: 1,
        requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
      }).send(new GetResourcesCommand({})),
    ).rejects.toMatchObject({ name: 'TimeoutError' });

    server.failNext({
      status: 200,
      body: '{"ResourceTagMappingList": [{"ResourceARN": ',
    });
    await expect(
      client({ maxAttempts: 1 }).send(new GetResourcesCommand({})),
    ).rejects.toThrow();
  });

  it('rejects requests that are not signed, or signed with the wrong key or secret', async () => {
    const unsigned = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get('x-amzn-errortype')).toMatch(
      /^MissingAuthenticationTokenException:/,
    );
    expect(await unsigned.json()).toEqual({
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });

    await expect(
      client({
        credentials: {
          accessKeyId: 'AKIAOTHER',
          secretAccessKey: 'fake-secret',
        },
      }).send(new GetResourcesCommand({})),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client({
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: 'wrong',
        },
      }).send(new GetResourcesCommand({})),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });
});
