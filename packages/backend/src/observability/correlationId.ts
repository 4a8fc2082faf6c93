import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { format } from 'winston';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

const requestContext = new AsyncLocalStorage<{ correlationId: string }>();

// Accept a caller's id only when it is a plain token, so a header cannot
// inject text into log lines.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The correlation id of the request being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return requestContext.getStore()?.correlationId;
}

/**
 * Takes the caller's `X-Correlation-Id` (or generates one), echoes it on the
 * response, and makes it visible to every log line written while the request
 * is handled.
 */
export function correlationIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const offered = req.header(CORRELATION_ID_HEADER);
    const correlationId =
      offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    res.setHeader(CORRELATION_ID_HEADER, correlationId);
    requestContext.run({ correlationId }, () => next());
  };
}

/** A winston format that stamps log lines with the current correlation id. */
export const correlationIdFormat = format(info => {
  const correlationId = currentCorrelationId();
  if (correlationId && info.correlationId === undefined) {
    info.correlationId = correlationId;
  }
  return info;
});
