import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHarness } from './testing/harness';

describe('errors', () => {
  test('a failing handler answers a generic 500 with the correlation id, and logs the error', async () => {
    const { app, logs } = await createHarness();
    app.get('/boom', () => {
      throw new Error('secret detail');
    });
    const res = await app.inject({ url: '/boom', headers: { 'x-correlation-id': 'err-1' } });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { error: 'Internal Server Error', correlationId: 'err-1' });
    const [line] = logs.withMsg('request failed');
    assert.equal(line?.level, 'error');
    assert.equal(line?.correlationId, 'err-1');
    assert.match(JSON.stringify(line?.err), /secret detail/);
  });

  test('client errors keep their status and message', async () => {
    const { app } = await createHarness();
    app.post('/echo', (request) => request.body);
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(typeof res.json<{ error: string }>().error, 'string');
  });
});
