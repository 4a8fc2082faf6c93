import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DEFAULT_MAX_GROUPS_PER_PAGE,
  getCostAndUsage,
  GetCostAndUsageRequest,
  validateCostRecords,
} from './getCostAndUsage';
import { AwsServiceError } from './getResources';
import { parseSigV4Authorization, verifySigV4 } from './sigv4';
import {
  FakeAwsFault,
  FakeCostExplorerOptions,
  FakeCostExplorerRequest,
  FakeCostExplorerServer,
  FakeCostRecord,
} from './types';

const TARGET_PREFIX = 'AWSInsightsIndexService.';
const SERVICE_NAMESPACE = 'com.amazonaws.costexplorer';
const CORAL_NAMESPACE = 'com.amazon.coral.service';
const SIGNING_NAME = 'ce';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

type Reply = {
  status: number;
  body: string;
  headers?: Record<string, string>;
  errorType?: string;
};

/**
 * An error as AWS JSON-protocol services send it: `__type` and message in
 * the body, the bare code in `x-amzn-errortype`. Errors of the service's
 * model are namespaced and carry `Message`; the front door's (auth) are
 * Coral's and carry `message`; Cost Explorer's `ValidationException` (no
 * member of its model) comes bare, with `message`.
 */
function errorReply(
  code: string,
  message: string,
  status = 400,
  options: { namespace?: string | null; headers?: Record<string, string> } = {},
): Reply {
  const namespace =
    options.namespace === undefined ? SERVICE_NAMESPACE : options.namespace;
  const lower = namespace !== SERVICE_NAMESPACE;
  return {
    status,
    errorType: code,
    body: JSON.stringify({
      __type: namespace ? `${namespace}#${code}` : code,
      [lower ? 'message' : 'Message']: message,
    }),
    headers: {
      'x-amzn-errortype': namespace
        ? `${code}:http://internal.amazon.com/coral/${namespace}/`
        : code,
      ...options.headers,
    },
  };
}

const coral = (code: string, message: string, status = 400) =>
  errorReply(code, message, status, { namespace: CORAL_NAMESPACE });

/** Cost Explorer throttles with `LimitExceededException` (HTTP 400). */
const DEFAULT_FAULT_CODES: Record<number, string> = {
  400: 'LimitExceededException',
  429: 'LimitExceededException',
  500: 'InternalServerException',
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
    (code === 'LimitExceededException'
      ? 'Rate exceeded'
      : http.STATUS_CODES[fault.status] ?? 'Error');
  return errorReply(code, message, fault.status, {
    namespace: code === 'ValidationException' ? null : SERVICE_NAMESPACE,
    headers,
  });
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
 * Starts a fake AWS Cost Explorer (`GetCostAndUsage`) on 127.0.0.1,
 * speaking the AWS JSON 1.1 protocol as `@aws-sdk/client-cost-explorer`
 * sends it (POST /, `X-Amz-Target: AWSInsightsIndexService.*`, SigV4 for
 * `ce`), over the given cost records. Any other operation answers
 * `UnknownOperationException`.
 */
export async function startFakeCostExplorer(
  records: FakeCostRecord[],
  options: FakeCostExplorerOptions = {},
): Promise<FakeCostExplorerServer> {
  validateCostRecords(records);
  let current = structuredClone(records);
  const faults: Array<{ fault: FakeAwsFault; remaining: number }> = [];
  const requests: FakeCostExplorerRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const maxGroupsPerPage =
    options.maxGroupsPerPage ?? DEFAULT_MAX_GROUPS_PER_PAGE;
  const now = () => {
    const clock = options.now;
    if (clock === undefined) return Date.now();
    return (typeof clock === 'function' ? clock() : clock).getTime();
  };

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
      return coral(
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
      );
    }
    const auth = parseSigV4Authorization(header);
    if (!auth) {
      return coral(
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${header}`,
      );
    }
    if (auth.service !== SIGNING_NAME) {
      return coral(
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${SIGNING_NAME}'.`,
      );
    }
    if (options.region !== undefined && auth.region !== options.region) {
      return coral(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region, not '${auth.region}'. `,
      );
    }
    const expected = options.credentials;
    if (expected && auth.accessKeyId !== expected.accessKeyId) {
      return coral(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
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
      return coral(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
    return undefined;
  }

  function serve(
    req: IncomingMessage,
    operation: string,
    input: unknown,
  ): Reply {
    if (req.method !== 'POST' || (req.url ?? '/') !== '/') {
      return coral('UnknownOperationException', 'Unknown operation', 404);
    }
    if (!(req.headers['content-type'] ?? '').startsWith(CONTENT_TYPE)) {
      return coral('SerializationException', 'Unexpected content type');
    }
    if (operation !== 'GetCostAndUsage') {
      return coral(
        'UnknownOperationException',
        `Operation ${operation || '(none)'} is not implemented by fake-cloud`,
      );
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return coral(
        'SerializationException',
        'Request body is not a JSON object',
      );
    }
    try {
      const output = getCostAndUsage(current, input as GetCostAndUsageRequest, {
        now: now(),
        maxGroupsPerPage,
        firstDay: options.firstDay,
      });
      return { status: 200, body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof AwsServiceError) {
        return errorReply(error.code, error.message, error.status, {
          // Not a member of the model: sent bare, as Cost Explorer does.
          namespace: error.code === 'ValidationException' ? null : undefined,
        });
      }
      return errorReply('InternalServerException', 'Internal error', 500);
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
    const token = (input as GetCostAndUsageRequest | undefined)?.NextPageToken;
    const nextPageToken =
      typeof token === 'string' && token ? token : undefined;

    let reply = authenticate(req, body);
    if (!reply) {
      const fault = takeFault(auth?.region, nextPageToken !== undefined);
      if (fault?.delayMs) await sleep(fault.delayMs);
      reply =
        fault?.status !== undefined
          ? faultReply({ ...fault, status: fault.status })
          : serve(req, operation, input);
    }

    requests.push({
      at,
      operation,
      input,
      region: auth?.region,
      accessKeyId: auth?.accessKeyId,
      paged: nextPageToken !== undefined,
      ...(nextPageToken ? { nextPageToken } : {}),
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    endpoint: url,
    requests,
    setRecords(next) {
      validateCostRecords(next);
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
