import { startAwsJsonService } from './awsJsonService';
import {
  DEFAULT_MAX_GROUPS_PER_PAGE,
  getCostAndUsage,
  GetCostAndUsageRequest,
  validateCostRecords,
} from './getCostAndUsage';
import {
  FakeCostExplorerOptions,
  FakeCostExplorerRequest,
  FakeCostExplorerServer,
  FakeCostRecord,
} from './types';

/**
 * Starts a fake AWS Cost Explorer (`GetCostAndUsage`) on 127.0.0.1,
 * speaking the AWS JSON 1.1 protocol as `@aws-sdk/client-cost-explorer`
 * sends it (POST /, `X-Amz-Target: AWSInsightsIndexService.*`, SigV4 for
 * `ce`), over the given cost records. Any other operation answers
 * `UnknownOperationException`.
 */
export async function startFakeCostExplorer(
  records: FakeCostRecord[],
  options: FakeCostExplorerOptions = {},
): Promise<FakeCostExplorerServer> {
  validateCostRecords(records);
  let current = structuredClone(records);
  const requests: FakeCostExplorerRequest[] = [];
  const maxGroupsPerPage =
    options.maxGroupsPerPage ?? DEFAULT_MAX_GROUPS_PER_PAGE;
  const now = () => {
    const clock = options.now;
    if (clock === undefined) return Date.now();
    return (typeof clock === 'function' ? clock() : clock).getTime();
  };
  const service = await startAwsJsonService({
    targetPrefix: 'AWSInsightsIndexService.',
    signingName: 'ce',
    serviceNamespace: 'com.amazonaws.costexplorer',
    operation: 'GetCostAndUsage',
    serve: input =>
      getCostAndUsage(current, input as GetCostAndUsageRequest, {
        now: now(),
        maxGroupsPerPage,
        firstDay: options.firstDay,
      }),
    pageTokenOf: input =>
      typeof input.NextPageToken === 'string' && input.NextPageToken
        ? input.NextPageToken
        : undefined,
    // Cost Explorer throttles with LimitExceededException (HTTP 400).
    defaultFaultCodes: {
      400: 'LimitExceededException',
      429: 'LimitExceededException',
      500: 'InternalServerException',
      503: 'ServiceUnavailableException',
    },
    throttlingCodes: ['LimitExceededException'],
    internalErrorCode: 'InternalServerException',
    // Not a member of its model: sent bare, as Cost Explorer does.
    bareErrorCodes: ['ValidationException'],
    credentials: options.credentials,
    region: options.region,
    port: options.port,
    onRequest: ({ pageToken, ...request }) =>
      requests.push({
        ...request,
        paged: pageToken !== undefined,
        ...(pageToken ? { nextPageToken: pageToken } : {}),
      }),
  });

  return {
    url: service.url,
    endpoint: service.url,
    requests,
    setRecords(next) {
      validateCostRecords(next);
      current = structuredClone(next);
    },
    failNext: service.failNext,
    close: service.close,
  };
}
