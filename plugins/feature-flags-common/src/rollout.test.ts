import { FlagDefinition, JsonObject } from './flagDefinition';
import {
  applyRolloutStage,
  availableRolloutStages,
  describeRollout,
  killSwitch,
  RolloutSettings,
  rolloutVariants,
  RolloutStage,
} from './rollout';
import { singleServedVariant } from './staleness';
import { validateFlagDefinition } from './validateFlagDefinition';

const rollout: RolloutSettings = {
  internalEvaluator: 'internal-staff',
  betaEvaluator: 'beta-testers',
};
const evaluators = {
  'internal-staff': { ends_with: [{ var: 'email' }, '@lumen.example'] },
  'beta-testers': { in: [{ var: 'plan' }, ['beta']] },
};

const booleanFlag: FlagDefinition = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  metadata: { team: 'discovery' },
};
const variants = { onVariant: 'on', offVariant: 'off' };

describe('rolloutVariants', () => {
  it('takes the true and false variants of a boolean flag', () => {
    expect(
      rolloutVariants({ variants: { enabled: true, disabled: false } }),
    ).toEqual({ onVariant: 'enabled', offVariant: 'disabled' });
    expect(
      rolloutVariants({ variants: { yes: true, on: true, off: false } }),
    ).toEqual({ onVariant: 'on', offVariant: 'off' });
    expect(rolloutVariants({ variants: { on: true } })).toBeUndefined();
  });

  it('takes variants named on and off of any other flag, and nothing else', () => {
    expect(
      rolloutVariants({ variants: { on: 'new', off: 'old', beta: 'x' } }),
    ).toEqual(variants);
    expect(rolloutVariants({ variants: { red: 'r', blue: 'b' } })).toBe(
      undefined,
    );
  });
});

describe('the rollout ladder', () => {
  it('offers the stages whose segment is configured', () => {
    expect(availableRolloutStages(rollout)).toEqual([
      'off',
      'internal',
      'beta',
      'percentage',
      'all',
    ]);
    expect(availableRolloutStages({ betaEvaluator: 'beta-testers' })).toEqual([
      'off',
      'beta',
      'percentage',
      'all',
    ]);
    expect(availableRolloutStages({})).toEqual(['off', 'percentage', 'all']);
  });

  it('writes each stage in flagd JSON Logic', () => {
    const at = (stage: RolloutStage, percentage?: number) =>
      applyRolloutStage(booleanFlag, stage, {
        ...variants,
        rollout,
        percentage,
      });

    expect(at('internal')).toEqual({
      ...booleanFlag,
      targeting: { if: [{ $ref: 'internal-staff' }, 'on', 'off'] },
    });
    expect(at('beta').targeting).toEqual({
      if: [
        { or: [{ $ref: 'internal-staff' }, { $ref: 'beta-testers' }] },
        'on',
        'off',
      ],
    });
    expect(at('percentage', 25).targeting).toEqual({
      if: [
        { or: [{ $ref: 'internal-staff' }, { $ref: 'beta-testers' }] },
        'on',
        {
          fractional: [
            ['on', 25],
            ['off', 75],
          ],
        },
      ],
    });
    expect(at('all')).toEqual({ ...booleanFlag, defaultVariant: 'on' });
    expect(at('off')).toEqual(booleanFlag);
  });

  it('round-trips every stage through describeRollout, and the result is valid flagd', () => {
    const cases: Array<[RolloutStage, number | undefined]> = [
      ['off', undefined],
      ['internal', undefined],
      ['beta', undefined],
      ['percentage', 1],
      ['percentage', 42],
      ['percentage', 99],
      ['all', undefined],
    ];
    for (const [stage, percentage] of cases) {
      const definition = applyRolloutStage(booleanFlag, stage, {
        ...variants,
        rollout,
        percentage,
      });
      expect(describeRollout(definition, rollout)).toEqual(
        percentage === undefined ? { stage } : { stage, percentage },
      );
      expect(validateFlagDefinition(definition, { evaluators }).valid).toBe(
        true,
      );
    }
  });

  it('leaves out the segments that are not configured', () => {
    const betaOnly = { betaEvaluator: 'beta-testers' };
    const beta = applyRolloutStage(booleanFlag, 'beta', {
      ...variants,
      rollout: betaOnly,
    });
    expect(beta.targeting).toEqual({
      if: [{ $ref: 'beta-testers' }, 'on', 'off'],
    });
    expect(describeRollout(beta, betaOnly)).toEqual({ stage: 'beta' });

    const share = applyRolloutStage(booleanFlag, 'percentage', {
      ...variants,
      rollout: {},
      percentage: 10,
    });
    expect(share.targeting).toEqual({
      fractional: [
        ['on', 10],
        ['off', 90],
      ],
    });
    expect(describeRollout(share, {})).toEqual({
      stage: 'percentage',
      percentage: 10,
    });

    expect(() =>
      applyRolloutStage(booleanFlag, 'internal', { ...variants, rollout: {} }),
    ).toThrow('The internal stage needs the rollout.internalEvaluator setting');
  });

  it('enables a disabled flag and keeps variants and metadata', () => {
    const disabled: FlagDefinition = {
      ...booleanFlag,
      state: 'DISABLED',
      targeting: { if: [{ var: 'x' }, 'on', 'off'] },
    };
    const all = applyRolloutStage(disabled, 'all', { ...variants, rollout });
    expect(all).toEqual({
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
      metadata: { team: 'discovery' },
    });
    expect(singleServedVariant(all)).toBe('on');
  });

  it('works with any on/off pair of variant names', () => {
    const flag: FlagDefinition = {
      state: 'ENABLED',
      variants: { enabled: true, disabled: false },
      defaultVariant: 'disabled',
    };
    const pair = { onVariant: 'enabled', offVariant: 'disabled' };
    const internal = applyRolloutStage(flag, 'internal', { ...pair, rollout });
    expect(internal.targeting).toEqual({
      if: [{ $ref: 'internal-staff' }, 'enabled', 'disabled'],
    });
    expect(describeRollout(internal, rollout)).toEqual({ stage: 'internal' });
    expect(() =>
      applyRolloutStage(flag, 'all', { ...variants, rollout }),
    ).toThrow('"on" is not one of the variants');
  });

  it('refuses a percentage that is not an integer from 0 to 100', () => {
    for (const percentage of [-1, 101, 12.5, Number.NaN]) {
      expect(() =>
        applyRolloutStage(booleanFlag, 'percentage', {
          ...variants,
          rollout,
          percentage,
        }),
      ).toThrow('The percentage must be an integer from 0 to 100');
    }
  });
});

