import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';

/** The parts of a SigV4 `Authorization` header. */
export type SigV4Authorization = {
  accessKeyId: string;
  /** `YYYYMMDD` */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
};

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; undefined when it is not one. */
export function parseSigV4Authorization(
  header: string | undefined,
): SigV4Authorization | undefined {
  const match = AUTHORIZATION.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] =
    match;
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

const sha256Hex = (data: string | Buffer) =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

/**
 * Recomputes the signature of a request whose path is `/` and has no query
 * string (every JSON-protocol request), as AWS does, and compares it.
 */
export function verifySigV4(
  auth: SigV4Authorization,
  request: { method: string; headers: IncomingHttpHeaders; body: Buffer },
  secretAccessKey: string,
): boolean {
  const header = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(',') : value ?? '')
      .trim()
      .replace(/\s+/g, ' ');
  };
  const amzDate = header('x-amz-date');
  const payloadHash = sha256Hex(request.body);
  const declaredHash = header('x-amz-content-sha256');
  if (!amzDate.startsWith(auth.date)) return false;
  if (declaredHash && declaredHash !== payloadHash) return false;

  const canonicalRequest = [
    request.method,
    '/',
    '',
    ...auth.signedHeaders.map(name => `${name}:${header(name)}`),
    '',
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const signingKey = [
    auth.date,
    auth.region,
    auth.service,
    'aws4_request',
  ].reduce<string | Buffer>(
    (key, part) => hmac(key, part),
    `AWS4${secretAccessKey}`,
  );
  const expected = hmac(signingKey, stringToSign);
  return timingSafeEqual(expected, Buffer.from(auth.signature, 'hex'));
}
