import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import {
  ArmError,
  MAX_PAGE_SIZE,
  queryResources,
  QueryRequestBody,
} from './queryResources';
import { selfSignedCertificate } from './selfSignedCertificate';
import {
  FakeAzureFault,
  FakeAzureRequest,
  FakeAzureResource,
  FakeAzureResourceGraphOptions,
  FakeAzureResourceGraphServer,
} from './types';

const RESOURCES_PATH = '/providers/microsoft.resourcegraph/resources';
/** api-versions of `resources` Azure serves; the SDK (5.x) sends 2024-04-01. */
const API_VERSIONS = [
  '2019-04-01',
  '2020-04-01-preview',
  '2021-03-01',
  '2022-10-01',
  '2024-04-01',
];
const THROTTLED_MESSAGE =
  'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.';

type Reply = {
  status: number;
  body: string;
  headers?: Record<string, string>;
  errorCode?: string;
};

const armError = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply => ({
  status,
  errorCode: code,
  body: JSON.stringify({ error: { code, message } }),
  headers,
});

function faultReply(fault: FakeAzureFault & { status: number }): Reply {
  const headers = Object.fromEntries(
    Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  if (fault.body !== undefined) {
    return { status: fault.status, body: fault.body, headers };
  }
  let code = 'BadRequest';
  if (fault.status === 429) code = 'RateLimiting';
  else if (fault.status >= 500) code = 'InternalServerError';
  return armError(
    fault.status,
    fault.code ?? code,
    fault.message ??
      (fault.status === 429
        ? THROTTLED_MESSAGE
        : http.STATUS_CODES[fault.status] ?? 'Error'),
    headers,
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts a fake Azure Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`)
 * on https://127.0.0.1, with a certificate generated at start: Azure's
 * pipeline refuses bearer tokens over plain http, so clients trust the
 * fake's `caCertificate` instead (`tlsOptions: { ca }`).
 */
export async function startFakeAzureResourceGraph(
  resources: FakeAzureResource[],
  options: FakeAzureResourceGraphOptions = {},
): Promise<FakeAzureResourceGraphServer> {
  let current = structuredClone(resources);
  const faults: Array<{ fault: FakeAzureFault; remaining: number }> = [];
  const requests: FakeAzureRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const tls = options.tls ?? selfSignedCertificate('fake-azure-resource-graph');
  const maxPageSize = Math.min(
    options.maxPageSize ?? MAX_PAGE_SIZE,
    MAX_PAGE_SIZE,
  );

  function takeFault(continuation: boolean) {
    const pending = faults.find(
      ({ fault }) =>
        fault.continuation === undefined || fault.continuation === continuation,
    );
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) faults.splice(faults.indexOf(pending), 1);
    return pending.fault;
  }

  const sleep = (ms: number) =>
    new Promise<void>(resolve => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function authenticate(req: IncomingMessage): Reply | undefined {
    if (options.token === undefined) return undefined;
    const header = req.headers.authorization;
    if (!header) {
      return armError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      );
    }
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match?.[1].trim() !== options.token) {
      return armError(
        401,
        'InvalidAuthenticationToken',
        'The access token is invalid.',
      );
    }
    return undefined;
  }

  function serve(
    method: string,
    path: string,
    apiVersion: string | null,
    body: QueryRequestBody | undefined,
  ): Reply {
    if (path.toLowerCase() !== RESOURCES_PATH) {
      return armError(
        404,
        'InvalidResourceType',
        `The resource type could not be found (fake-cloud serves ${RESOURCES_PATH} only).`,
      );
    }
    if (method !== 'POST') {
      return armError(
        405,
        'MethodNotAllowed',
        `The method ${method} is not allowed.`,
      );
    }
    if (!apiVersion) {
      return armError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    if (!API_VERSIONS.includes(apiVersion)) {
      return armError(
        400,
        'InvalidApiVersionParameter',
        `The api-version '${apiVersion}' is invalid. The supported versions are '${API_VERSIONS.join(
          ',',
        )}'.`,
      );
    }
    if (!body || typeof body !== 'object') {
      return armError(
        400,
        'InvalidRequestContent',
        'The request content was invalid and could not be deserialized.',
      );
    }
    try {
      const output = queryResources(current, body, { maxPageSize });
      return { status: 200, body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof ArmError) {
        return armError(error.status, error.code, error.message);
      }
      return armError(
        500,
        'InternalServerError',
        'Encountered internal server error.',
      );
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    let body: QueryRequestBody | undefined;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    const skipToken = body?.options?.$skipToken || undefined;

    let reply = authenticate(req);
    if (!reply) {
      const fault = takeFault(skipToken !== undefined);
      if (fault?.delayMs) await sleep(fault.delayMs);
      reply =
        fault?.status !== undefined
          ? faultReply({ ...fault, status: fault.status })
          : serve(
              method,
              url.pathname,
              url.searchParams.get('api-version'),
              body,
            );
    }

    requests.push({
      at,
      method,
      path: url.pathname,
      apiVersion: url.searchParams.get('api-version') ?? undefined,
      subscriptions: Array.isArray(body?.subscriptions)
        ? body!.subscriptions
        : [],
      ...(skipToken ? { skipToken } : {}),
      status: reply.status,
      ...(reply.errorCode ? { errorCode: reply.errorCode } : {}),
    });
    if (res.destroyed) return; // the client gave up waiting
    const payload = Buffer.from(reply.body);
    const requestId = randomUUID();
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(payload.length),
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': requestId,
      ...(reply.status === 401
        ? {
            'www-authenticate':
              'Bearer authorization_uri="https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111", error="invalid_token", error_description="The authentication failed."',
          }
        : {}),
      ...reply.headers,
    });
    res.end(payload);
  }

  const server = https.createServer(
    { key: tls.key, cert: tls.cert },
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `https://127.0.0.1:${
    (server.address() as AddressInfo).port
  }`;

  return {
    endpoint,
    caCertificate: tls.cert,
    requests,
    setResources(next) {
      current = structuredClone(next);
    },
    failNext(fault) {
      faults.push({ fault, remaining: fault.times ?? 1 });
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
