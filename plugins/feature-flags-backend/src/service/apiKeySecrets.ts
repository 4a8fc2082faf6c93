import { createHash, randomBytes } from 'crypto';

const SECRET_PREFIX = 'pvff_';
/** Characters of a key kept to recognise it in lists (never enough to use it). */
const SHOWN_CHARACTERS = 12;

export const hashApiKey = (secret: string) =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** The start of a key, kept to recognise it in lists. */
export const apiKeyPrefix = (secret: string) =>
  secret.slice(0, SHOWN_CHARACTERS);

/** A new API key: the secret (shown once), its prefix and its SHA-256 (stored). */
export function generateApiKey(): {
  secret: string;
  prefix: string;
  hash: string;
} {
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    secret,
    prefix: apiKeyPrefix(secret),
    hash: hashApiKey(secret),
  };
}

/** The key in `Authorization: Bearer <key>` or `X-API-Key: <key>` (OFREP's two schemes). */
export function apiKeyFromHeaders(headers: {
  authorization?: string;
  'x-api-key'?: string | string[];
}): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (match) return match[1];
  const header = headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  return key?.trim() || undefined;
}
