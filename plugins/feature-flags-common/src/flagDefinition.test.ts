import { flagDefinitionSchema, flagValueType } from './flagDefinition';
import { expectedLifetimeDays, flagKindSchema } from './flagKinds';

describe('flag definition schema', () => {
  it('parses the flagd shape and refuses unknown properties', () => {
    const definition = {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
      targeting: { if: [{ var: 'beta' }, 'on', 'off'] },
      metadata: { team: 'checkout' },
    };
    expect(flagDefinitionSchema.parse(definition)).toEqual(definition);
    expect(
      flagDefinitionSchema.safeParse({ ...definition, x: 1 }).success,
    ).toBe(false);
    expect(flagValueType(definition)).toBe('boolean');
    expect(flagValueType({ variants: { a: { b: 1 } } })).toBe('object');
  });

  it('knows the kinds and their lifetimes', () => {
    expect(flagKindSchema.options).toEqual([
      'release',
      'experiment',
      'operational',
      'kill-switch',
      'permission',
    ]);
    expect(expectedLifetimeDays('release')).toBe(40);
    expect(expectedLifetimeDays('kill-switch')).toBeUndefined();
  });
});
