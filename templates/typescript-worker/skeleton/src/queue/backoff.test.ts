import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelayMs } from './backoff';

const options = { baseDelayMs: 5_000, maxDelayMs: 3_600_000 };
const middle = () => 0.5;

describe('backoffDelayMs', () => {
  test('doubles from the base delay with each failed attempt', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(attempts => backoffDelayMs(attempts, options, middle)),
      [5_000, 10_000, 20_000, 40_000, 80_000],
    );
  });

  test('never waits longer than the cap, however many attempts failed', () => {
    assert.equal(backoffDelayMs(11, options, middle), 3_600_000);
    assert.equal(backoffDelayMs(100, options, () => 0.999), 3_600_000);
    assert.equal(backoffDelayMs(5_000, options, middle), 3_600_000);
  });

  test('spreads each wait by ±20 % so that jobs failing together do not retry together', () => {
    assert.equal(backoffDelayMs(2, options, () => 0), 8_000);
    assert.equal(backoffDelayMs(2, options, () => 1), 12_000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(3, options);
      assert.ok(delay >= 16_000 && delay <= 24_000, `${delay}`);
    }
  });

  test('can be exact without jitter, and treats 0 failed attempts as 1', () => {
    assert.equal(backoffDelayMs(3, { ...options, jitter: 0 }, () => 0.9), 20_000);
    assert.equal(backoffDelayMs(0, options, middle), 5_000);
  });
});
