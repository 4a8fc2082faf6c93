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
