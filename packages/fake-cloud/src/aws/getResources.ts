import { createHash } from 'node:crypto';
import { FakeAwsResource } from './types';

/** Largest `ResourcesPerPage` the API accepts. */
export const MAX_RESOURCES_PER_PAGE = 100;
/** AWS expires pagination tokens after 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** An error the operation answers with: its code, HTTP status and message. */
export class AwsServiceError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

type TagFilter = { Key?: string; Values?: string[] };

/** What the fake reads of a `GetResourcesInput`. */
export type GetResourcesRequest = {
  PaginationToken?: string;
  TagFilters?: TagFilter[];
  ResourcesPerPage?: number;
  ResourceTypeFilters?: string[];
  ResourceARNList?: string[];
};

export type GetResourcesResponse = {
  PaginationToken: string;
  ResourceTagMappingList: Array<{
    ResourceARN: string;
    Tags: Array<{ Key: string; Value: string }>;
  }>;
};

type TokenState = {
  offset: number;
  region: string;
  query: string;
  issuedAt: number;
};

function regionOf(resource: FakeAwsResource): string | undefined {
  return resource.region ?? (resource.arn.split(':')[3] || undefined);
}

/** `service` and `service:type` of an ARN, as `ResourceTypeFilters` name them. */
function typeOf(arn: string): { service: string; type: string } {
  const [, , service = '', , , ...rest] = arn.split(':');
  const resource = rest.join(':').replace(/^\//, '');
  const type = /^([^/:]+)[/:]/.exec(resource)?.[1] ?? '';
  return { service, type };
}

function matchesTagFilters(
  resource: FakeAwsResource,
  filters: TagFilter[],
): boolean {
  // Every filter must match; within one, any of its values.
  return filters.every(filter => {
    const value = resource.tags[filter.Key ?? ''];
    if (value === undefined) return false;
    return !filter.Values?.length || filter.Values.includes(value);
  });
}

function matchesTypeFilters(
  resource: FakeAwsResource,
  filters: string[],
): boolean {
  const { service, type } = typeOf(resource.arn);
  return filters.some(filter => {
    const [filterService, filterType] = filter.split(':');
    return (
      filterService === service &&
      (filterType === undefined || filterType === type)
    );
  });
}

function validate(input: GetResourcesRequest) {
  const perPage = input.ResourcesPerPage;
  if (
    perPage !== undefined &&
    (!Number.isInteger(perPage) ||
      perPage < 1 ||
      perPage > MAX_RESOURCES_PER_PAGE)
  ) {
    throw new AwsServiceError(
      'InvalidParameterException',
      `1 validation error detected: Value '${perPage}' at 'resourcesPerPage' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESOURCES_PER_PAGE}`,
    );
  }
  if ((input.TagFilters?.length ?? 0) > 50) {
    throw new AwsServiceError(
      'InvalidParameterException',
      'TagFilters can have at most 50 items',
    );
  }
  if (
    input.ResourceARNList &&
    (input.TagFilters?.length || input.ResourceTypeFilters?.length)
  ) {
    throw new AwsServiceError(
      'InvalidParameterException',
      'ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters',
    );
  }
}

function decodeToken(
  token: string,
  region: string,
  query: string,
  now: number,
): number {
  let state: TokenState;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new AwsServiceError(
      'InvalidParameterException',
      'Invalid PaginationToken',
    );
  }
  if (
    typeof state?.offset !== 'number' ||
    state.region !== region ||
    state.query !== query
  ) {
    throw new AwsServiceError(
      'InvalidParameterException',
      'Invalid PaginationToken',
    );
  }
  if (now - state.issuedAt > TOKEN_LIFETIME_MS) {
    throw new AwsServiceError(
      'PaginationTokenExpiredException',
      'The pagination token has expired',
    );
  }
  return state.offset;
}

/**
 * `GetResources` over the resources the fake holds, for one region: the
 * resources (ever) tagged there, filtered and paginated like AWS.
 */
export function getResources(
  resources: FakeAwsResource[],
  input: GetResourcesRequest,
  options: { region: string; maxResourcesPerPage: number; now: number },
): GetResourcesResponse {
  validate(input);
  const {
    PaginationToken: token,
    ResourcesPerPage: _perPage,
    ...filters
  } = input;
  // A token is only good for the query (and region) it came from.
  const query = createHash('sha256')
    .update(JSON.stringify(filters))
    .digest('hex');
  const offset = token
    ? decodeToken(token, options.region, query, options.now)
    : 0;

  const arns = input.ResourceARNList && new Set(input.ResourceARNList);
  const matching = resources
    .filter(r => !r.neverTagged && regionOf(r) === options.region)
    .filter(
      r => !input.TagFilters?.length || matchesTagFilters(r, input.TagFilters),
    )
    .filter(
      r =>
        !input.ResourceTypeFilters?.length ||
        matchesTypeFilters(r, input.ResourceTypeFilters),
    )
    .filter(r => !arns || arns.has(r.arn))
    .sort((a, b) => a.arn.localeCompare(b.arn));

  const pageSize = Math.min(
    input.ResourcesPerPage ?? MAX_RESOURCES_PER_PAGE,
    options.maxResourcesPerPage,
  );
  const page = matching.slice(offset, offset + pageSize);
  const next = offset + page.length;
  const nextToken: TokenState = {
    offset: next,
    region: options.region,
    query,
    issuedAt: options.now,
  };
  return {
    // Like AWS: an empty string, not a missing member, on the last page.
    PaginationToken:
      next < matching.length
        ? Buffer.from(JSON.stringify(nextToken)).toString('base64url')
        : '',
    ResourceTagMappingList: page.map(r => ({
      ResourceARN: r.arn,
      Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  };
}
