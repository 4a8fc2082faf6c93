import type { V1ListMeta, V1Status } from '@kubernetes/client-node';

/**
 * Bodies shaped like the API server's, typed with the client's models where
 * the wire format matches them.
 */

/** List metadata as it travels: the client's model calls `continue` `_continue`. */
export type WireListMeta = Omit<V1ListMeta, '_continue'> & {
  continue?: string;
};

export type WireList = {
  kind: string;
  apiVersion: string;
  metadata: WireListMeta;
  items: unknown[];
};

export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const MESSAGES: Record<number, string> = {
  401: 'Unauthorized',
  429: 'Too many requests, please try again later.',
  500: 'Internal error occurred: etcdserver: request timed out',
  503: 'The server is currently unable to handle the request',
  504: 'The server was unable to return a response in the time allotted, but may still be processing the request',
};

/** A `Status` failure body, as the API server sends with every error. */
export function status(
  code: number,
  message?: string,
  extra: Partial<V1Status> & { metadata?: WireListMeta } = {},
): Omit<V1Status, 'metadata'> & { metadata: WireListMeta } {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      message ?? MESSAGES[code] ?? `the server responded with status ${code}`,
    reason: REASONS[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest'),
    code,
    ...extra,
  };
}

/**
 * JSON as the API server writes it: timestamps in RFC 3339 without
 * fractional seconds (`2026-11-20T10:00:00Z`).
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: any, key, current) {
    const raw = this[key];
    if (raw instanceof Date) return raw.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return current;
  });
}
