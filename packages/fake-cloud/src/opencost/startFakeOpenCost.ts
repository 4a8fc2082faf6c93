/**
 * A fake OpenCost API (port 9003's `/allocation`), shaped after OpenCost's
 * source — see the header of `./allocations.ts` for the files:
 * pkg/costmodel/aggregation.go (`ComputeAllocationHandler`: a bad `window` is
 * answered by `http.Error`, i.e. 400 in text/plain; a bad `step` or
 * `accumulateBy` by `proto.WriteError`), core/pkg/protocol/http.go (the
 * `{"code","data","message"}` envelope), core/pkg/opencost/allocation_json.go
 * (the allocation fields) and core/pkg/opencost/window.go (windows).
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DAY_MS,
  DEFAULT_AGGREGATE_BY,
  HOUR_MS,
  MINUTE_MS,
  OpenCostParameterError,
  parseAccumulate,
  parseAggregateBy,
  parseGoBool,
  parseOpenCostStep,
  parseOpenCostWindow,
  planSteps,
  queryAllocations,
} from './allocations';
import { lumenRetailOpenCost } from './lumenRetailOpenCost';
import {
  FakeOpenCostFault,
  FakeOpenCostOptions,
  FakeOpenCostRequest,
  FakeOpenCostServer,
  OpenCostDataset,
} from './types';

type Reply = { status: number; body: string; contentType: string };

const JSON_TYPE = 'application/json';

/** OpenCost's error envelope (`HTTPProtocol.WriteError`). */
function errorReply(status: number, message: string): Reply {
  return {
    status,
    contentType: JSON_TYPE,
    body: JSON.stringify({ code: status, data: null, message }),
  };
}

/** Go's `http.Error`: text/plain with a trailing newline. */
function textReply(status: number, text: string): Reply {
  return {
    status,
    contentType: 'text/plain; charset=utf-8',
    body: `${text}\n`,
  };
}

/** The page nginx (and so ingress-nginx) answers with when the upstream fails. */
export function nginxErrorPage(status: number): string {
  const titles: Record<number, string> = {
    502: '502 Bad Gateway',
    503: '503 Service Temporarily Unavailable',
    504: '504 Gateway Time-out',
  };
  const title = titles[status] ?? `${status} ${http.STATUS_CODES[status]}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function faultReply(fault: FakeOpenCostFault): Reply {
  const html = [502, 503, 504].includes(fault.status);
  if (fault.body !== undefined) {
    return {
      status: fault.status,
      body: fault.body,
      contentType: html ? 'text/html' : JSON_TYPE,
    };
  }
  return html
    ? {
        status: fault.status,
        body: nginxErrorPage(fault.status),
        contentType: 'text/html',
      }
    : errorReply(fault.status, http.STATUS_CODES[fault.status] ?? 'Error');
}

/**
 * Starts a fake OpenCost on 127.0.0.1 serving `GET /allocation` (and
 * `/allocation/compute`) over a dataset, by default Lumen Retail's two
 * clusters with `retentionDays` (100) of data up to `now`. It answers as
 * OpenCost does: `window` in all of OpenCost's forms, `aggregate` (cluster,
 * node, namespace, controllerKind, controller, pod, container, service,
 * `label:<name>`, …; unknown ones ignored), `step`, `accumulate`/
 * `accumulateBy`, `includeIdle` (or `idle`), `shareIdle`, `splitIdle`,
 * `includeAggregatedMetadata`; `{"code":200,"data":[…one map per step]}`.
 * Windows past `maxWindowHours` get an ingress' 504 page, as big clusters do.
 * `GET /healthz` answers 200.
 */
export async function startFakeOpenCost(
  options: FakeOpenCostOptions = {},
): Promise<FakeOpenCostServer> {
  const dataset: OpenCostDataset = options.dataset ?? lumenRetailOpenCost();
  const retentionDays = options.retentionDays ?? 100;
  const requests: FakeOpenCostRequest[] = [];
  const faults: Array<{ fault: FakeOpenCostFault; remaining: number }> = [];
  let url = '';

  function takeFault(): FakeOpenCostFault | undefined {
    const pending = faults[0];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) faults.shift();
    return pending.fault;
  }

  function allocation(query: Record<string, string>): Reply {
    const now = options.now?.getTime() ?? Date.now();
    let window;
    try {
      window = parseOpenCostWindow(query.window ?? '', now);
    } catch (error) {
      return textReply(
        400,
        `Invalid 'window' parameter: ${(error as Error).message}`,
      );
    }
    const hours = (window.end - window.start) / HOUR_MS;
    if (
      options.maxWindowHours !== undefined &&
      hours > options.maxWindowHours
    ) {
      return {
        status: 504,
        body: nginxErrorPage(504),
        contentType: 'text/html',
      };
    }
    try {
      const accumulate = parseAccumulate(query.accumulate, query.accumulateBy);
      const step =
        query.step === undefined || query.step.trim() === ''
          ? undefined
          : parseOpenCostStep(query.step);
      const aggregate = !query.aggregate?.trim()
        ? DEFAULT_AGGREGATE_BY
        : parseAggregateBy(query.aggregate.split(','));
      const dataEnd = Math.floor(now / MINUTE_MS) * MINUTE_MS;
      const data = queryAllocations(dataset, {
        ...planSteps(window, step, accumulate),
        aggregateBy: aggregate,
        includeIdle: parseGoBool(query.includeIdle) || parseGoBool(query.idle),
        shareIdle: parseGoBool(query.shareIdle),
        splitIdle: parseGoBool(query.splitIdle),
        includeAggregatedMetadata: parseGoBool(query.includeAggregatedMetadata),
        data: { start: dataEnd - retentionDays * DAY_MS, end: dataEnd },
        clusters: options.clusters,
      });
      return {
        status: 200,
        contentType: JSON_TYPE,
        body: JSON.stringify({ code: 200, data }),
      };
    } catch (error) {
      if (error instanceof OpenCostParameterError) {
        const label =
          error.parameter === 'step'
            ? 'Invalid step parameter'
            : `Invalid '${error.parameter}' parameter`;
        return errorReply(400, `${label}: ${error.message}`);
      }
      return errorReply(500, String(error));
    }
  }

  function serve(req: IncomingMessage): {
    reply: Reply;
    path: string;
    query: Record<string, string>;
  } {
    const target = new URL(req.url ?? '/', url);
    const path = target.pathname;
    const query = Object.fromEntries(target.searchParams);
    const known = ['/allocation', '/allocation/compute', '/healthz'];
    if (!known.includes(path)) {
      return { reply: textReply(404, '404 page not found'), path, query };
    }
    if (req.method !== 'GET') {
      return { reply: textReply(405, 'Method Not Allowed'), path, query };
    }
    if (path === '/healthz') {
      return {
        reply: { status: 200, body: '', contentType: 'text/plain' },
        path,
        query,
      };
    }
    const fault = takeFault();
    return {
      reply: fault ? faultReply(fault) : allocation(query),
      path,
      query,
    };
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const { reply, path, query } = serve(req);
    requests.push({
      at,
      method: req.method ?? 'GET',
      path,
      query,
      status: reply.status,
    });
    const payload = Buffer.from(reply.body);
    res.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': String(payload.length),
      ...(reply.contentType.startsWith('text/plain')
        ? { 'x-content-type-options': 'nosniff' }
        : {}),
    });
    res.end(payload);
  }

  const server = http.createServer((req, res) => {
    // Requests carry no body worth reading; drain it and answer.
    req.resume();
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
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

  return {
    url,
    requests,
    failNext(fault) {
      faults.push({ fault, remaining: fault.count ?? 1 });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
