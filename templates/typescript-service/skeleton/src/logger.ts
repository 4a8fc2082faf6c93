import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Logger as OpenFeatureLogger } from '@openfeature/server-sdk';
import type { Config } from './config';

/** Where JSON log lines go: stdout by default, a capturing stream in tests. */
export interface LogDestination {
  write(line: string): void;
}

/** Fastify's `logger` option: fastify options plus pino's. */
export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

const isoTime = () => `,"time":"${new Date().toISOString()}"`;

/**
 * pino options giving one JSON object per line:
 * `{"level":"info","time":"…","service":"…","correlationId":"…","msg":"…"}`.
 */
export function loggerOptions(
  config: Pick<Config, 'serviceName' | 'logLevel'>,
  destination?: LogDestination,
): LoggerOptions {
  return {
    level: config.logLevel,
    base: { service: config.serviceName },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: isoTime,
    // process.stdout writes synchronously on Linux (files, pipes, terminals), so
    // lines keep their order and nothing is lost when the process exits.
    stream: destination ?? process.stdout,
  };
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
export function openFeatureLogger(log: FastifyBaseLogger): OpenFeatureLogger {
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
