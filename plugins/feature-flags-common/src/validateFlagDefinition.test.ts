import {
  describeFlagDefinitionProblems,
  jsonPath,
  validateFlagDefinition,
} from './validateFlagDefinition';

const problemsOf = (definition: unknown, evaluators = {}) => {
  const result = validateFlagDefinition(definition, { evaluators });
  return result.valid ? [] : describeFlagDefinitionProblems(result.problems);
};

describe('validateFlagDefinition', () => {
  const boolean = {
    state: 'ENABLED',
    variants: { on: true, off: false },
    defaultVariant: 'off',
  };

  it('accepts a flagd definition of each variant type', () => {
    expect(validateFlagDefinition(boolean)).toEqual({
      valid: true,
      definition: boolean,
      problems: [],
    });
    expect(
      problemsOf({
        state: 'DISABLED',
        variants: { red: '#f00', blue: '#00f' },
        defaultVariant: 'red',
        metadata: { team: 'checkout', rank: 1, internal: true },
      }),
    ).toEqual([]);
    expect(
      problemsOf({
        state: 'ENABLED',
        variants: { low: 1, high: 2.5 },
        defaultVariant: null,
      }),
    ).toEqual([]);
    expect(
      problemsOf({
        state: 'ENABLED',
        variants: { a: { size: 1 }, b: { size: 2, extra: [1] } },
      }),
    ).toEqual([]);
  });

  it('names mixed variant types and a default that is not a variant', () => {
    expect(
      problemsOf({
        state: 'ENABLED',
        variants: { on: true, off: false, blue: 'blue' },
        defaultVariant: 'x',
      }),
    ).toBe(
      'variants.blue: must be a boolean like the other variants; defaultVariant: "x" is not one of the variants (on, off, blue)',
    );
  });

  it('names missing and wrong fields', () => {
    expect(problemsOf(null)).toBe(
      '(root): must be an object with state and variants',
    );
    expect(problemsOf({ color: 1 })).toBe(
      'color: is not a flagd flag property (state, variants, defaultVariant, targeting, metadata); state: is required (ENABLED or DISABLED); variants: is required',
    );
    expect(
      problemsOf({
        state: 'on',
        variants: { 'a b': [1], c: null },
        metadata: { nested: { no: 1 } },
        targeting: 'yes',
      }),
    ).toBe(
      'state: must be ENABLED or DISABLED, not "on"; variants["a b"]: must be a boolean, string, number or object; variants.c: must be a boolean, string, number or object; metadata.nested: must be a string, number or boolean; targeting: must be a JSON Logic object',
    );
    expect(problemsOf({ state: 'ENABLED', variants: {} })).toBe(
      'variants: must have at least one variant',
    );
  });

  it('checks fractional buckets: integer weights and known variants', () => {
    expect(
      problemsOf({
        ...boolean,
        targeting: {
          fractional: [
            { cat: [{ var: '$flagd.flagKey' }, { var: 'email' }] },
            ['on', '50%'],
            ['off', 50.5],
            ['blue', 10],
            'oops',
          ],
        },
      }),
    ).toBe(
      'targeting.fractional[1][1]: weight must be a non-negative integer, not "50%"; targeting.fractional[2][1]: weight must be a non-negative integer, not 50.5; targeting.fractional[3][0]: "blue" is not one of the variants (on, off); targeting.fractional[4]: must be a [variant, weight] bucket',
    );
    expect(
      problemsOf({
        ...boolean,
        targeting: { fractional: [['on', 10], ['off']] },
      }),
    ).toEqual([]);
    expect(
      problemsOf({
        ...boolean,
        targeting: {
          if: [
            { '==': [{ var: 'plan' }, 'beta'] },
            {
              fractional: [
                ['on', -1],
                ['off', 90],
              ],
            },
            'off',
          ],
        },
      }),
    ).toBe(
      'targeting.if[1].fractional[0][1]: weight must be a non-negative integer, not -1',
    );
  });

  it('checks $refs against the shared evaluators', () => {
    const targeting = {
      if: [
        { or: [{ $ref: 'internal-staff' }, { $ref: 'beta-customers' }] },
        'on',
        'off',
      ],
    };
    expect(
      problemsOf({ ...boolean, targeting }, { 'internal-staff': true }),
    ).toBe(
      'targeting.if[0].or[1].$ref: "beta-customers" is not a shared evaluator (internal-staff)',
    );
    expect(
      problemsOf(
        { ...boolean, targeting },
        { 'internal-staff': true, 'beta-customers': false },
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        { ...boolean, targeting: { $ref: 'internal-staff', var: 'x' } },
        { 'internal-staff': true },
      ),
    ).toBe('targeting: a $ref must be alone in its object');
    expect(problemsOf({ ...boolean, targeting: { $ref: 'x' } })).toBe(
      'targeting.$ref: "x" is not a shared evaluator (none defined)',
    );
  });

  it('writes JSON paths for any key', () => {
    expect(jsonPath('', 'a')).toBe('a');
    expect(jsonPath('a', 0)).toBe('a[0]');
    expect(jsonPath('a', 'x.y')).toBe('a["x.y"]');
    expect(jsonPath('a', '$ref')).toBe('a.$ref');
  });
});
