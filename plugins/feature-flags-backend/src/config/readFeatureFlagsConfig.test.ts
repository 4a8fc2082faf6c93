import { ConfigReader } from '@backstage/config';
import { readFeatureFlagsConfig } from './readFeatureFlagsConfig';

describe('readFeatureFlagsConfig', () => {
  it('defaults to development, staging and production', () => {
    expect(readFeatureFlagsConfig(new ConfigReader({}))).toEqual({
      environments: ['development', 'staging', 'production'],
      evaluators: {},
    });
  });

  it('reads environments and shared evaluators', () => {
    const evaluators = {
      'internal-staff': { ends_with: [{ var: 'email' }, '@lumen.example'] },
    };
    expect(
      readFeatureFlagsConfig(
        new ConfigReader({
          featureFlags: { environments: ['dev', 'prod'], evaluators },
        }),
      ),
    ).toEqual({ environments: ['dev', 'prod'], evaluators });
  });

  it('fails naming the key', () => {
    expect(() =>
      readFeatureFlagsConfig(
        new ConfigReader({ featureFlags: { environments: ['Prod'] } }),
      ),
    ).toThrow(
      'Invalid config at featureFlags.environments.0: must be lower-case letters, digits and "-"',
    );
  });
});
