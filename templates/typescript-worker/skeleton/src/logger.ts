import type { Logger as OpenFeatureLogger } from '@openfeature/server-sdk';
import { pino, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger } from 'pino';

/** Where JSON log lines go: stdout by default, a capturing stream in tests. */
export interface LogDestination {
  write(line: string): void;
}

const isoTime = () => `,"time":"${new Date().toISOString()}"`;

/**
 * A pino logger writing one JSON object per line:
 * `{"level":"info","time":"…","service":"…","jobId":"…","correlationId":"…","msg":"…"}`.
 */
export function createLogger(
  config: Pick<Config, 'serviceName' | 'logLevel'>,
  destination?: LogDestination,
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: config.serviceName },
      formatters: { level: (label: string) => ({ level: label }) },
      timestamp: isoTime,
    },
    // process.stdout writes synchronously on Linux (files, pipes, terminals), so
    // lines keep their order and nothing is lost when the process exits.
    destination ?? process.stdout,
  );
}

/**
 * A line in the same shape as the logger's, for the moments before the
 * logger exists (bad configuration) or after it failed.
 */
export function fatalLine(serviceName: string, msg: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({
    level: 'fatal',
    time: new Date().toISOString(),
    service: serviceName,
    ...extra,
    msg,
  })}\n`;
}

/** Sends the OpenFeature SDK's own messages to pino, so they are JSON too. */
export function openFeatureLogger(log: Logger): OpenFeatureLogger {
  const forward =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (...args: unknown[]) => {
      const err = args.find(arg => arg instanceof Error);
      const msg = args.filter(arg => typeof arg === 'string').join(' ') || 'openfeature';
      log[level]({ component: 'openfeature', ...(err ? { err } : {}) }, msg);
    };
  return {
    error: forward('error'),
    warn: forward('warn'),
    info: forward('info'),
    debug: forward('debug'),
  };
}
