import { Deployment } from '@internal/plugin-dora-common';
import { attributeIncident } from './attributeIncident';

const SHA_A = 'aaaaaaa1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SHA_B = 'bbbbbbb2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const SHA_C = 'ccccccc3cccccccccccccccccccccccccccccccc';

const deployment = (
  id: string,
  finishedAt: string,
  overrides: Partial<Deployment> = {},
): Deployment => ({
  id,
  entityRef: 'component:default/checkout',
  repository: 'acme/checkout',
  environment: 'production',
  environmentKind: 'production',
  sha: SHA_A,
  status: 'success',
  finishedAt: new Date(finishedAt),
  source: 'api',
  ...overrides,
});

describe('attributeIncident', () => {
  const deployments = [
    deployment('api:3', '2026-03-03T10:00:00Z', { sha: SHA_C }),
    deployment('api:1', '2026-03-01T10:00:00Z', { sha: SHA_A }),
    deployment('api:2', '2026-03-02T10:00:00Z', { sha: SHA_B }),
    // The same commit again, in another region, later.
    deployment('api:2-us', '2026-03-02T12:00:00Z', {
      sha: SHA_B,
      environment: 'production-us',
    }),
    deployment('api:staging', '2026-03-02T18:00:00Z', {
      sha: SHA_C,
      environment: 'staging',
      environmentKind: 'staging',
    }),
    deployment('api:failed', '2026-03-02T20:00:00Z', { status: 'failure' }),
  ];

  it('blames the deployment the incident names', () => {
    expect(
      attributeIncident(
        { openedAt: new Date('2026-03-04T00:00:00Z'), deploymentId: 'api:1' },
        deployments,
      ),
    ).toEqual({ deploymentId: 'api:1', attribution: 'named-deployment' });
  });

  it('blames the first production deployment of the commit the incident names', () => {
    // SHA_B went out as api:2 (03-02 10:00) and api:2-us (12:00): the earlier one.
    expect(
      attributeIncident(
        { openedAt: new Date('2026-03-04T00:00:00Z'), sha: SHA_B },
        deployments,
      ),
    ).toEqual({ deploymentId: 'api:2', attribution: 'named-sha' });
    // An abbreviated, upper-case SHA names the same commit.
    expect(
      attributeIncident(
        { openedAt: new Date('2026-03-04T00:00:00Z'), sha: 'BBBBBBB2' },
        deployments,
      ),
    ).toEqual({ deploymentId: 'api:2', attribution: 'named-sha' });
  });

  it('blames the last production deployment before the incident when nothing is named', () => {
    // Opened 03-02 19:00: api:2-us (12:00) is the last before it; the staging
    // deployment (18:00) and the failed one (20:00) do not count.
    expect(
      attributeIncident(
        { openedAt: new Date('2026-03-02T19:00:00Z') },
        deployments,
      ),
    ).toEqual({ deploymentId: 'api:2-us', attribution: 'time' });
  });

  it('blames a deployment that finished at the very moment the incident opened', () => {
    expect(
      attributeIncident(
        { openedAt: new Date('2026-03-01T10:00:00Z') },
        deployments,
      ),
    ).toEqual({ deploymentId: 'api:1', attribution: 'time' });
  });

  it('falls back to time when the named deployment or commit is unknown', () => {
    expect(
      attributeIncident(
        {
          openedAt: new Date('2026-03-01T11:00:00Z'),
          deploymentId: 'api:unknown',
          sha: 'ddddddd',
        },
        deployments,
      ),
    ).toEqual({ deploymentId: 'api:1', attribution: 'time' });
  });

  it('does not blame a staging deployment the incident names', () => {
    expect(
      attributeIncident(
        {
          openedAt: new Date('2026-03-02T11:00:00Z'),
          deploymentId: 'api:staging',
        },
        deployments,
      ),
    ).toEqual({ deploymentId: 'api:2', attribution: 'time' });
  });

  it('leaves an incident unattributed when no production deployment preceded it', () => {
    expect(
      attributeIncident(
        { openedAt: new Date('2026-02-28T00:00:00Z') },
        deployments,
      ),
    ).toEqual({ attribution: 'unattributed' });
    expect(
      attributeIncident({ openedAt: new Date('2026-03-01T00:00:00Z') }, []),
    ).toEqual({ attribution: 'unattributed' });
  });
});
