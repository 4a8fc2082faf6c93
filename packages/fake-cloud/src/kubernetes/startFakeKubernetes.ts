import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ChangeEvent, ClusterState, StoredObject } from './ClusterState';
import { parsePath, ParsedPath } from './resources';
import { status, toJson, WatchEventType, WireList } from './responses';
import {
  FakeKubernetesCluster,
  FakeKubernetesFault,
  FakeKubernetesOptions,
  FakeKubernetesRequest,
  FakeKubernetesServer,
} from './types';

type PendingFault = {
  pattern: RegExp;
  fault: FakeKubernetesFault;
  remaining: number;
};

type Reply =
  | { status: number; body: unknown }
  | { status: number; raw: string };

/** Consistent snapshots kept for paginated lists; older ones expire (410). */
const SNAPSHOTS_KEPT = 64;

type ContinueToken = { v: 'meta.k8s.io/v1'; rv: number; start: string };

const encodeContinue = (token: ContinueToken) =>
  Buffer.from(JSON.stringify(token)).toString('base64url');

function decodeContinue(value: string): ContinueToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return typeof token?.rv === 'number' && typeof token?.start === 'string'
      ? token
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a fake Kubernetes API server for one cluster on 127.0.0.1. It speaks
 * the real API's JSON: lists with `limit`/`continue` pagination over a
 * consistent snapshot, chunked newline-delimited watches from a
 * resourceVersion (with bookmarks and the `410 Expired` error event), Status
 * bodies on errors and bearer-token auth, so `@kubernetes/client-node` (and
 * Backstage's kubernetes config) can be pointed at it over plain HTTP with
 * `skipTLSVerify: true`.
 */
export async function startFakeKubernetes(
  cluster: FakeKubernetesCluster,
  options: FakeKubernetesOptions = {},
): Promise<FakeKubernetesServer> {
  const state = new ClusterState(cluster.objects);
  const requests: FakeKubernetesRequest[] = [];
  const faults: PendingFault[] = [];
  const snapshots = new Map<string, StoredObject[]>();
  const watches = new Set<ServerResponse>();
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 1000;
  let url = '';

  function takeFault(target: string): FakeKubernetesFault | undefined {
    const pending = faults.find(f => {
      f.pattern.lastIndex = 0;
      return f.pattern.test(target);
    });
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) faults.splice(faults.indexOf(pending), 1);
    return pending.fault;
  }

  function isAuthorized(req: IncomingMessage): boolean {
    if (options.token === undefined) return true;
    const match = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1].trim() === options.token;
  }

  function list(parsed: ParsedPath, query: Record<string, string>): Reply {
    const { type, namespace } = parsed;
    const limit = query.limit ? Number(query.limit) : undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      return {
        status: 400,
        body: status(400, `invalid limit: ${query.limit}`),
      };
    }
    let items: StoredObject[];
    let rv: number;
    let start = '';
    if (query.continue) {
      const token = decodeContinue(query.continue);
      if (!token) {
        return {
          status: 400,
          body: status(
            400,
            'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
          ),
        };
      }
      const snapshot = snapshots.get(
        `${type.kind}|${namespace ?? ''}|${token.rv}`,
      );
      if (!snapshot || state.isTooOld(token.rv)) {
        return {
          status: 410,
          body: status(
            410,
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          ),
        };
      }
      items = snapshot;
      rv = token.rv;
      start = token.start;
    } else {
      items = state.list(type.kind, namespace);
      rv = state.resourceVersion;
    }

    const from = start ? items.findIndex(o => o.key > start) : 0;
    const rest = from < 0 ? [] : items.slice(from);
    const page = limit ? rest.slice(0, limit) : rest;
    const more = rest.length > page.length;
    if (more && !query.continue) {
      snapshots.set(`${type.kind}|${namespace ?? ''}|${rv}`, items);
      while (snapshots.size > SNAPSHOTS_KEPT) {
        snapshots.delete(snapshots.keys().next().value!);
      }
    }
    const body: WireList = {
      kind: `${type.kind}List`,
      apiVersion: type.apiVersion,
      metadata: {
        resourceVersion: String(rv),
        ...(more
          ? {
              continue: encodeContinue({
                v: 'meta.k8s.io/v1',
                rv,
                start: `${page[page.length - 1].key}\u0000`,
              }),
              remainingItemCount: rest.length - page.length,
            }
          : {}),
      },
      items: page.map(o => o.document),
    };
    return { status: 200, body };
  }

  function read(parsed: ParsedPath): Reply {
    const { type, namespace = '', name = '' } = parsed;
    const found = state.get(type.kind, type.namespaced ? namespace : '', name);
    if (found) return { status: 200, body: found.document };
    const group = type.apiVersion.includes('/')
      ? type.apiVersion.split('/')[0]
      : '';
    const resource = group ? `${type.plural}.${group}` : type.plural;
    return {
      status: 404,
      body: status(404, `${resource} "${name}" not found`, {
        details: { name, group, kind: type.plural },
      }),
    };
  }

  function watch(
    req: IncomingMessage,
    res: ServerResponse,
    parsed: ParsedPath,
    query: Record<string, string>,
  ) {
    const { type, namespace } = parsed;
    const requested = query.resourceVersion;
    const fromRv =
      requested && requested !== '0' ? Number(requested) : undefined;
    if (fromRv !== undefined && !Number.isInteger(fromRv)) {
      return send(res, {
        status: 400,
        body: status(400, `invalid resource version: ${requested}`),
      });
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-cache, private',
    });
    res.flushHeaders();
    const write = (eventType: WatchEventType, object: unknown) => {
      if (!res.writableEnded && !res.destroyed) {
        res.write(`${toJson({ type: eventType, object })}\n`);
      }
    };
    if (fromRv !== undefined && state.isTooOld(fromRv)) {
      write(
        'ERROR',
        status(
          410,
          `too old resource version: ${fromRv} (${state.resourceVersion})`,
        ),
      );
      res.end();
      return undefined;
    }

    if (fromRv === undefined) {
      // No version: the current state as synthetic ADDED events first.
      for (const object of state.list(type.kind, namespace))
        write('ADDED', object.document);
    } else {
      for (const change of state.changesSince(fromRv, type.kind, namespace)) {
        write(change.type, change.document);
      }
    }
    const unsubscribe = state.subscribe((change: ChangeEvent) => {
      if (change.kind !== type.kind) return;
      if (namespace !== undefined && change.namespace !== namespace) return;
      write(change.type, change.document);
    });
    const timers: NodeJS.Timeout[] = [];
    if (query.allowWatchBookmarks === 'true') {
      timers.push(
        setInterval(
          () =>
            write('BOOKMARK', {
              kind: type.kind,
              apiVersion: type.apiVersion,
              metadata: { resourceVersion: String(state.resourceVersion) },
            }),
          bookmarkIntervalMs,
        ),
      );
    }
    const timeoutSeconds = Number(query.timeoutSeconds);
    if (timeoutSeconds > 0) {
      timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
    }
    watches.add(res);
    const cleanup = () => {
      unsubscribe();
      timers.forEach(t => clearTimeout(t));
      watches.delete(res);
    };
    res.once('close', cleanup);
    req.once('close', cleanup);
    return undefined;
  }

  function send(res: ServerResponse, reply: Reply) {
    if (res.writableEnded || res.destroyed) return;
    const body = 'raw' in reply ? reply.raw : toJson(reply.body);
    res.writeHead(reply.status, {
      'content-type':
        'raw' in reply ? 'text/html; charset=utf-8' : 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  function handle(
    req: IncomingMessage,
    res: ServerResponse,
    fault?: FakeKubernetesFault,
  ) {
    const target = new URL(req.url ?? '/', url);
    const query = Object.fromEntries(target.searchParams);
    const isWatch = query.watch === 'true' || query.watch === '1';
    const record = (code: number) =>
      requests.push({
        method: req.method ?? 'GET',
        path: target.pathname,
        query,
        watch: isWatch,
        status: code,
      });

    if (fault?.status !== undefined || fault?.rawBody !== undefined) {
      const code = fault.status ?? 502;
      record(code);
      return send(
        res,
        fault.rawBody !== undefined
          ? { status: code, raw: fault.rawBody }
          : { status: code, body: status(code) },
      );
    }
    if (!isAuthorized(req)) {
      record(401);
      return send(res, { status: 401, body: status(401) });
    }
    const parsed = parsePath(target.pathname);
    if (!parsed) {
      record(404);
      return send(res, {
        status: 404,
        body: status(404, 'the server could not find the requested resource'),
      });
    }
    if (req.method !== 'GET') {
      record(405);
      return send(res, {
        status: 405,
        body: status(405, `${req.method} is not supported by the fake`),
      });
    }
    if (isWatch) {
      record(200);
      return watch(req, res, parsed, query);
    }
    let reply: Reply;
    try {
      reply = parsed.name === undefined ? list(parsed, query) : read(parsed);
    } catch (error) {
      reply = { status: 500, body: status(500, String(error)) };
    }
    record(reply.status);
    return send(res, reply);
  }

  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', url);
    const fault = takeFault(`${target.pathname}${target.search}`);
    if (fault?.delayMs) {
      const timer = setTimeout(() => handle(req, res, fault), fault.delayMs);
      res.once('close', () => clearTimeout(timer));
    } else {
      handle(req, res, fault);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const closeWatches = () => {
    for (const res of [...watches]) res.end();
  };

  return {
    url,
    cluster: { name: cluster.name, environment: cluster.environment },
    requests,
    get resourceVersion() {
      return String(state.resourceVersion);
    },
    apply: object => state.apply(object),
    remove: (kind, namespace, name) => state.remove(kind, namespace, name),
    injectMalformed: (kind, namespace, document) =>
      state.injectMalformed(kind, namespace, document),
    failNext(pattern, fault) {
      faults.push({ pattern, fault, remaining: fault.times ?? 1 });
    },
    expireResourceVersions() {
      state.compact();
      snapshots.clear();
      closeWatches();
    },
    close() {
      closeWatches();
      return new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
