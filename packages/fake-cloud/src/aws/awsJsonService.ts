import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AwsServiceError } from './getResources';
import { parseSigV4Authorization, verifySigV4 } from './sigv4';
import { FakeAwsFault } from './types';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const CORAL_NAMESPACE = 'com.amazon.coral.service';

type Reply = {
  status: number;
  body: string;
  headers?: Record<string, string>;
  errorType?: string;
};

/** One request as the service saw it, for the fake's `requests`. */
export type AwsJsonRequest = {
  at: number;
  operation: string;
  input: unknown;
  region?: string;
  accessKeyId?: string;
  pageToken?: string;
  status: number;
  errorType?: string;
};

export type AwsJsonServiceOptions = {
  /** `ResourceGroupsTaggingAPI_20170126.`, `AWSInsightsIndexService.`… */
  targetPrefix: string;
  /** The SigV4 service name: `tagging`, `ce`. */
  signingName: string;
  /** The namespace of the service's modelled errors: `com.amazonaws.costexplorer`. */
  serviceNamespace: string;
  /** The one operation served. */
  operation: string;
  /** The operation's output for an input (an object), or an AwsServiceError. */
  serve(input: Record<string, unknown>, region: string): unknown;
  /** The input's page token: faults can be kept for later pages. */
  pageTokenOf(input: Record<string, unknown>): string | undefined;
  /** Codes a fault of a status sends when it names none. */
  defaultFaultCodes: Record<number, string>;
  /** The message of a fault with a throttling code. */
  throttlingCodes: string[];
  /** What an unexpected failure answers: `InternalServiceException`, `InternalServerException`… */
  internalErrorCode: string;
  /** Modelled errors the service sends bare (no namespace, `message`), like Cost Explorer's ValidationException. */
  bareErrorCodes?: string[];
  /** Without them any key is accepted; with them the key and the signature are checked. */
  credentials?: { accessKeyId: string; secretAccessKey?: string };
  /** Refuse requests signed for another region. */
  region?: string;
  port?: number;
  onRequest(request: AwsJsonRequest): void;
};

/**
 * An error as AWS JSON-protocol services send it: `__type` and message in
 * the body, the bare code in `x-amzn-errortype`. Errors of the service's
 * model are namespaced and carry `Message`; the front door's (auth) are
 * Coral's and carry `message`; some modelled errors come bare, with
 * `message`.
 */
function errorReply(
  code: string,
  message: string,
  status: number,
  namespace: string | null,
  serviceNamespace: string,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    errorType: code,
    body: JSON.stringify({
      __type: namespace ? `${namespace}#${code}` : code,
      [namespace === serviceNamespace ? 'Message' : 'message']: message,
    }),
    headers: {
      'x-amzn-errortype': namespace
        ? `${code}:http://internal.amazon.com/coral/${namespace}/`
        : code,
      ...headers,
    },
  };
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
 * An AWS JSON 1.1 service on 127.0.0.1, as the SDK talks to it (POST /,
 * `X-Amz-Target: <prefix><operation>`, SigV4): authentication, the one
 * operation it serves, faults to inject (`failNext`), recorded requests.
 * One server serves every region: the region of a request is read from its
 * SigV4 credential scope, as AWS routes by endpoint. The fakes of AWS
 * services (Resource Groups Tagging, Cost Explorer) are this and their
 * operation.
 */
export async function startAwsJsonService(
  options: AwsJsonServiceOptions,
): Promise<{
  url: string;
  failNext(fault: FakeAwsFault): void;
  close(): Promise<void>;
}> {
  const { serviceNamespace } = options;
  const faults: Array<{ fault: FakeAwsFault; remaining: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  const modelled = (
    code: string,
    message: string,
    status = 400,
    headers?: Record<string, string>,
  ) =>
    errorReply(
      code,
      message,
      status,
      options.bareErrorCodes?.includes(code) ? null : serviceNamespace,
      serviceNamespace,
      headers,
    );
  const coral = (code: string, message: string, status = 400) =>
    errorReply(code, message, status, CORAL_NAMESPACE, serviceNamespace);

  function faultReply(fault: FakeAwsFault & { status: number }): Reply {
    const headers = Object.fromEntries(
      Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    if (fault.body !== undefined) {
      return { status: fault.status, body: fault.body, headers };
    }
    const code =
      fault.code ??
      options.defaultFaultCodes[fault.status] ??
      'ServiceException';
    const message =
      fault.message ??
      (options.throttlingCodes.includes(code)
        ? 'Rate exceeded'
        : http.STATUS_CODES[fault.status] ?? 'Error');
    return modelled(code, message, fault.status, headers);
  }

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
    if (auth.service !== options.signingName) {
      return coral(
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${options.signingName}'.`,
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
    region: string,
    input: unknown,
  ): Reply {
    if (req.method !== 'POST' || (req.url ?? '/') !== '/') {
      return coral('UnknownOperationException', 'Unknown operation', 404);
    }
    if (!(req.headers['content-type'] ?? '').startsWith(CONTENT_TYPE)) {
      return coral('SerializationException', 'Unexpected content type');
    }
    if (operation !== options.operation) {
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
      const output = options.serve(input as Record<string, unknown>, region);
      return { status: 200, body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof AwsServiceError) {
        return modelled(error.code, error.message, error.status);
      }
      return modelled(options.internalErrorCode, 'Internal error', 500);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(options.targetPrefix)
      ? target.slice(options.targetPrefix.length)
      : '';
    const auth = parseSigV4Authorization(req.headers.authorization);
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      input = undefined;
    }
    const pageToken =
      typeof input === 'object' && input !== null
        ? options.pageTokenOf(input as Record<string, unknown>)
        : undefined;

    let reply = authenticate(req, body);
    if (!reply) {
      const fault = takeFault(auth?.region, pageToken !== undefined);
      if (fault?.delayMs) await sleep(fault.delayMs);
      reply =
        fault?.status !== undefined
          ? faultReply({ ...fault, status: fault.status })
          : serve(req, operation, auth?.region ?? '', input);
    }

    options.onRequest({
      at,
      operation,
      input,
      region: auth?.region,
      accessKeyId: auth?.accessKeyId,
      ...(pageToken ? { pageToken } : {}),
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

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
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
