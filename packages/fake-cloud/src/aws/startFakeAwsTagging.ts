import { startAwsJsonService } from './awsJsonService';
import {
  getResources,
  GetResourcesRequest,
  MAX_RESOURCES_PER_PAGE,
} from './getResources';
import {
  FakeAwsRequest,
  FakeAwsResource,
  FakeAwsTaggingOptions,
  FakeAwsTaggingServer,
} from './types';

/**
 * Starts a fake AWS Resource Groups Tagging API on 127.0.0.1, speaking the
 * AWS JSON 1.1 protocol as the SDK sends it (POST /, X-Amz-Target, SigV4).
 * One server serves every region: the region of each request is read from
 * its SigV4 credential scope, as AWS routes by endpoint.
 */
export async function startFakeAwsTagging(
  resources: FakeAwsResource[],
  options: FakeAwsTaggingOptions = {},
): Promise<FakeAwsTaggingServer> {
  let current = structuredClone(resources);
  const requests: FakeAwsRequest[] = [];
  const maxResourcesPerPage = Math.min(
    options.maxResourcesPerPage ?? MAX_RESOURCES_PER_PAGE,
    MAX_RESOURCES_PER_PAGE,
  );
  const service = await startAwsJsonService({
    targetPrefix: 'ResourceGroupsTaggingAPI_20170126.',
    signingName: 'tagging',
    serviceNamespace: 'com.amazonaws.resourcegroupstaggingapi',
    operation: 'GetResources',
    serve: (input, region) =>
      getResources(current, input as GetResourcesRequest, {
        region,
        maxResourcesPerPage,
        now: Date.now(),
      }),
    pageTokenOf: input =>
      typeof input.PaginationToken === 'string' && input.PaginationToken
        ? input.PaginationToken
        : undefined,
    defaultFaultCodes: {
      400: 'ThrottledException',
      500: 'InternalServiceException',
      503: 'ServiceUnavailableException',
    },
    throttlingCodes: ['ThrottledException', 'ThrottlingException'],
    internalErrorCode: 'InternalServiceException',
    credentials: options.credentials,
    port: options.port,
    onRequest: ({ pageToken, input: _input, ...request }) =>
      requests.push({
        ...request,
        ...(pageToken ? { paginationToken: pageToken } : {}),
      }),
  });

  return {
    endpoint: service.url,
    requests,
    setResources(next) {
      current = structuredClone(next);
    },
    failNext: service.failNext,
    close: service.close,
  };
}
