import type {
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Ingress,
  V1Namespace,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';

/** The kinds the fake serves, each under its real API path. */
export type FakeKubernetesKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'CronJob'
  | 'Service'
  | 'Ingress'
  | 'Namespace';

/**
 * An object as a client would create it: `kind` is required, the fake fills
 * in `apiVersion`, `uid`, `resourceVersion`, `generation` and
 * `creationTimestamp` when they are missing.
 */
export type FakeKubernetesObject =
  | (V1Deployment & { kind: 'Deployment' })
  | (V1StatefulSet & { kind: 'StatefulSet' })
  | (V1DaemonSet & { kind: 'DaemonSet' })
  | (V1CronJob & { kind: 'CronJob' })
  | (V1Service & { kind: 'Service' })
  | (V1Ingress & { kind: 'Ingress' })
  | (V1Namespace & { kind: 'Namespace' });

export type FakeKubernetesCluster = {
  /** E.g. `production`; the name the Backstage kubernetes config gives it. */
  name: string;
  /** E.g. `production`, `staging`. */
  environment: string;
  /**
   * Everything the cluster holds. Namespaces that objects live in but that
   * are not listed here are created.
   */
  objects: FakeKubernetesObject[];
};

export type FakeKubernetesRequest = {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Whether the request was a watch (`?watch=true`). */
  watch: boolean;
  status: number;
};

export type FakeKubernetesFault = {
  /**
   * Answer with this status and a `Status` body (e.g. 500 InternalError,
   * 503 ServiceUnavailable, 429 TooManyRequests). Leave it out together with
   * `delayMs` for a slow but otherwise normal answer.
   */
  status?: number;
  /** Wait this long before answering (slow API server, client timeouts). */
  delayMs?: number;
  /** Answer with this raw, non-JSON body (e.g. a proxy's HTML error page). */
  rawBody?: string;
  /** How many matching requests the fault applies to; defaults to 1. */
  times?: number;
};

export type FakeKubernetesOptions = {
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /** When set, requests must send `Authorization: Bearer X`, else 401. */
  token?: string;
  /** How often open watches that asked for bookmarks get one; defaults to 1000 ms. */
  bookmarkIntervalMs?: number;
  /** Largest `limit` honoured on lists; defaults to 500. */
  maxPageSize?: number;
};

export interface FakeKubernetesServer {
  /** E.g. http://127.0.0.1:PORT — the cluster `url` (set `skipTLSVerify: true`). */
  readonly url: string;
  readonly cluster: { name: string; environment: string };
  /** Every request served so far, oldest first. */
  readonly requests: FakeKubernetesRequest[];
  /** The current (global, monotonically increasing) resourceVersion. */
  readonly resourceVersion: string;
  /** Create or replace an object; open watches see ADDED or MODIFIED. */
  apply(object: FakeKubernetesObject): void;
  /** Delete an object; open watches see DELETED. Returns whether it existed. */
  remove(kind: FakeKubernetesKind, namespace: string, name: string): boolean;
  /**
   * Serve a document the API server would never produce (e.g. a Deployment
   * without `metadata.name`), in lists and to watches, as it is. Returns the
   * key under which `remove(kind, namespace, key)` takes it out again.
   */
  injectMalformed(
    kind: FakeKubernetesKind,
    namespace: string,
    document: Record<string, unknown>,
  ): string;
  /**
   * The next `times` requests whose path and query string
   * (`/apis/apps/v1/deployments?limit=500`) match `pattern` get this fault.
   */
  failNext(pattern: RegExp, fault: FakeKubernetesFault): void;
  /**
   * Forgets all history, like etcd compaction with an API server restart:
   * every resourceVersion and continue token handed out so far becomes too
   * old (watch → ERROR 410 Expired event, continue → HTTP 410), and open
   * watches are closed so clients reconnect.
   */
  expireResourceVersions(): void;
  close(): Promise<void>;
}
