import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';

export type RecordedRequest = {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
};

export type FakeResponse = { status: number; body: unknown };

/**
 * A real HTTP server standing in for the feature-flags backend
 * (`/api/feature-flags`): it records every request and answers with what
 * `respond` says, errors in the Backstage error body format.
 */
export class FakeFeatureFlagsBackend {
  readonly requests: RecordedRequest[] = [];
  respond: (request: RecordedRequest, index: number) => FakeResponse = () => ({
    status: 500,
    body: { message: 'no response scripted' },
  });

  private readonly server: Server = createServer(async (req, res) => {
    const request: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      body: await readJson(req),
    };
    this.requests.push(request);
    const { status, body } = this.respond(request, this.requests.length - 1);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });

  private constructor() {}

  static async start(): Promise<FakeFeatureFlagsBackend> {
    const fake = new FakeFeatureFlagsBackend();
    await new Promise<void>(resolve =>
      fake.server.listen(0, '127.0.0.1', resolve),
    );
    return fake;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** What Backstage's error handler sends for an error with this status. */
  static error(status: number, name: string, message: string): FakeResponse {
    return {
      status,
      body: {
        error: { name, message },
        request: { method: 'POST', url: '/' },
        response: { statusCode: status },
      },
    };
  }

  async close(): Promise<void> {
    // fetch keeps connections alive; they would hold close() open.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close(error => (error ? reject(error) : resolve())),
    );
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}
