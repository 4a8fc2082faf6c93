import { Change } from '@internal/plugin-dora-common';
import { attributeChanges } from './attributeChanges';
import { CHECKOUT, deployment, sha } from './__testUtils__/records';

const change = (
  number: number,
  mergedAt: string,
  mergeSha: string,
  overrides: Partial<Change> = {},
): Change => ({
  id: `acme/checkout#${number}`,
  entityRef: CHECKOUT,
  repository: 'acme/checkout',
  number,
  title: `PR ${number}`,
  firstCommitAt: new Date('2026-02-01T00:00:00Z'),
  openedAt: new Date('2026-02-01T00:00:00Z'),
  mergedAt: new Date(mergedAt),
  mergeSha,
  isRevert: false,
  ...overrides,
});

const NO_EXPLICIT = new Map<string, string[]>();

describe('attributeChanges', () => {
  it('ships a squash-merged PR with the deployment of its merge commit', () => {
    const shipped = attributeChanges(
      [change(1, '2026-03-02T09:00:00Z', sha('a'))],
      [
        deployment('api:1', '2026-03-02T10:00:00Z', { sha: sha('f') }),
        deployment('api:2', '2026-03-02T11:00:00Z', { sha: sha('a') }),
      ],
      NO_EXPLICIT,
    );
    // api:1 finished first, but api:2 deployed the merge commit itself.
    expect(shipped.get('acme/checkout#1')).toEqual({
      deploymentId: 'api:2',
      deployedAt: new Date('2026-03-02T11:00:00Z'),
      method: 'sha',
    });
  });

  it('ships every PR merged since the last deployment with the next one', () => {
    const shipped = attributeChanges(
      [
        change(1, '2026-03-02T08:00:00Z', sha('a')),
        change(2, '2026-03-02T08:30:00Z', sha('b')),
        change(3, '2026-03-02T09:00:00Z', sha('c')),
        change(4, '2026-03-02T12:00:00Z', sha('d')),
      ],
      [deployment('api:1', '2026-03-02T10:00:00Z', { sha: sha('c') })],
      NO_EXPLICIT,
    );
    // #3 is the deployed head; #1 and #2 were merged before it and go with it.
    expect(shipped.get('acme/checkout#1')?.method).toBe('time');
    expect(shipped.get('acme/checkout#1')?.deploymentId).toBe('api:1');
    expect(shipped.get('acme/checkout#2')?.deploymentId).toBe('api:1');
    expect(shipped.get('acme/checkout#3')).toMatchObject({
      deploymentId: 'api:1',
      method: 'sha',
    });
    // #4 was merged after the only deployment: not shipped yet.
    expect(shipped.has('acme/checkout#4')).toBe(false);
  });

  it('uses the changes a CD tool says it shipped', () => {
    const shipped = attributeChanges(
      [
        change(1, '2026-03-02T08:00:00Z', sha('a')),
        change(2, '2026-03-02T08:30:00Z', sha('b')),
      ],
      [
        deployment('argocd:1', '2026-03-02T10:00:00Z', { sha: sha('e') }),
        deployment('argocd:2', '2026-03-02T11:00:00Z', { sha: sha('f') }),
      ],
      // argocd:2 reports shipping #2 (by an abbreviated, upper-case SHA).
      new Map([['argocd:2', ['BBBBBBBB']]]),
    );
    // #1 is named by nobody: the first deployment after its merge.
    expect(shipped.get('acme/checkout#1')).toMatchObject({
      deploymentId: 'argocd:1',
      method: 'time',
    });
    // #2 is named by argocd:2, so not taken by the earlier argocd:1.
    expect(shipped.get('acme/checkout#2')).toEqual({
      deploymentId: 'argocd:2',
      deployedAt: new Date('2026-03-02T11:00:00Z'),
      method: 'explicit',
    });
  });

  it('prefers the CD tool’s list when a deployment both lists and deployed a PR', () => {
    const shipped = attributeChanges(
      [change(1, '2026-03-02T08:00:00Z', sha('a'))],
      [deployment('argocd:1', '2026-03-02T10:00:00Z', { sha: sha('a') })],
      new Map([['argocd:1', [sha('a')]]]),
    );
    expect(shipped.get('acme/checkout#1')?.method).toBe('explicit');
  });

  it('does not ship a PR that only reached staging', () => {
    const shipped = attributeChanges(
      [change(1, '2026-03-02T08:00:00Z', sha('a'))],
      [
        deployment('api:staging', '2026-03-02T10:00:00Z', {
          sha: sha('a'),
          environment: 'staging',
          environmentKind: 'staging',
        }),
        deployment('api:failed', '2026-03-02T11:00:00Z', {
          sha: sha('a'),
          status: 'failure',
        }),
      ],
      NO_EXPLICIT,
    );
    expect(shipped.size).toBe(0);
  });

  it('ships a PR with the first production region it reached, or the one asked for', () => {
    const changes = [change(1, '2026-03-02T08:00:00Z', sha('a'))];
    const deployments = [
      deployment('api:us', '2026-03-02T12:00:00Z', {
        sha: sha('a'),
        environment: 'production-us',
      }),
      deployment('api:eu', '2026-03-02T10:00:00Z', {
        sha: sha('a'),
        environment: 'production-eu',
      }),
    ];
    expect(
      attributeChanges(changes, deployments, NO_EXPLICIT).get('acme/checkout#1')
        ?.deploymentId,
    ).toBe('api:eu');
    expect(
      attributeChanges(changes, deployments, NO_EXPLICIT, 'production-us').get(
        'acme/checkout#1',
      ),
    ).toEqual({
      deploymentId: 'api:us',
      deployedAt: new Date('2026-03-02T12:00:00Z'),
      method: 'sha',
    });
  });

  it('never ships a PR with a deployment that finished before the merge', () => {
    const shipped = attributeChanges(
      // Clock skew: the merge commit's deployment is stamped before the merge.
      [change(1, '2026-03-02T10:00:01Z', sha('a'))],
      [
        deployment('api:1', '2026-03-02T10:00:00Z', { sha: sha('a') }),
        deployment('api:2', '2026-03-02T15:00:00Z', { sha: sha('b') }),
      ],
      NO_EXPLICIT,
    );
    expect(shipped.get('acme/checkout#1')).toMatchObject({
      deploymentId: 'api:2',
      method: 'time',
    });
  });

  it('ships a PR merged at the very moment a deployment finished with that deployment', () => {
    const shipped = attributeChanges(
      [change(1, '2026-03-02T10:00:00Z', sha('a'))],
      [deployment('api:1', '2026-03-02T10:00:00Z', { sha: sha('b') })],
      NO_EXPLICIT,
    );
    expect(shipped.get('acme/checkout#1')?.deploymentId).toBe('api:1');
  });

  it('only ships a PR with deployments of its own service', () => {
    const shipped = attributeChanges(
      [
        change(1, '2026-03-02T08:00:00Z', sha('a')),
        // Not yet linked to a Component: matched by repository.
        change(2, '2026-03-02T08:00:00Z', sha('b'), {
          entityRef: undefined,
          id: 'acme/checkout#2',
        }),
      ],
      [
        deployment('api:cart', '2026-03-02T09:00:00Z', {
          entityRef: 'component:default/cart',
          repository: 'acme/cart',
          sha: sha('a'),
        }),
        deployment('api:checkout', '2026-03-02T10:00:00Z', {
          repository: 'Acme/Checkout',
        }),
      ],
      NO_EXPLICIT,
    );
    // The cart deployed the same SHA (a fork, a vendored copy): not checkout's.
    expect(shipped.get('acme/checkout#1')).toMatchObject({
      deploymentId: 'api:checkout',
      method: 'time',
    });
    expect(shipped.get('acme/checkout#2')?.deploymentId).toBe('api:checkout');
  });
});
