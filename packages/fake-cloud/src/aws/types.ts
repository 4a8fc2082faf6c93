/** One taggable AWS resource, as the Resource Groups Tagging API sees it. */
export type FakeAwsResource = {
  /** E.g. `arn:aws:rds:eu-west-1:210987654321:db:orders-prod`. Served as is, even when malformed. */
  arn: string;
  /**
   * The region whose endpoint lists the resource. Defaults to the ARN's
   * region; required for S3 buckets, whose ARNs carry none.
   */
  region?: string;
  tags: Record<string, string>;
  /**
   * Never tagged: like AWS, the Tagging API does not know the resource at
   * all (a resource whose tags were all removed is listed with `Tags: []`).
   */
  neverTagged?: boolean;
};

export type FakeAwsTaggingOptions = {
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /**
   * When set, only this access key is accepted (others get
   * `UnrecognizedClientException`) and, when the secret is given too, the
   * SigV4 signature is verified (`InvalidSignatureException`).
   */
  credentials?: { accessKeyId: string; secretAccessKey?: string };
  /**
   * Most resources served per page whatever `ResourcesPerPage` asks for
   * (AWS may return fewer than asked); defaults to 100, the API's maximum.
   */
  maxResourcesPerPage?: number;
};

/** A request the fake answered, oldest first. */
export type FakeAwsRequest = {
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The operation from `X-Amz-Target`, e.g. `GetResources`. */
  operation: string;
  /** The region from the SigV4 credential scope, when signed. */
  region?: string;
  accessKeyId?: string;
  /** The request's `PaginationToken`, when it asked for a later page. */
  paginationToken?: string;
  status: number;
  /** The `__type` of an error answer, without namespace. */
  errorType?: string;
};

/**
 * A fault for the next matching requests. With a `status` the fake answers
 * with an AWS-shaped error (or `body` verbatim); with only `delayMs` it
 * answers normally, late (a request timeout on the client side).
 */
export type FakeAwsFault = {
  status?: number;
  /**
   * The error code (`__type`). Defaults by status: 400 `ThrottledException`
   * (what this API throttles with), 500 `InternalServiceException`, 503
   * `ServiceUnavailableException`.
   */
  code?: string;
  message?: string;
  headers?: Record<string, string>;
  /** Sent verbatim instead of an error document, e.g. a truncated JSON document. */
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** How many matching requests fail; defaults to 1. */
  times?: number;
  /** Only requests signed for this region. */
  region?: string;
  /** Only requests for a later page (carrying a `PaginationToken`). */
  continuation?: boolean;
};

export interface FakeAwsTaggingServer {
  /** E.g. http://127.0.0.1:PORT — the SDK client's `endpoint`. */
  readonly endpoint: string;
  readonly requests: FakeAwsRequest[];
  /** Replace the resources (simulate resources created/deleted upstream). */
  setResources(resources: FakeAwsResource[]): void;
  failNext(fault: FakeAwsFault): void;
  close(): Promise<void>;
}

/**
 * A metric `GetCostAndUsage` answers, as the request's `Metrics` names it.
 * The three `*UsageAmount`/`UsageQuantity` ones are quantities (unit `N/A`),
 * the others costs in USD.
 */
export type FakeCostMetric =
  | 'AmortizedCost'
  | 'BlendedCost'
  | 'NetAmortizedCost'
  | 'NetUnblendedCost'
  | 'NormalizedUsageAmount'
  | 'UnblendedCost'
  | 'UsageQuantity';

/**
 * One day of cost of one line (a resource, a fee, a credit) as the fake AWS
 * Cost Explorer holds it: the dimension values it is grouped and filtered
 * by, its cost-allocation tags and its amounts.
 */
export type FakeCostRecord = {
  /** The usage day (UTC), `YYYY-MM-DD`. */
  day: string;
  /** `SERVICE`, e.g. `Amazon Relational Database Service`. */
  service: string;
  /** `LINKED_ACCOUNT`: the 12-digit account id. */
  linkedAccount: string;
  /** Served as the account's `description` in `DimensionValueAttributes`. */
  linkedAccountName?: string;
  /** `REGION`, e.g. `eu-west-1`; `NoRegion` for charges of no region (fees, credits). */
  region: string;
  /** `RECORD_TYPE`, e.g. `Usage`, `Credit`, `Tax`, `Refund`, `RIFee`. */
  recordType: string;
  /** Cost-allocation tags; a key missing (or empty) groups as `"<key>$"`. */
  tags: Record<string, string>;
  /**
   * Decimal strings (e.g. `"12.34"`, `"-250"`; at most 10 decimals), summed
   * exactly. A metric left out counts as 0.
   */
  amounts: Partial<Record<FakeCostMetric, string>>;
};

export type FakeCostExplorerOptions = {
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /**
   * When set, only this access key is accepted (others get
   * `UnrecognizedClientException`) and, when the secret is given too, the
   * SigV4 signature is verified (`InvalidSignatureException`).
   */
  credentials?: { accessKeyId: string; secretAccessKey?: string };
  /**
   * When set, requests signed for another region are refused
   * (`InvalidSignatureException`). Unset, any region is served and recorded:
   * the SDK signs for `us-east-1` against AWS's endpoint whatever its region,
   * but for its configured region against a custom `endpoint`.
   */
  region?: string;
  /** Most groups one page carries, across its `ResultsByTime`; defaults to 500. */
  maxGroupsPerPage?: number;
  /**
   * The clock: what "today" (no start after it) and the current, estimated
   * month are. Defaults to the real clock.
   */
  now?: Date | (() => Date);
  /**
   * The first day (`YYYY-MM-DD`) Cost Explorer has data for: a period
   * starting earlier gets `DataUnavailableException`. Defaults to the
   * earliest record's day.
   */
  firstDay?: string;
};

/** A request the fake Cost Explorer answered, oldest first. */
export type FakeCostExplorerRequest = {
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The operation from `X-Amz-Target`, e.g. `GetCostAndUsage`. */
  operation: string;
  /** The request body, parsed (undefined when it is not JSON). */
  input: unknown;
  /** The region from the SigV4 credential scope, when signed. */
  region?: string;
  accessKeyId?: string;
  /** Whether it asked for a later page (carried a `NextPageToken`). */
  paged: boolean;
  /** The `NextPageToken` it carried. */
  nextPageToken?: string;
  status: number;
  /** The `__type` of an error answer, without namespace. */
  errorType?: string;
};

export interface FakeCostExplorerServer {
  /** E.g. http://127.0.0.1:PORT — the SDK client's `endpoint`. */
  readonly url: string;
  /** The same as {@link FakeCostExplorerServer.url}, named as the other AWS fakes name it. */
  readonly endpoint: string;
  readonly requests: FakeCostExplorerRequest[];
  /** Replace the cost records (simulate late-arriving or restated costs). */
  setRecords(records: FakeCostRecord[]): void;
  /**
   * Fail (or delay) the next matching requests; `continuation` matches
   * requests carrying a `NextPageToken`. With `status: 400` and no `code`
   * the error is `LimitExceededException`, Cost Explorer's throttling error,
   * which the SDK retries.
   */
  failNext(fault: FakeAwsFault): void;
  close(): Promise<void>;
}
