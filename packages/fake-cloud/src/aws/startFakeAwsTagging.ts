import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  AwsServiceError,
  getResources,
  GetResourcesRequest,
  MAX_RESOURCES_PER_PAGE,
} from './getResources';
import { parseSigV4Authorization, verifySigV4 } from './sigv4';
import {
  FakeAwsFault,
  FakeAwsRequest,
  FakeAwsResource,
  FakeAwsTaggingOptions,
  FakeAwsTaggingServer,
} from './types';

const TARGET_PREFIX = 'ResourceGroupsTaggingAPI_20170126.';
const SERVICE_NAMESPACE = 'com.amazonaws.resourcegroupstaggingapi';
const CORAL_NAMESPACE = 'com.amazon.coral.service';
const SIGNING_NAME = 'tagging';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

type Reply = {
  status: number;
  body: string;
  headers?: Record<string, string>;
  errorType?: string;
};

/**
 * An error as AWS JSON-protocol services send it: `__type` (namespaced) and
 * message in the body, the bare code in `x-amzn-errortype`. Errors of the
 * service's model carry `Message`; the front door's (auth) `message`.
 */
function errorReply(
  code: string,
  message: string,
  status = 400,
  options: { coral?: boolean; headers?: Record<string, string> } = {},
): Reply {
  const namespace = options.coral ? CORAL_NAMESPACE : SERVICE_NAMESPACE;
  return {
    status,
    errorType: code,
    body: JSON.stringify({
      __type: `${namespace}#${code}`,
      [options.coral ? 'message' : 'Message']: message,
    }),
    headers: {
      'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/${namespace}/`,
      ...options.headers,
    },
  };
}

const DEFAULT_FAULT_CODES: Record<number, string> = {
  400: 'ThrottledException',
  500: 'InternalServiceException',
  503: 'ServiceUnavailableException',
};

function faultReply(fault: FakeAwsFault & { status: number }): Reply {
  const headers = Object.fromEntries(
    Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  if (fault.body !== undefined) {
    return { status: fault.status, body: fault.body, headers };
  }
  const code =
    fault.code ?? DEFAULT_FAULT_CODES[fault.status] ?? 'ServiceException';
  const message =
    fault.message ??
    (code === 'ThrottledException' || code === 'ThrottlingException'
      ? 'Rate exceeded'
      : http.STATUS_CODES[fault.status] ?? 'Error');
  return errorReply(code, message, fault.status, { headers });
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
 * Starts a fake AWS Resource Groups Tagging API on 127.0.0.1, speaking the
 * AWS JSON 1.1 protocol as the SDK sends it (POST /, X-Amz-Target, SigV4).
 * One server serves every region: the region of each request is read from
 * its SigV4 credential scope, as AWS routes by endpoint.
 */
export async function startFakeAwsTagging(
  resources: FakeAwsResource[],
  options: FakeAwsTaggingOptions = {},
): Promise<FakeAwsTaggingServer> {
  let current = structuredClone(resources);
  const faults: Array<{ fault: FakeAwsFault; remaining: number }> = [];
  const requests: FakeAwsRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const maxResourcesPerPage = Math.min(
    options.maxResourcesPerPage ?? MAX_RESOURCES_PER_PAGE,
    MAX_RESOURCES_PER_PAGE,
  );

  function takeFault(region: string | undefined, continuation: boolean) {
    const pending = faults.find(
      ({ fault }) =>
        (fault.region === undefined || fault.region === region) &&
        (fault.continuation === undefined ||
          fault.continuation === continuation),
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

  function authenticate(req: IncomingMessage, body: Buffer): Reply | undefined {
    const header = req.headers.authorization;
    if (!header) {
      return errorReply(
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
        400,
        { coral: true },
      );
    }
    const auth = parseSigV4Authorization(header);
    if (!auth) {
      return errorReply(
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${header}`,
        400,
        { coral: true },
      );
    }
    if (auth.service !== SIGNING_NAME) {
      return errorReply(
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${SIGNING_NAME}'.`,
        400,
        { coral: true },
      );
    }
    const expected = options.credentials;
    if (expected && auth.accessKeyId !== expected.accessKeyId) {
      return errorReply(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        400,
        { coral: true },
      );
    }
    if (
      expected?.secretAccessKey !== undefined &&
      !verifySigV4(
        auth,
        { method: req.method ?? '', headers: req.headers, body },
        expected.secretAccessKey,
      )
    ) {
      return errorReply(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        400,
        { coral: true },
      );
    }
    return undefined;
  }

  function serve(
    req: IncomingMessage,
    operation: string,
    region: string,
    input: unknown,
  ): Reply {
    if (req.method !== 'POST' || (req.url ?? '/') !== '/') {
      return errorReply('UnknownOperationException', 'Unknown operation', 404, {
        coral: true,
      });
    }
    if (!(req.headers['content-type'] ?? '').startsWith(CONTENT_TYPE)) {
      return errorReply(
        'SerializationException',
        'Unexpected content type',
        400,
        {
          coral: true,
        },
      );
    }
    if (operation !== 'GetResources') {
      return errorReply(
        'UnknownOperationException',
        `Operation ${operation || '(none)'} is not implemented by fake-cloud`,
        400,
        { coral: true },
      );
    }
    if (input === undefined || typeof input !== 'object' || input === null) {
      return errorReply(
        'SerializationException',
        'Request body is not a JSON object',
        400,
        {
          coral: true,
        },
      );
    }
    try {
      const output = getResources(current, input as GetResourcesRequest, {
        region,
        maxResourcesPerPage,
        now: Date.now(),
      });
      return { status: 200, body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof AwsServiceError) {
        return errorReply(error.code, error.message, error.status);
      }
      return errorReply('InternalServiceException', 'Internal error', 500);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX)
      ? target.slice(TARGET_PREFIX.length)
      : '';
    const auth = parseSigV4Authorization(req.headers.authorization);
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      input = undefined;
    }
    const paginationToken =
      (input as GetResourcesRequest | undefined)?.PaginationToken || undefined;

    let reply = authenticate(req, body);
    if (!reply) {
      const fault = takeFault(auth?.region, paginationToken !== undefined);
      if (fault?.delayMs) await sleep(fault.delayMs);
      reply =
        fault?.status !== undefined
          ? faultReply({ ...fault, status: fault.status })
          : serve(req, operation, auth!.region, input);
    }

    requests.push({
      at,
      operation,
      region: auth?.region,
      accessKeyId: auth?.accessKeyId,
      ...(paginationToken ? { paginationToken } : {}),
      status: reply.status,
      ...(reply.errorType ? { errorType: reply.errorType } : {}),
    });
    if (res.destroyed) return; // the client gave up waiting
    const payload = Buffer.from(reply.body);
    res.writeHead(reply.status, {
      'content-type': CONTENT_TYPE,
      'x-amzn-requestid': randomUUID(),
      'content-length': String(payload.length),
      date: new Date().toUTCString(),
      ...reply.headers,
    });
    res.end(payload);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
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
