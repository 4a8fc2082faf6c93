import { z } from 'zod';

/** The service's name: the `service` field of every log line and metric. */
export const SERVICE_NAME = '${{ values.name }}';

export const DEFAULT_PORT = ${{ values.port }};
export const DEFAULT_FLAGS_URL = '${{ values.pavedBaseUrl }}/api/feature-flags';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated configuration; see the README for each variable. */
export interface Config {
  serviceName: string;
  port: number;
  logLevel: LogLevel;
  databaseUrl: string;
  flagsUrl: string;
  flagsApiKey: string | undefined;
  shutdownTimeoutMs: number;
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
  PAVED_FLAGS_URL: urlWithProtocols(['http:', 'https:'], 'must be an http:// or https:// URL')
    .transform(url => url.replace(/\/+$/, ''))
    .default(DEFAULT_FLAGS_URL),
  PAVED_FLAGS_API_KEY: z.string().optional(),
  SHUTDOWN_TIMEOUT_MS: integer(1, 600_000).default(10_000),
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
  return {
    serviceName: SERVICE_NAME,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    flagsUrl: e.PAVED_FLAGS_URL,
    flagsApiKey: e.PAVED_FLAGS_API_KEY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
