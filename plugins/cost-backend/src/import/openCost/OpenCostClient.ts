import { LoggerService } from '@backstage/backend-plugin-api';
import {
  OPENCOST_AGGREGATE,
  OpenCostAllocation,
  openCostAllocationResponseSchema,
} from './openCostAllocation';

const DAY_MS = 86_400_000;

/** A request OpenCost (or the proxy in front of it) did not answer well. */
export class OpenCostRequestError extends Error {
  constructor(
    message: string,
    /** The HTTP status; undefined when there was no answer (network, timeout). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OpenCostRequestError';
  }
}

/** One day's allocations (UTC). */
export type OpenCostDay = {
  /** `YYYY-MM-DD`. */
  day: string;
  allocations: OpenCostAllocation[];
};

export type OpenCostClientOptions = {
  baseUrl: string;
  token?: string;
  /** Attempts of one window before giving up (each answer that is not a timeout or 5xx ends it). */
  maxAttempts: number;
  /** The first retry waits this long, each next one twice as long (with jitter). */
  retryDelayMs?: number;
  /** A request without an answer by then counts as a timeout. */
  requestTimeoutMs?: number;
  logger: LoggerService;
};

const dayText = (time: number) => new Date(time).toISOString().slice(0, 10);

const describeWindow = (from: number, to: number) => {
  const days = Math.round((to - from) / DAY_MS);
  return days === 1
    ? `the day ${dayText(from)}`
    : `${days} days from ${dayText(from)}`;
};

/**
 * OpenCost's `/allocation` API, asked for daily allocations per pod and
 * container in windows of days. A window OpenCost cannot answer in time
 * (504 from the proxy in front of it, or no answer) is asked again in
 * halves, down to one day, and the smaller window is kept for the rest of
 * the run; other 5xx and network failures are retried with exponential
 * backoff; a 4xx or an answer that is not OpenCost's fails at once.
 */
export class OpenCostClient {
  private readonly retryDelayMs: number;
  private readonly requestTimeoutMs: number;
  /** What happened on the way, for the import's log. */
  readonly notes: string[] = [];

  constructor(private readonly options: OpenCostClientOptions) {
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
  }

  /** Every day of [from, to) (UTC midnights), asking `windowDays` at a time at first. */
  async *days(
    from: Date,
    to: Date,
    windowDays: number,
  ): AsyncGenerator<OpenCostDay> {
    let size = windowDays;
    let cursor = from.getTime();
    const end = to.getTime();
    while (cursor < end) {
      const windowEnd = Math.min(cursor + size * DAY_MS, end);
      let steps: Record<string, OpenCostAllocation>[];
      try {
        steps = await this.fetchWindow(cursor, windowEnd);
      } catch (error) {
        const timedOut =
          error instanceof OpenCostRequestError &&
          (error.status === 504 || error.status === undefined);
        const days = Math.round((windowEnd - cursor) / DAY_MS);
        if (!timedOut || days <= 1) throw error;
        size = Math.ceil(days / 2);
        const note = `${error.message} for ${describeWindow(
          cursor,
          windowEnd,
        )}; asking for ${size}-day windows`;
        this.notes.push(note);
        this.options.logger.warn(note);
        continue;
      }
      for (let i = 0; cursor + i * DAY_MS < windowEnd; i++) {
        const allocations = Object.values(steps[i] ?? {});
        const day =
          allocations.length > 0
            ? allocations[0].window.start.slice(0, 10)
            : dayText(cursor + i * DAY_MS);
        yield { day, allocations };
      }
      cursor = windowEnd;
    }
  }

  /** One window, with retries; the steps' maps in order. */
  private async fetchWindow(
    from: number,
    to: number,
  ): Promise<Record<string, OpenCostAllocation>[]> {
    const { maxAttempts, logger } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request(from, to);
      } catch (error) {
        const retryable =
          error instanceof OpenCostRequestError &&
          (error.status === undefined || error.status >= 500);
        const days = Math.round((to - from) / DAY_MS);
        // A timeout on more than a day is answered with smaller windows, not retries.
        const timeout =
          error instanceof OpenCostRequestError &&
          (error.status === 504 || error.status === undefined);
        if (!retryable || (timeout && days > 1)) throw error;
        if (attempt >= maxAttempts) {
          throw new OpenCostRequestError(
            `${
              (error as Error).message
            } — ${attempt} attempts for ${describeWindow(from, to)}`,
            (error as OpenCostRequestError).status,
          );
        }
        const delay =
          this.retryDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
        logger.info(
          `${(error as Error).message}; retrying ${describeWindow(
            from,
            to,
          )} in ${Math.round(delay)} ms (attempt ${
            attempt + 1
          } of ${maxAttempts})`,
        );
        await new Promise(resolve => setTimeout(resolve, delay));
      }
    }
  }

  private async request(
    from: number,
    to: number,
  ): Promise<Record<string, OpenCostAllocation>[]> {
    const { baseUrl, token } = this.options;
    const query = new URLSearchParams({
      window: `${new Date(from).toISOString().replace('.000Z', 'Z')},${new Date(
        to,
      )
        .toISOString()
        .replace('.000Z', 'Z')}`,
      aggregate: OPENCOST_AGGREGATE,
      step: '1d',
      accumulate: 'false',
      idle: 'true',
      includeIdle: 'true',
    });
    const url = `${baseUrl}/allocation?${query}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      throw new OpenCostRequestError(
        `OpenCost at ${baseUrl} gave no answer: ${
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${this.requestTimeoutMs / 1000} s`
            : cause?.message ?? (error as Error).message
        }`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new OpenCostRequestError(
        `OpenCost at ${baseUrl} answered ${response.status} ${
          response.statusText
        }${describeErrorBody(text)}`,
        response.status,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new OpenCostRequestError(
        `OpenCost at ${baseUrl} answered something that is not JSON (${text.slice(
          0,
          80,
        )}…): is baseUrl OpenCost's API (port 9003)?`,
        response.status,
      );
    }
    const parsed = openCostAllocationResponseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OpenCostRequestError(
        `OpenCost at ${baseUrl} answered JSON that is not an allocation set: ${issue.path.join(
          '.',
        )}: ${issue.message}`,
        response.status,
      );
    }
    return parsed.data.data;
  }
}

/** `: <message>` from OpenCost's JSON error, or nothing for a proxy's HTML page. */
function describeErrorBody(text: string): string {
  try {
    const body = JSON.parse(text);
    const message = body?.message ?? body?.error;
    return typeof message === 'string' && message ? `: ${message}` : '';
  } catch {
    return '';
  }
}
