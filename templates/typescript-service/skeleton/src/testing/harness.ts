import { randomUUID } from 'node:crypto';
import { InMemoryProvider, OpenFeature, type Client, type Provider } from '@openfeature/server-sdk';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../app';
import { loadConfig, type Config } from '../config';
import type { Database } from '../db';

export const testConfig = (env: Record<string, string> = {}): Config =>
  loadConfig({ DATABASE_URL: 'postgresql://app@localhost:5432/app', LOG_LEVEL: 'debug', ...env });

/** A database whose `ping` succeeds, fails or hangs, counting its calls. */
export class FakeDatabase implements Database {
  pings = 0;
  closed = false;
  constructor(public behaviour: 'up' | 'down' | 'hang' = 'up') {}

  ping(): Promise<void> {
    this.pings += 1;
    if (this.behaviour === 'down') {
      return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    }
    if (this.behaviour === 'hang') {
      return new Promise(() => {});
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** Collects the app's JSON log lines. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  withMsg(msg: string): Record<string, unknown>[] {
    return this.lines.filter(line => line.msg === msg);
  }
}

/** An OpenFeature client of its own (a fresh domain), backed by `provider`. */
export async function flagClient(provider: Provider = new InMemoryProvider({})): Promise<Client> {
  const domain = `test-${randomUUID()}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return OpenFeature.getClient(domain);
}

export interface Harness {
  app: FastifyInstance;
  db: FakeDatabase;
  logs: LogCapture;
  state: { draining: boolean };
}

export async function createHarness(
  overrides: Partial<Omit<AppDeps, 'db'>> & { db?: FakeDatabase } = {},
): Promise<Harness> {
  const db = overrides.db ?? new FakeDatabase();
  const logs = new LogCapture();
  const state = overrides.state ?? { draining: false };
  const app = buildApp({
    config: overrides.config ?? testConfig(),
    flags: overrides.flags ?? (await flagClient()),
    readyTimeoutMs: overrides.readyTimeoutMs ?? 50,
    db,
    state,
    logger: logs,
  });
  return { app, db, logs, state };
}
