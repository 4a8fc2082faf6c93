import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testLogger } from '../testing/harness';
import { createHandlers } from '.';
import { HandlerRegistry, InvalidPayloadError, PermanentJobError, validatePayload, type JobContext } from './registry';
import { emailProvider, sendWelcomeEmail } from './sendWelcomeEmail';

function context(): { ctx: JobContext; logs: ReturnType<typeof testLogger>['logs'] } {
  const { log, logs } = testLogger();
  return {
    ctx: { jobId: '1', attempt: 1, correlationId: 'c-1', log, signal: new AbortController().signal },
    logs,
  };
}

describe('send-welcome-email', () => {
  test('accepts a valid payload and applies the defaults', () => {
    assert.deepEqual(validatePayload(sendWelcomeEmail, { email: 'ana@example.com', name: ' Ana ' }), {
      email: 'ana@example.com',
      name: 'Ana',
      locale: 'en',
    });
  });

  test('ignores fields it does not know, such as the correlation id', () => {
    const payload = validatePayload(sendWelcomeEmail, {
      email: 'ana@example.com',
      name: 'Ana',
      correlationId: 'c-1',
    });
    assert.equal('correlationId' in payload, false);
  });

  test('refuses a bad payload as a permanent error naming every field', () => {
    assert.throws(
      () => validatePayload(sendWelcomeEmail, { email: 'not-an-email', locale: 'xx' }),
      (err: unknown) => {
        assert.ok(err instanceof InvalidPayloadError);
        assert.ok(err instanceof PermanentJobError, 'a bad payload is never retried');
        assert.match(err.message, /^invalid payload for send-welcome-email: /);
        assert.deepEqual(
          err.problems.map(problem => problem.split(':')[0]),
          ['payload.email', 'payload.name', 'payload.locale'],
        );
        return true;
      },
    );
    assert.throws(() => validatePayload(sendWelcomeEmail, null), InvalidPayloadError);
  });

  test('sends with the job id as idempotency key, and logs without personal data', async (t) => {
    const send = t.mock.method(emailProvider, 'send');
    const { ctx, logs } = context();
    await sendWelcomeEmail.handle({ email: 'ana@example.com', name: 'Ana', locale: 'fr' }, ctx);
    assert.equal(send.mock.callCount(), 1);
    assert.deepEqual(send.mock.calls[0]?.arguments[0], { to: 'ana@example.com', name: 'Ana', locale: 'fr' });
    assert.equal(send.mock.calls[0]?.arguments[1].idempotencyKey, 'welcome-email-1');
    const [line] = logs.lines;
    assert.equal(line?.recipientDomain, 'example.com');
    assert.equal(line?.locale, 'fr');
    assert.doesNotMatch(JSON.stringify(logs.lines), /ana@|"Ana"/);
  });

  test('stops when the job is aborted', async () => {
    const { ctx } = context();
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await assert.rejects(
      sendWelcomeEmail.handle({ email: 'ana@example.com', name: 'Ana', locale: 'en' }, { ...ctx, signal: controller.signal }),
      /shutting down/,
    );
  });
});

describe('HandlerRegistry', () => {
  test('knows the example handler', () => {
    assert.deepEqual(createHandlers().types(), ['send-welcome-email']);
  });

  test('validates before running, and fails (retryably) for an unknown type', async () => {
    const { ctx } = context();
    const registry = createHandlers();
    await assert.rejects(registry.run('send-welcome-email', { email: 'x' }, ctx), InvalidPayloadError);
    await assert.rejects(registry.run('send-goodbye-email', {}, ctx), (err: unknown) => {
      assert.ok(err instanceof Error && !(err instanceof PermanentJobError));
      assert.match(err.message, /no handler for job type "send-goodbye-email" \(known: send-welcome-email\)/);
      return true;
    });
  });

  test('refuses two handlers for one type', () => {
    assert.throws(() => new HandlerRegistry([sendWelcomeEmail, sendWelcomeEmail]), /two handlers for job type "send-welcome-email"/);
  });
});