describe('describeRollout', () => {
  const withTargeting = (targeting: FlagDefinition['targeting']) => ({
    ...booleanFlag,
    targeting,
  });

  it('calls targeting the ladder did not write custom', () => {
    const custom: JsonObject[] = [
      { if: [{ in: [{ var: 'country' }, ['NL']] }, 'on', 'off'] },
      // The segments swapped.
      {
        if: [
          { or: [{ $ref: 'beta-testers' }, { $ref: 'internal-staff' }] },
          'on',
          'off',
        ],
      },
      // Variants swapped.
      { if: [{ $ref: 'internal-staff' }, 'off', 'on'] },
      // A bucketing value of its own.
      {
        if: [
          { or: [{ $ref: 'internal-staff' }, { $ref: 'beta-testers' }] },
          'on',
          {
            fractional: [{ var: 'email' }, ['on', 25], ['off', 75]],
          },
        ],
      },
      // Weights that are not percentages.
      {
        if: [
          { or: [{ $ref: 'internal-staff' }, { $ref: 'beta-testers' }] },
          'on',
          {
            fractional: [
              ['on', 1],
              ['off', 3],
            ],
          },
        ],
      },
    ];
    for (const targeting of custom) {
      expect(describeRollout(withTargeting(targeting), rollout)).toEqual({
        stage: 'custom',
      });
    }
  });

  it('calls a segment the settings no longer name custom', () => {
    const internal = withTargeting({
      if: [{ $ref: 'internal-staff' }, 'on', 'off'],
    });
    expect(describeRollout(internal, rollout)).toEqual({ stage: 'internal' });
    expect(
      describeRollout(internal, { internalEvaluator: 'employees' }),
    ).toEqual({ stage: 'custom' });
  });

  it('reads off and all from the default variant', () => {
    expect(describeRollout({ ...booleanFlag, targeting: {} }, rollout)).toEqual(
      { stage: 'off' },
    );
    expect(
      describeRollout({ ...booleanFlag, defaultVariant: 'on' }, rollout),
    ).toEqual({ stage: 'all' });
    expect(
      describeRollout({ ...booleanFlag, defaultVariant: null }, rollout),
    ).toEqual({ stage: 'custom' });
    expect(
      describeRollout(
        withTargeting({ if: ['on', 'off', { $ref: 'internal-staff' }] }),
        rollout,
      ),
    ).toEqual({ stage: 'custom' });
  });

  it('calls flags without an on/off pair custom', () => {
    expect(
      describeRollout(
        {
          state: 'ENABLED',
          variants: { red: '#f00', blue: '#00f' },
          defaultVariant: 'red',
        },
        rollout,
      ),
    ).toEqual({ stage: 'custom' });
  });
});

describe('killSwitch', () => {
  it('serves off to everyone: enabled, default off, no targeting', () => {
    const rolledOut = applyRolloutStage(
      { ...booleanFlag, state: 'DISABLED' },
      'percentage',
      { ...variants, rollout, percentage: 50 },
    );
    const killed = killSwitch(rolledOut);
    expect(killed).toEqual(booleanFlag);
    expect(singleServedVariant(killed)).toBe('off');
    expect(describeRollout(killed, rollout)).toEqual({ stage: 'off' });
    expect(killSwitch(killed)).toEqual(killed);
  });

  it('uses the flag’s own off variant, and refuses a flag without one', () => {
    expect(
      killSwitch({
        state: 'ENABLED',
        variants: { enabled: true, disabled: false },
        defaultVariant: 'enabled',
      }).defaultVariant,
    ).toBe('disabled');
    expect(() =>
      killSwitch({
        state: 'ENABLED',
        variants: { red: '#f00', blue: '#00f' },
        defaultVariant: 'red',
      }),
    ).toThrow('The flag has no off variant to serve');
  });
});
