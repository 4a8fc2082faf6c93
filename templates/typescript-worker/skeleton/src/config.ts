import { z } from 'zod';

/** The worker's name: the `service` field of every log line and metric. */
export const SERVICE_NAME = '${{ values.name }}';

/** The queue table, created by the worker at start (see src/queue/schema.ts). */
export const JOBS_TABLE = '${{ values.jobsTable }}';

export const DEFAULT_PORT = ${{ values.port }};
export const DEFAULT_CONCURRENCY = ${{ values.concurrency }};
export const DEFAULT_FLAGS_URL = '${{ values.pavedBaseUrl }}/api/feature-flags';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated configuration; see the README for each variable. */
export interface Config {
  serviceName: string;
  port: number;
  logLevel: LogLevel;
  databaseUrl: string;
  /** How long the poll loop waits when the queue is empty. */
  pollIntervalMs: number;
  /** Jobs run at the same time by one replica. */
  concurrency: number;
  /** A job that has failed this many times goes to the dead-letter state. */
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long… */
  retryBaseDelayMs: number;
  /** …but never longer than this. */
  retryMaxDelayMs: number;
  /** How long running jobs may take to finish once SIGTERM arrives. */
  shutdownTimeoutMs: number;
  flagsUrl: string;
  flagsApiKey: string | undefined;
}

const required = { error: 'is required' } as const;

const integer = (min: number, max: number) => {
  const message = `must be an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
};

const urlWithProtocols = (protocols: string[], message: string) =>
  z.string().refine(value => {
    try {
      const url = new URL(value);
      return protocols.includes(url.protocol) && url.hostname !== '';
    } catch {
      return false;
    }
  }, message);

const envSchema = z.object({
  PORT: integer(1, 65535).default(DEFAULT_PORT),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  DATABASE_URL: z
    .string(required)
    .pipe(
      urlWithProtocols(
        ['postgres:', 'postgresql:'],
        'must be a postgres:// or postgresql:// URL with a host',
      ),
    ),
  POLL_INTERVAL_MS: integer(10, 60_000).default(1_000),
  CONCURRENCY: integer(1, 100).default(DEFAULT_CONCURRENCY),
  MAX_ATTEMPTS: integer(1, 100).default(5),
  RETRY_BASE_DELAY_MS: integer(1, 3_600_000).default(5_000),
  RETRY_MAX_DELAY_MS: integer(1, 86_400_000).default(3_600_000),
  SHUTDOWN_TIMEOUT_MS: integer(1, 600_000).default(20_000),
  PAVED_FLAGS_URL: urlWithProtocols(['http:', 'https:'], 'must be an http:// or https:// URL')
    .transform(url => url.replace(/\/+$/, ''))
    .default(DEFAULT_FLAGS_URL),
  PAVED_FLAGS_API_KEY: z.string().optional(),
});

/** Thrown by {@link loadConfig}; `message` is one line naming every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from the environment. Empty values
 * count as unset. Values are never echoed back (DATABASE_URL holds a password).
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input = Object.fromEntries(
    Object.keys(envSchema.shape).map(key => {
      const value = env[key]?.trim();
      return [key, value === '' ? undefined : value];
    }),
  );
  const result = envSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(issue => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  const e = result.data;
  if (e.RETRY_MAX_DELAY_MS < e.RETRY_BASE_DELAY_MS) {
    throw new ConfigError(['RETRY_MAX_DELAY_MS must not be less than RETRY_BASE_DELAY_MS']);
  }
  return {
    serviceName: SERVICE_NAME,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    pollIntervalMs: e.POLL_INTERVAL_MS,
    concurrency: e.CONCURRENCY,
    maxAttempts: e.MAX_ATTEMPTS,
    retryBaseDelayMs: e.RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: e.RETRY_MAX_DELAY_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    flagsUrl: e.PAVED_FLAGS_URL,
    flagsApiKey: e.PAVED_FLAGS_API_KEY,
  };
}
