import { basicError } from './responses';

/** What a route answers; the server adds the common headers, ETag and rate limit. */
export type Reply = {
  status: number;
  json?: unknown;
  /** A raw (non-JSON) body, e.g. a file's bytes. */
  raw?: Buffer;
  headers?: Record<string, string>;
};

export const notFound = (message = 'Not Found'): Reply => ({
  status: 404,
  json: basicError(message),
});

export function ok(json: unknown, link?: string): Reply {
  return { status: 200, json, headers: link ? { link } : undefined };
}
