import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SERVICE_NAME } from './config';
import { correlationIdFrom } from './correlation';
import { createHarness } from './testing/harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdFrom', () => {
  test('keeps a sane id', () => {
    assert.equal(correlationIdFrom('abc-123'), 'abc-123');
    assert.equal(correlationIdFrom('A.b_c-9'), 'A.b_c-9');
    assert.equal(correlationIdFrom('x'.repeat(128)), 'x'.repeat(128));
    assert.equal(correlationIdFrom(['first', 'second']), 'first');
  });

  test('replaces a missing, too long or unsafe id with a UUID', () => {
    for (const bad of [undefined, '', 'x'.repeat(129), 'a b', 'abc\n{"msg":"forged"}', 'ünïcode', '../etc']) {
      assert.match(correlationIdFrom(bad), UUID);
    }
  });
});

describe('correlation id on requests', () => {
  test('echoes the caller id and logs it as correlationId', async () => {
    const { app, logs } = await createHarness();
    const res = await app.inject({ url: '/v1/greeting', headers: { 'x-correlation-id': 'abc-123' } });
    assert.equal(res.headers['x-correlation-id'], 'abc-123');
    const lines = logs.lines.filter(line => line.correlationId === 'abc-123');
    const messages = lines.map(line => line.msg);
    assert.ok(messages.includes('incoming request'), 'the request is logged with the id');
    assert.ok(messages.includes('request completed'), 'so is its completion');
    for (const line of lines) {
      assert.equal(line.service, SERVICE_NAME);
      assert.equal(typeof line.level, 'string');
    }
  });

  test('generates a UUID when the header is missing or unsafe', async () => {
    const { app } = await createHarness();
    const missing = await app.inject({ url: '/health' });
    assert.match(String(missing.headers['x-correlation-id']), UUID);
    const unsafe = await app.inject({ url: '/health', headers: { 'x-correlation-id': 'a'.repeat(200) } });
    assert.match(String(unsafe.headers['x-correlation-id']), UUID);
  });

  test('is on error responses too', async () => {
    const { app } = await createHarness();
    const res = await app.inject({ url: '/nope', headers: { 'x-correlation-id': 'lost-1' } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['x-correlation-id'], 'lost-1');
  });
});
