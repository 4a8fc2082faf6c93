import { Deployment } from '@internal/plugin-dora-common';
import { isSuccessfulProductionDeployment } from './isSuccessfulProductionDeployment';

const deployment = (overrides: Partial<Deployment>): Deployment => ({
  id: 'api:1',
  repository: 'acme/checkout',
  environment: 'production-eu',
  environmentKind: 'production',
  sha: 'abcdef1',
  status: 'success',
  finishedAt: new Date('2026-03-02T10:00:00Z'),
  source: 'api',
  ...overrides,
});

describe('isSuccessfulProductionDeployment', () => {
  it('counts a successful deployment to any production environment', () => {
    expect(isSuccessfulProductionDeployment(deployment({}))).toBe(true);
  });

  it('leaves out staging, other environments and failed deployments', () => {
    expect(
      isSuccessfulProductionDeployment(
        deployment({ environment: 'staging', environmentKind: 'staging' }),
      ),
    ).toBe(false);
    expect(
      isSuccessfulProductionDeployment(
        deployment({ environment: 'preview-1', environmentKind: 'other' }),
      ),
    ).toBe(false);
    expect(
      isSuccessfulProductionDeployment(deployment({ status: 'failure' })),
    ).toBe(false);
  });

  it('keeps only the named environment when one is given', () => {
    expect(
      isSuccessfulProductionDeployment(deployment({}), 'production-eu'),
    ).toBe(true);
    expect(
      isSuccessfulProductionDeployment(deployment({}), 'production-us'),
    ).toBe(false);
  });
});
