import type { z } from 'zod';
import type { Logger } from '../logger';

/** What a handler gets besides its payload. */
export interface JobContext {
  jobId: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** Pass it on to the services you call (e.g. as the `x-correlation-id` header). */
  correlationId: string;
  /** Its lines carry `jobId`, `jobType`, `attempt` and `correlationId`. */
  log: Logger;
  /**
   * Aborted when the worker shuts down and the job has not finished within
   * SHUTDOWN_TIMEOUT_MS: the job is given back to the queue and runs again
   * later, so stop early (pass it to `fetch`, for instance).
   */
  signal: AbortSignal;
}

/**
 * One job type. Jobs run at least once: after a crash or a lost database
 * connection a job that had done its work may run again, so make `handle`
 * idempotent (e.g. an idempotency key derived from the job id).
 */
export interface JobHandler<Payload extends z.ZodType = z.ZodType> {
  /** The `type` column of its jobs, e.g. `send-welcome-email`. */
  type: string;
  /** Checked before `handle` runs; a payload that fails it sends the job straight to dead. */
  payload: Payload;
  /** Resolves when the work is done; throws to fail the attempt (it is retried with backoff). */
  handle(payload: z.output<Payload>, ctx: JobContext): Promise<void>;
}

/** Types the handler's payload from its schema. */
export function defineHandler<Payload extends z.ZodType>(handler: JobHandler<Payload>): JobHandler<Payload> {
  return handler;
}

/**
 * A failure that retrying cannot fix (a payload that can never be valid, a
 * customer that no longer exists): the job goes to the dead-letter state at
 * once instead of after MAX_ATTEMPTS.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export class InvalidPayloadError extends PermanentJobError {
  constructor(
    readonly type: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid payload for ${type}: ${problems.join('; ')}`);
    this.name = 'InvalidPayloadError';
  }
}

/** The handler's payload, checked by its schema; throws an {@link InvalidPayloadError} naming each bad field. */
export function validatePayload<Payload extends z.ZodType>(
  handler: JobHandler<Payload>,
  payload: unknown,
): z.output<Payload> {
  const result = handler.payload.safeParse(payload);
  if (!result.success) {
    throw new InvalidPayloadError(
      handler.type,
      result.error.issues.map(issue => `${['payload', ...issue.path.map(String)].join('.')}: ${issue.message}`),
    );
  }
  return result.data;
}

/** The handlers by job type. */
export class HandlerRegistry {
  private readonly byType = new Map<string, JobHandler>();

  constructor(handlers: readonly JobHandler[]) {
    for (const handler of handlers) {
      if (this.byType.has(handler.type)) {
        throw new Error(`two handlers for job type "${handler.type}"`);
      }
      this.byType.set(handler.type, handler);
    }
  }

  get(type: string): JobHandler | undefined {
    return this.byType.get(type);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Validates the payload, then runs the handler. */
  async run(type: string, payload: unknown, ctx: JobContext): Promise<void> {
    const handler = this.byType.get(type);
    if (!handler) {
      // Not permanent: during a rolling deployment a replica of the previous
      // version may see a job type that only the new version knows.
      throw new Error(`no handler for job type "${type}" (known: ${this.types().join(', ')})`);
    }
    await handler.handle(validatePayload(handler, payload), ctx);
  }
}
