export interface BackoffOptions {
  /** The wait before the first retry. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /** 0 to 1: each wait is spread by ± this share, so jobs that failed together do not retry together. */
  jitter?: number;
}

export const DEFAULT_JITTER = 0.2;

/**
 * How long to wait before the next attempt, after `failedAttempts` attempts
 * have failed (1 after the first): `baseDelayMs × 2^(failedAttempts − 1)`,
 * spread by the jitter and capped at `maxDelayMs`. With the defaults (5 s,
 * 1 h): about 5 s, 10 s, 20 s, 40 s, 80 s… `random` is for tests.
 */
export function backoffDelayMs(
  failedAttempts: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const { baseDelayMs, maxDelayMs } = options;
  const jitter = Math.min(Math.max(options.jitter ?? DEFAULT_JITTER, 0), 1);
  const exponent = Math.max(failedAttempts, 1) - 1;
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent);
  const spread = 1 - jitter + 2 * jitter * random();
  return Math.max(0, Math.min(maxDelayMs, Math.round(exponential * spread)));
}
