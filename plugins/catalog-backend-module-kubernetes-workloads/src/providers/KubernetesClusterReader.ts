import { readFile } from 'node:fs/promises';
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  ConfigurationOptions,
  NetworkingV1Api,
  Observable,
  Watch,
} from '@kubernetes/client-node';
import { KubernetesClusterConnection } from '../config/readKubernetesWorkloadsConfig';
import { collectionPath, kindInfo, ObjectKind } from '../mapping/kinds';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export type ListResult = { items: unknown[]; resourceVersion: string };

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Why a watch ended. */
export type WatchEnd =
  /** The resourceVersion is too old (410 Expired): relist. */
  | { reason: 'expired' }
  /** The server closed it (timeoutSeconds, restart) or we aborted: resume. */
  | { reason: 'closed'; resourceVersion: string }
  | { reason: 'error'; resourceVersion: string; error: Error };

type Paged = {
  items: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string };
};

type ListPage = (
  params: { limit: number; _continue?: string },
  options: ConfigurationOptions,
) => Promise<Paged>;

/** Puts an abort signal on each request the generated client sends. */
function withSignal(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: context => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: context => new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** A failure naming what was being read and what the server said. */
export class KubernetesReadError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'KubernetesReadError';
  }
}

function statusMessage(error: ApiException<unknown>): string {
  try {
    const body =
      typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    if (body?.message)
      return `${error.code} ${body.reason ?? ''}: ${body.message}`.trim();
  } catch {
    // not JSON, e.g. a proxy's HTML page
  }
  return `HTTP ${error.code}`;
}

/**
 * Reads one cluster through `@kubernetes/client-node`: paginated lists across
 * all namespaces and watches from a resourceVersion. Every request has a
 * timeout; a list restarts once from scratch when its continue token expires.
 */
export class KubernetesClusterReader {
  requestCount = 0;

  constructor(
    private readonly connection: KubernetesClusterConnection,
    private readonly options: { requestTimeoutMs: number; pageSize: number },
  ) {}

