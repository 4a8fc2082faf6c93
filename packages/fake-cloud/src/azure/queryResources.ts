import { createHash } from 'node:crypto';
import { FakeAzureResource } from './types';

/** Largest `$top` Resource Graph accepts. */
export const MAX_PAGE_SIZE = 1000;
/** Resource Graph's page size when `$top` is not given. */
const DEFAULT_PAGE_SIZE = 100;

/** An ARM error: status, `error.code` and `error.message`. */
export class ArmError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** What the fake reads of a `QueryRequest` body (the wire names). */
export type QueryRequestBody = {
  subscriptions?: string[];
  managementGroups?: string[];
  query?: string;
  options?: { $top?: number; $skip?: number; $skipToken?: string };
};

export type QueryResponseBody = {
  totalRecords: number;
  count: number;
  data: Array<Record<string, unknown>>;
  facets: unknown[];
  resultTruncated: 'true' | 'false';
  $skipToken?: string;
};

/**
 * A row of the `Resources` table as Resource Graph returns it: the type and
 * resource group lower-cased, the rest from the id.
 */
export function resourceRow(
  resource: FakeAzureResource,
): Record<string, unknown> {
  const parts = resource.id.split('/');
  const lower = parts.map(part => part.toLowerCase());
  const providers = lower.indexOf('providers');
  // /providers/Ns/type1/name1/type2/name2 -> ns/type1/type2
  const typeSegments = parts.slice(providers + 1);
  const type = [
    typeSegments[0],
    ...typeSegments.slice(1).filter((_, i) => i % 2 === 0),
  ]
    .join('/')
    .toLowerCase();
  return {
    id: resource.id,
    name: parts[parts.length - 1],
    type,
    tenantId: '11111111-1111-1111-1111-111111111111',
    kind: resource.kind ?? '',
    location: resource.location,
    resourceGroup: lower[lower.indexOf('resourcegroups') + 1] ?? '',
    subscriptionId: parts[2],
    tags: resource.tags === undefined ? null : resource.tags,
    ...resource.overrides,
  };
}

type SkipToken = { offset: number; query: string };

function fingerprint(body: QueryRequestBody): string {
  const { $skipToken: _token, $skip: _skip, ...options } = body.options ?? {};
  return createHash('sha256')
    .update(JSON.stringify([body.subscriptions, body.query, options]))
    .digest('hex');
}

function decodeSkipToken(token: string, query: string): number {
  try {
    const state: SkipToken = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    if (typeof state.offset === 'number' && state.query === query)
      return state.offset;
  } catch {
    // reported below
  }
  throw new ArmError(
    400,
    'BadRequest',
    'The $skipToken is invalid for this query.',
  );
}

/**
 * A Resource Graph query over the fake's resources. It does not run KQL:
 * any query returns the resources of the requested subscriptions, ordered
 * by id, paged by `$top`/`$skipToken` like Resource Graph.
 */
export function queryResources(
  resources: FakeAzureResource[],
  body: QueryRequestBody,
  options: { maxPageSize: number },
): QueryResponseBody {
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    throw new ArmError(400, 'BadRequest', 'The query is missing or empty.');
  }
  const top = body.options?.$top;
  if (
    top !== undefined &&
    (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE)
  ) {
    throw new ArmError(
      400,
      'BadRequest',
      `The value of $top must be between 1 and ${MAX_PAGE_SIZE}.`,
    );
  }
  const subscriptions = body.subscriptions?.map(s => s.toLowerCase());
  const rows = resources
    .filter(r => {
      const subscription = r.id.split('/')[2]?.toLowerCase();
      return !subscriptions || subscriptions.includes(subscription);
    })
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(resourceRow);

  const query = fingerprint(body);
  const offset = body.options?.$skipToken
    ? decodeSkipToken(body.options.$skipToken, query)
    : body.options?.$skip ?? 0;
  const pageSize = Math.min(top ?? DEFAULT_PAGE_SIZE, options.maxPageSize);
  const data = rows.slice(offset, offset + pageSize);
  const next = offset + data.length;
  const token: SkipToken = { offset: next, query };
  return {
    totalRecords: rows.length,
    count: data.length,
    data,
    facets: [],
    resultTruncated: 'false',
    ...(next < rows.length
      ? { $skipToken: Buffer.from(JSON.stringify(token)).toString('base64url') }
      : {}),
  };
}
