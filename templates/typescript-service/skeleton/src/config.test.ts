import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, DEFAULT_FLAGS_URL, DEFAULT_PORT, SERVICE_NAME, loadConfig } from './config';

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
      flagsUrl: DEFAULT_FLAGS_URL,
      flagsApiKey: undefined,
      shutdownTimeoutMs: 10_000,
    });
  });

  test('reads every variable', () => {
    const config = loadConfig({
      PORT: '9090',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://db/app',
      PAVED_FLAGS_URL: 'https://paved.example.com/api/feature-flags/',
      PAVED_FLAGS_API_KEY: 'pk_123',
      SHUTDOWN_TIMEOUT_MS: '25000',
    });
    assert.equal(config.port, 9090);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.flagsUrl, 'https://paved.example.com/api/feature-flags');
    assert.equal(config.flagsApiKey, 'pk_123');
    assert.equal(config.shutdownTimeoutMs, 25_000);
  });

  test('treats empty values as unset', () => {
    const config = loadConfig({ DATABASE_URL, PORT: '', PAVED_FLAGS_API_KEY: '  ' });
    assert.equal(config.port, DEFAULT_PORT);
    assert.equal(config.flagsApiKey, undefined);
  });

  test('names a bad PORT', () => {
    const err = configError({ DATABASE_URL, PORT: 'abc' });
    assert.deepEqual(err.problems, ['PORT must be an integer from 1 to 65535']);
    assert.equal(err.message, 'invalid configuration: PORT must be an integer from 1 to 65535');
  });

  test('rejects out-of-range numbers', () => {
    assert.match(configError({ DATABASE_URL, PORT: '70000' }).message, /PORT/);
    assert.match(configError({ DATABASE_URL, SHUTDOWN_TIMEOUT_MS: '-5' }).message, /SHUTDOWN_TIMEOUT_MS/);
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
