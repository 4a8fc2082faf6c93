import { mockServices } from '@backstage/backend-test-utils';
import { FlagSet } from '@internal/plugin-feature-flags-common';
import { FlagSetEvaluator, hashFlagSet } from './FlagSetEvaluator';

const logger = mockServices.logger.mock();

const flagSet = (flags: FlagSet['flags'], extra: Partial<FlagSet> = {}) =>
  new FlagSetEvaluator({ flags, ...extra }, logger);

describe('FlagSetEvaluator', () => {
  it('reports a targeting rule that matched nothing as UNKNOWN with the default variant', () => {
    const evaluator = flagSet({
      beta: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [{ '==': [{ var: 'plan' }, 'beta'] }, 'on'] },
      },
    });
    expect(evaluator.evaluate('beta', { plan: 'beta' })).toEqual({
      key: 'beta',
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });
    expect(evaluator.evaluate('beta', { plan: 'free' })).toEqual({
      key: 'beta',
      value: false,
      variant: 'off',
      reason: 'UNKNOWN',
    });
  });

  it('defers to the code default when there is no default variant', () => {
    const evaluator = flagSet({
      color: {
        state: 'ENABLED',
        variants: { red: '#f00' },
        defaultVariant: null,
      },
    });
    expect(evaluator.evaluate('color', {})).toEqual({
      key: 'color',
      reason: 'UNKNOWN',
    });
  });

  it('turns a targeting result that is not a variant into GENERAL and merges set metadata', () => {
    const evaluator = flagSet(
      {
        color: {
          state: 'ENABLED',
          variants: { red: '#f00' },
          defaultVariant: 'red',
          targeting: { var: 'pick' },
        },
      },
      { metadata: { flagSetId: 'cart' } },
    );
    expect(evaluator.evaluate('color', { pick: 'blue' })).toEqual({
      key: 'color',
      errorCode: 'GENERAL',
      errorDetails: "Variant 'blue' not found in flag with key 'color'",
      metadata: { flagSetId: 'cart' },
    });
  });

  it('answers PARSE_ERROR for every flag of a set flagd-core cannot load', () => {
    const evaluator = flagSet({
      broken: { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'b' },
    });
    expect(evaluator.evaluateAll({})).toEqual([
      expect.objectContaining({ key: 'broken', errorCode: 'PARSE_ERROR' }),
    ]);
  });

  it('hashes a flag set by its content', () => {
    const flags = { a: { state: 'ENABLED' as const, variants: { x: 1 } } };
    expect(hashFlagSet({ flags })).toBe(hashFlagSet({ flags: { ...flags } }));
    expect(hashFlagSet({ flags })).not.toBe(
      hashFlagSet({ flags: { a: { ...flags.a, state: 'DISABLED' } } }),
    );
  });
});
