import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';

const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The request's correlation id: the caller's `x-correlation-id` when it is
 * sane (1–128 characters of A–Z a–z 0–9 . _ -), else a new UUID. Anything
 * else is replaced so that it cannot forge log lines or bloat them.
 */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_ID.test(value) ? value : randomUUID();
}
