import { createHash } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { parseSigV4Authorization } from './sigv4';

/** One object of the fake S3. */
type StoredObject = { body: Buffer; etag: string; lastModified: Date };

export type FakeS3Options = {
  port?: number;
  /** Only this access key is accepted (`InvalidAccessKeyId` otherwise); signatures are not checked. */
  credentials?: { accessKeyId: string };
};

/** A request the fake answered, oldest first. */
export type FakeS3Request = {
  method: string;
  bucket: string;
  key: string;
  /** The `Range` header, when one was sent. */
  range?: string;
  status: number;
};

export interface FakeS3Server {
  /** E.g. http://127.0.0.1:PORT — the client's `endpoint`, with `forcePathStyle`. */
  readonly url: string;
  readonly requests: FakeS3Request[];
  /** Stores (or replaces) an object; its ETag is the MD5 of its bytes, as for a single-part upload. */
  putObject(bucket: string, key: string, body: Buffer | string): void;
  /** The next `count` (default 1) object requests answer with this S3 error. */
  failNext(fault: { status: number; code: string; count?: number }): void;
  close(): Promise<void>;
}

function xmlError(code: string, message: string, resource: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>${resource}</Resource><RequestId>FAKE</RequestId></Error>`;
}

/**
 * A fake Amazon S3 for reading exports (AWS Data Exports and FOCUS files
 * land in buckets): path-style `GET`/`HEAD /{bucket}/{key}` as the SDK's
 * `GetObject`/`HeadObject` send them with `forcePathStyle`, byte ranges
 * (`Range: bytes=a-b` → 206, what Parquet readers ask for), ETag and
 * Last-Modified, S3's XML errors (`NoSuchBucket`, `NoSuchKey`,
 * `InvalidRange`, `AccessDenied` without a SigV4 `Authorization`).
 */
export async function startFakeS3(
  options: FakeS3Options = {},
): Promise<FakeS3Server> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const requests: FakeS3Request[] = [];
  const faults: Array<{ status: number; code: string; remaining: number }> = [];

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
  ): { status: number; bucket: string; key: string } {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const resource = `/${bucket}/${key}`;
    const send = (status: number, body: string | Buffer, headers = {}) => {
      res.writeHead(status, {
        'x-amz-request-id': 'FAKE',
        ...(typeof body === 'string' && body.startsWith('<?xml')
          ? { 'content-type': 'application/xml' }
          : {}),
        ...headers,
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return { status, bucket, key };
    };
    const auth = parseSigV4Authorization(req.headers.authorization);
    if (!auth || auth.service !== 's3') {
      return send(403, xmlError('AccessDenied', 'Access Denied', resource));
    }
    if (
      options.credentials &&
      auth.accessKeyId !== options.credentials.accessKeyId
    ) {
      return send(
        403,
        xmlError(
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
          resource,
        ),
      );
    }
    const fault = faults[0];
    if (fault) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults.shift();
      return send(fault.status, xmlError(fault.code, fault.code, resource));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, xmlError('MethodNotAllowed', 'Not allowed', resource));
    }
    const objects = buckets.get(bucket);
    if (!objects) {
      return send(
        404,
        xmlError(
          'NoSuchBucket',
          'The specified bucket does not exist',
          resource,
        ),
      );
    }
    const object = objects.get(key);
    if (!object) {
      return send(
        404,
        xmlError('NoSuchKey', 'The specified key does not exist.', resource),
      );
    }
    const headers = {
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (req.headers.range && !range) {
      return send(
        416,
        xmlError(
          'InvalidRange',
          'The requested range is not satisfiable',
          resource,
        ),
      );
    }
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(
        range[2] === '' ? object.body.length - 1 : Number(range[2]),
        object.body.length - 1,
      );
      if (start >= object.body.length || end < start) {
        return send(
          416,
          xmlError(
            'InvalidRange',
            'The requested range is not satisfiable',
            resource,
          ),
        );
      }
      return send(206, object.body.subarray(start, end + 1), {
        ...headers,
        'content-range': `bytes ${start}-${end}/${object.body.length}`,
      });
    }
    return send(200, object.body, headers);
  }

  const server = http.createServer((req, res) => {
    const { status, bucket, key } = answer(req, res);
    requests.push({
      method: req.method ?? '',
      bucket,
      key,
      ...(req.headers.range ? { range: req.headers.range } : {}),
      status,
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
    requests,
    putObject(bucket, key, body) {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      let objects = buckets.get(bucket);
      if (!objects) {
        objects = new Map();
        buckets.set(bucket, objects);
      }
      // A second apart at least: Last-Modified has whole seconds.
      const previous = objects.get(key)?.lastModified.getTime() ?? 0;
      objects.set(key, {
        body: bytes,
        etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
        lastModified: new Date(Math.max(Date.now(), previous + 1000)),
      });
    },
    failNext(fault) {
      faults.push({ ...fault, remaining: fault.count ?? 1 });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
