import { singleServedVariant } from './staleness';

describe('singleServedVariant', () => {
  const base = {
    state: 'ENABLED' as const,
    variants: { on: true, off: false },
    defaultVariant: 'on',
  };

  it('is the default variant of an enabled flag without targeting', () => {
    expect(singleServedVariant(base)).toBe('on');
    expect(singleServedVariant({ ...base, targeting: {} })).toBe('on');
    expect(singleServedVariant({ ...base, defaultVariant: 'off' })).toBe('off');
  });

  it('is undefined while targeting, disabled, or without a default', () => {
    expect(
      singleServedVariant({
        ...base,
        targeting: {
          fractional: [
            ['on', 50],
            ['off', 50],
          ],
        },
      }),
    ).toBeUndefined();
    expect(singleServedVariant({ ...base, state: 'DISABLED' })).toBeUndefined();
    expect(
      singleServedVariant({ ...base, defaultVariant: null }),
    ).toBeUndefined();
  });
});
