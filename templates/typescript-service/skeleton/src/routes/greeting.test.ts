import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InMemoryProvider, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import { createHarness, flagClient } from '../testing/harness';
import { FRIENDLY_GREETING_FLAG } from './greeting';

const flag = (value: boolean, forUser?: string) =>
  new InMemoryProvider({
    [FRIENDLY_GREETING_FLAG]: {
      variants: { on: true, off: false },
      defaultVariant: value ? 'on' : 'off',
      disabled: false,
      ...(forUser
        ? { contextEvaluator: (ctx: { targetingKey?: string }) => (ctx.targetingKey === forUser ? 'on' : 'off') }
        : {}),
    },
  });

/** A provider that fails every evaluation, like an unreachable flag service. */
class BrokenProvider implements Provider {
  readonly metadata = { name: 'broken' };
  readonly runsOn = 'server';
  private fail(): Promise<ResolutionDetails<never>> {
    return Promise.reject(new Error('connect ECONNREFUSED paved'));
  }
  resolveBooleanEvaluation = () => this.fail();
  resolveStringEvaluation = () => this.fail();
  resolveNumberEvaluation = () => this.fail();
  resolveObjectEvaluation = () => this.fail();
}

describe('GET /v1/greeting', () => {
  test('uses the plain wording when the flag is off', async () => {
    const { app } = await createHarness({ flags: await flagClient(flag(false)) });
    const res = await app.inject({ url: '/v1/greeting?name=Ana' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { greeting: 'Hello, Ana.' });
  });

  test('uses the friendly wording when the flag is on', async () => {
    const { app } = await createHarness({ flags: await flagClient(flag(true)) });
    const res = await app.inject({ url: '/v1/greeting?name=Ana' });
    assert.deepEqual(res.json(), { greeting: 'Hey Ana, great to see you!' });
  });

  test('targets by x-user-id, anonymous otherwise', async () => {
    const { app } = await createHarness({ flags: await flagClient(flag(false, 'u-42')) });
    const forUser = await app.inject({ url: '/v1/greeting', headers: { 'x-user-id': 'u-42' } });
    assert.deepEqual(forUser.json(), { greeting: 'Hey world, great to see you!' });
    const anonymous = await app.inject({ url: '/v1/greeting' });
    assert.deepEqual(anonymous.json(), { greeting: 'Hello, world.' });
  });

  test('falls back to the code default when the flag does not exist', async () => {
    const { app } = await createHarness({ flags: await flagClient(new InMemoryProvider({})) });
    const res = await app.inject({ url: '/v1/greeting?name=Ana' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { greeting: 'Hello, Ana.' });
  });

  test('never fails the request when the flag service does', async () => {
    const { app, logs } = await createHarness({ flags: await flagClient(new BrokenProvider()) });
    const res = await app.inject({ url: '/v1/greeting?name=Ana', headers: { 'x-correlation-id': 'flag-1' } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { greeting: 'Hello, Ana.' });
    const [line] = logs.withMsg('flag evaluation fell back to the code default');
    assert.equal(line?.level, 'warn');
    assert.equal(line?.correlationId, 'flag-1');
    assert.equal(line?.flag, FRIENDLY_GREETING_FLAG);
  });

  test('rejects a name that is too long', async () => {
    const { app } = await createHarness();
    const res = await app.inject({ url: `/v1/greeting?name=${'a'.repeat(101)}` });
    assert.equal(res.statusCode, 400);
  });
});
