import { randomUUID } from 'node:crypto';

const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * A job's correlation id: its payload's `correlationId` when that is sane
 * (1–128 characters of A–Z a–z 0–9 . _ -), else a new UUID. Producers put
 * the id of the request that asked for the job there (`enqueue()` does), so
 * one id follows the work from the HTTP request to the job's log lines.
 */
export function correlationIdOf(payload: unknown): string {
  const value =
    payload !== null && typeof payload === 'object' && 'correlationId' in payload
      ? payload.correlationId
      : undefined;
  return typeof value === 'string' && SANE_ID.test(value) ? value : randomUUID();
}
