import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/*
 * A minimal X.509 v3 writer (DER), so the fake can serve HTTPS without a
 * certificate library: Azure's pipeline refuses to send bearer tokens over
 * plain http, and a fixed certificate in the repository would expire.
 */

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80)
    return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.concat([
    Buffer.from([tag, 0x80 | bytes.length, ...bytes]),
    content,
  ]);
}

const sequence = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const explicit = (n: number, content: Buffer) => der(0xa0 + n, content);
const octetString = (content: Buffer) => der(0x04, content);
const bitString = (content: Buffer) =>
  der(0x03, Buffer.concat([Buffer.from([0]), content]));
const utf8String = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const booleanTrue = () => der(0x01, Buffer.from([0xff]));

/** A non-negative DER INTEGER: minimal bytes, positive kept positive. */
export function unsignedInteger(value: Buffer): Buffer {
  // DER forbids leading zero bytes (OpenSSL: "illegal padding") ...
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start += 1;
  const minimal = value.subarray(start);
  // ... except one that keeps a value with its high bit set positive.
  return der(
    0x02,
    minimal[0] & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal,
  );
}

function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const encoded = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) {
      encoded.unshift(n % 128 | 0x80);
    }
    bytes.push(...encoded);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(
    8,
    10,
  )}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return der(0x17, Buffer.from(text, 'ascii'));
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';
const SUBJECT_ALT_NAME = '2.5.29.17';
const DAY_MS = 24 * 60 * 60 * 1000;

const pem = (label: string, body: Buffer) =>
  `-----BEGIN ${label}-----\n${body
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

/**
 * A self-signed P-256 certificate for `127.0.0.1` and `localhost`, valid
 * from yesterday for `days` days, and its private key, both PEM.
 */
export function selfSignedCertificate(
  commonName: string,
  days = 365,
  serial: Buffer = randomBytes(16),
): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
  });
  const now = Date.now();
  const name = sequence(
    set(sequence(objectIdentifier(COMMON_NAME), utf8String(commonName))),
  );
  const algorithm = sequence(objectIdentifier(ECDSA_WITH_SHA256));
  const subjectAltName = sequence(
    der(0x87, Buffer.from([127, 0, 0, 1])), // iPAddress
    der(0x82, Buffer.from('localhost', 'ascii')), // dNSName
  );
  const tbsCertificate = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(
      utcTime(new Date(now - DAY_MS)),
      utcTime(new Date(now + days * DAY_MS)),
    ),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        // CA:TRUE, so that clients can trust it as its own issuer.
        sequence(
          objectIdentifier(BASIC_CONSTRAINTS),
          booleanTrue(),
          octetString(sequence(booleanTrue())),
        ),
        sequence(
          objectIdentifier(SUBJECT_ALT_NAME),
          octetString(subjectAltName),
        ),
      ),
    ),
  );
  // ECDSA signatures from node:crypto are DER already, as X.509 wants them.
  const signature = sign('sha256', tbsCertificate, privateKey);
  const certificate = sequence(tbsCertificate, algorithm, bitString(signature));
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: pem('CERTIFICATE', certificate),
  };
}
