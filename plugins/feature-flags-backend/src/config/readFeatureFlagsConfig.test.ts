import { ConfigReader } from '@backstage/config';
import { readFeatureFlagsConfig } from './readFeatureFlagsConfig';

describe('readFeatureFlagsConfig', () => {
  it('defaults to development, staging and production, production needing an owner', () => {
    expect(readFeatureFlagsConfig(new ConfigReader({}))).toEqual({
      environments: ['development', 'staging', 'production'],
      evaluators: {},
      approvalEnvironments: ['production'],
      rollout: {},
      evaluations: { flushSeconds: 5, retentionDays: 30 },
      staleness: { noEvaluationsDays: 14 },
    });
  });

  it('reads environments, shared evaluators and the rollout segments', () => {
    const evaluators = {
      'internal-staff': { ends_with: [{ var: 'email' }, '@lumen.example'] },
    };
    expect(
      readFeatureFlagsConfig(
        new ConfigReader({
          featureFlags: {
            environments: ['dev', 'prod'],
            evaluators,
            approvalEnvironments: [],
            rollout: { internalEvaluator: 'internal-staff' },
            staleness: { noEvaluationsDays: 30 },
          },
        }),
      ),
    ).toMatchObject({
      environments: ['dev', 'prod'],
      evaluators,
      approvalEnvironments: [],
      rollout: { internalEvaluator: 'internal-staff' },
      staleness: { noEvaluationsDays: 30 },
    });
  });

  it.each([
    [
      { environments: ['Prod'] },
      'featureFlags.environments.0: must be lower-case letters, digits and "-"',
    ],
    [
      { approvalEnvironments: ['prod'] },
      'featureFlags.approvalEnvironments.0: "prod" is not one of the environments (development, staging, production)',
    ],
    [
      { rollout: { betaEvaluator: 'beta' } },
      'featureFlags.rollout.betaEvaluator: "beta" is not one of featureFlags.evaluators',
    ],
  ])('fails naming the key (%j)', (featureFlags, message) => {
    expect(() =>
      readFeatureFlagsConfig(new ConfigReader({ featureFlags })),
    ).toThrow(`Invalid config at ${message}`);
  });
});
