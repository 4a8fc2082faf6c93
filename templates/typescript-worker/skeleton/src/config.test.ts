import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, DEFAULT_CONCURRENCY, DEFAULT_FLAGS_URL, DEFAULT_PORT, SERVICE_NAME, loadConfig } from './config';

const DATABASE_URL = 'postgresql://app:secret@db.internal:5432/app';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  test('applies the defaults when only DATABASE_URL is set', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL }), {
      serviceName: SERVICE_NAME,
      port: DEFAULT_PORT,
      logLevel: 'info',
      databaseUrl: DATABASE_URL,
      pollIntervalMs: 1_000,
      concurrency: DEFAULT_CONCURRENCY,
      maxAttempts: 5,
      retryBaseDelayMs: 5_000,
      retryMaxDelayMs: 3_600_000,
      shutdownTimeoutMs: 20_000,
      flagsUrl: DEFAULT_FLAGS_URL,
      flagsApiKey: undefined,
    });
  });

  test('reads every variable', () => {
    const config = loadConfig({
      PORT: '9090',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://db/app',
      POLL_INTERVAL_MS: '250',
      CONCURRENCY: '8',
      MAX_ATTEMPTS: '10',
      RETRY_BASE_DELAY_MS: '1000',
      RETRY_MAX_DELAY_MS: '60000',
      SHUTDOWN_TIMEOUT_MS: '25000',
      PAVED_FLAGS_URL: 'https://paved.example.com/api/feature-flags/',
      PAVED_FLAGS_API_KEY: 'pk_123',
    });
    assert.equal(config.port, 9090);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.pollIntervalMs, 250);
    assert.equal(config.concurrency, 8);
    assert.equal(config.maxAttempts, 10);
    assert.equal(config.retryBaseDelayMs, 1_000);
    assert.equal(config.retryMaxDelayMs, 60_000);
    assert.equal(config.shutdownTimeoutMs, 25_000);
    assert.equal(config.flagsUrl, 'https://paved.example.com/api/feature-flags');
    assert.equal(config.flagsApiKey, 'pk_123');
  });

  test('treats empty values as unset', () => {
    const config = loadConfig({ DATABASE_URL, PORT: '', CONCURRENCY: ' ', PAVED_FLAGS_API_KEY: '  ' });
    assert.equal(config.port, DEFAULT_PORT);
    assert.equal(config.concurrency, DEFAULT_CONCURRENCY);
    assert.equal(config.flagsApiKey, undefined);
  });

  test('names a bad PORT', () => {
    const err = configError({ DATABASE_URL, PORT: 'abc' });
    assert.deepEqual(err.problems, ['PORT must be an integer from 1 to 65535']);
    assert.equal(err.message, 'invalid configuration: PORT must be an integer from 1 to 65535');
  });

  test('rejects out-of-range numbers, naming each variable', () => {
    assert.match(configError({ DATABASE_URL, PORT: '70000' }).message, /PORT/);
    assert.match(configError({ DATABASE_URL, CONCURRENCY: '0' }).message, /CONCURRENCY must be an integer from 1 to 100/);
    assert.match(configError({ DATABASE_URL, MAX_ATTEMPTS: '1.5' }).message, /MAX_ATTEMPTS/);
    assert.match(configError({ DATABASE_URL, POLL_INTERVAL_MS: '5' }).message, /POLL_INTERVAL_MS must be an integer from 10/);
    assert.match(configError({ DATABASE_URL, SHUTDOWN_TIMEOUT_MS: '-5' }).message, /SHUTDOWN_TIMEOUT_MS/);
  });

  test('wants the retry cap at least the first retry delay', () => {
    assert.deepEqual(configError({ DATABASE_URL, RETRY_BASE_DELAY_MS: '10000', RETRY_MAX_DELAY_MS: '5000' }).problems, [
      'RETRY_MAX_DELAY_MS must not be less than RETRY_BASE_DELAY_MS',
    ]);
  });

  test('requires DATABASE_URL and wants a postgres URL', () => {
    assert.deepEqual(configError({}).problems, ['DATABASE_URL is required']);
    assert.deepEqual(configError({ DATABASE_URL: 'mysql://db/app' }).problems, [
      'DATABASE_URL must be a postgres:// or postgresql:// URL with a host',
    ]);
  });

  test('rejects an unknown LOG_LEVEL and a non-http PAVED_FLAGS_URL', () => {
    assert.match(configError({ DATABASE_URL, LOG_LEVEL: 'loud' }).message, /LOG_LEVEL must be one of fatal, error/);
    assert.match(configError({ DATABASE_URL, PAVED_FLAGS_URL: 'ftp://x' }).message, /PAVED_FLAGS_URL/);
  });

  test('reports every problem on one line, without echoing values', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'mysql://user:hunter2@db/app' });
    assert.equal(err.problems.length, 2);
    assert.doesNotMatch(err.message, /\n/);
    assert.doesNotMatch(err.message, /hunter2/);
    assert.match(err.message, /PORT .*; DATABASE_URL /);
  });
});
