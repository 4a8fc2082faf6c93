/** One Azure resource, as Azure Resource Graph's `Resources` table holds it. */
export type FakeAzureResource = {
  /**
   * E.g. `/subscriptions/…/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/media`.
   * Name, type, resource group and subscription are derived from it.
   */
  id: string;
  /** E.g. `westeurope`. */
  location: string;
  tags?: Record<string, string> | null;
  kind?: string;
  /** Merged into the served row as is, to serve malformed rows (`{ id: null }`). */
  overrides?: Record<string, unknown>;
};

export type FakeAzureResourceGraphOptions = {
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /** When set, requests must send `Authorization: Bearer <token>`, else 401. */
  token?: string;
  /** Most rows per page whatever `$top` asks for; defaults to 1000 like Azure. */
  maxPageSize?: number;
  /**
   * The TLS key and certificate (PEM) to serve with; by default a
   * self-signed pair for 127.0.0.1/localhost is generated at start.
   */
  tls?: { key: string; cert: string };
};

/** A request the fake answered, oldest first. */
export type FakeAzureRequest = {
  /** `Date.now()` when the request arrived. */
  at: number;
  method: string;
  path: string;
  apiVersion?: string;
  subscriptions: string[];
  /** The request's `$skipToken`, when it asked for a later page. */
  skipToken?: string;
  status: number;
  /** The `error.code` of an error answer. */
  errorCode?: string;
};

/**
 * A fault for the next matching requests. With a `status` the fake answers
 * with an ARM-shaped error (or `body` verbatim); with only `delayMs` it
 * answers normally, late.
 */
export type FakeAzureFault = {
  status?: number;
  /** Defaults by status: 429 `RateLimiting`, 5xx `InternalServerError`, else `BadRequest`. */
  code?: string;
  message?: string;
  /** E.g. `{ 'retry-after': '1' }` on a 429, as Resource Graph sends. */
  headers?: Record<string, string>;
  /** Sent verbatim instead of an error document. */
  body?: string;
  delayMs?: number;
  /** How many matching requests fail; defaults to 1. */
  times?: number;
  /** Only requests for a later page (carrying a `$skipToken`). */
  continuation?: boolean;
};

export interface FakeAzureResourceGraphServer {
  /** E.g. https://127.0.0.1:PORT — the client's `endpoint`. */
  readonly endpoint: string;
  /** The PEM certificate the fake serves, for the client's `tlsOptions.ca`. */
  readonly caCertificate: string;
  readonly requests: FakeAzureRequest[];
  /** Replace the resources (simulate resources created/deleted upstream). */
  setResources(resources: FakeAzureResource[]): void;
  failNext(fault: FakeAzureFault): void;
  close(): Promise<void>;
}