  private async kubeConfig(): Promise<KubeConfig> {
    const token =
      this.connection.serviceAccountToken ??
      (await readFile(IN_CLUSTER_TOKEN, 'utf8').then(t => t.trim()));
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      {
        name: 'cluster',
        server: this.connection.url,
        skipTLSVerify: this.connection.skipTLSVerify,
        ...(this.connection.caData ? { caData: this.connection.caData } : {}),
        ...(this.connection.caFile ? { caFile: this.connection.caFile } : {}),
      },
      { name: 'backstage', token },
    );
    return kc;
  }

  private pager(kc: KubeConfig, kind: ObjectKind): ListPage {
    switch (kind) {
      case 'Deployment': {
        const api = kc.makeApiClient(AppsV1Api);
        return (p, o) => api.listDeploymentForAllNamespaces(p, o);
      }
      case 'StatefulSet': {
        const api = kc.makeApiClient(AppsV1Api);
        return (p, o) => api.listStatefulSetForAllNamespaces(p, o);
      }
      case 'DaemonSet': {
        const api = kc.makeApiClient(AppsV1Api);
        return (p, o) => api.listDaemonSetForAllNamespaces(p, o);
      }
      case 'CronJob': {
        const api = kc.makeApiClient(BatchV1Api);
        return (p, o) => api.listCronJobForAllNamespaces(p, o);
      }
      case 'Service': {
        const api = kc.makeApiClient(CoreV1Api);
        return (p, o) => api.listServiceForAllNamespaces(p, o);
      }
      default: {
        const api = kc.makeApiClient(NetworkingV1Api);
        return (p, o) => api.listIngressForAllNamespaces(p, o);
      }
    }
  }

  /** Lists every object of a kind across namespaces, page by page. */
  async list(kind: ObjectKind, signal?: AbortSignal): Promise<ListResult> {
    const what = `listing ${kindInfo(kind).plural}`;
    const page = this.pager(await this.kubeConfig(), kind);
    const { requestTimeoutMs, pageSize } = this.options;
    for (let attempt = 1; ; attempt++) {
      const items: unknown[] = [];
      let token: string | undefined;
      let resourceVersion = '';
      try {
        do {
          const timeout = AbortSignal.timeout(requestTimeoutMs);
          const requestSignal = signal
            ? AbortSignal.any([signal, timeout])
            : timeout;
          this.requestCount += 1;
          const result = await page(
            { limit: pageSize, ...(token ? { _continue: token } : {}) },
            withSignal(requestSignal),
          ).catch(error => {
            if (timeout.aborted) {
              throw new KubernetesReadError(
                `${what}: no answer within ${requestTimeoutMs / 1000} s`,
              );
            }
            throw error;
          });
          items.push(...(result.items ?? []));
          resourceVersion = result.metadata?.resourceVersion ?? resourceVersion;
          token = result.metadata?._continue || undefined;
        } while (token);
        return { items, resourceVersion };
      } catch (error) {
        if (error instanceof ApiException) {
          // An expired continue token: the consistent snapshot is gone, start over once.
          if (error.code === 410 && token && attempt === 1) continue;
          throw new KubernetesReadError(
            `${what}: ${statusMessage(error)}`,
            error.code,
          );
        }
        if (error instanceof KubernetesReadError) throw error;
        throw new KubernetesReadError(`${what}: ${(error as Error).message}`);
      }
    }
  }

  /**
   * Watches a kind across namespaces from `resourceVersion`, calling
   * `onEvent` for each change, until the server closes the stream, it reports
   * 410 Expired, or `signal` aborts.
   */
  async watch(
    kind: ObjectKind,
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: unknown) => void,
    options: { signal: AbortSignal; timeoutSeconds: number },
  ): Promise<WatchEnd> {
    let lastVersion = resourceVersion;
    let expired = false;
    let failure: string | undefined;
    const kc = await this.kubeConfig();
    this.requestCount += 1;
    return new Promise<WatchEnd>(resolve => {
      let finished = false;
      let controller: AbortController | undefined;
      const onAbort = () => controller?.abort();
      const finish = (error: unknown) => {
        if (finished) return;
        finished = true;
        options.signal.removeEventListener('abort', onAbort);
        const status = (error as { statusCode?: number } | null)?.statusCode;
        if (expired || status === 410) {
          resolve({ reason: 'expired' });
        } else if (failure) {
          resolve({
            reason: 'error',
            resourceVersion: lastVersion,
            error: new KubernetesReadError(
              `watching ${kindInfo(kind).plural}: ${failure}`,
            ),
          });
        } else if (
          error &&
          !options.signal.aborted &&
          (error as Error).name !== 'AbortError'
        ) {
          resolve({
            reason: 'error',
            resourceVersion: lastVersion,
            error: new KubernetesReadError(
              `watching ${kindInfo(kind).plural}: ${(error as Error).message}`,
              status,
            ),
          });
        } else {
          resolve({ reason: 'closed', resourceVersion: lastVersion });
        }
      };
      new Watch(kc)
        .watch(
          collectionPath(kind),
          {
            resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: options.timeoutSeconds,
          },
          (type: string, object: any) => {
            if (type === 'ERROR') {
              // A Status in the stream: 410 Expired means relist; others end this watch.
              if (object?.code === 410) expired = true;
              else
                failure = `${object?.code ?? ''} ${
                  object?.message ?? 'error event'
                }`.trim();
              controller?.abort();
              return;
            }
            const version = object?.metadata?.resourceVersion;
            if (typeof version === 'string' && version) lastVersion = version;
            if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
              onEvent(type, object);
            }
          },
          finish,
        )
        .then(c => {
          controller = c;
          if (finished) return;
          if (options.signal.aborted) c.abort();
          else
            options.signal.addEventListener('abort', onAbort, { once: true });
        }, finish);
    });
  }
}
