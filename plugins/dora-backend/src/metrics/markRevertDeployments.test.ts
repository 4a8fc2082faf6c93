import { Change } from '@internal/plugin-dora-common';
import { deployment, sha } from './__testUtils__/records';
import { markRevertDeployments } from './markRevertDeployments';

const change = (
  number: number,
  mergedAt: string,
  mergeSha: string,
  isRevert: boolean,
): Change => ({
  id: `acme/checkout#${number}`,
  entityRef: 'component:default/checkout',
  repository: 'acme/checkout',
  number,
  title: isRevert ? 'Revert "Basket API"' : 'Basket API',
  firstCommitAt: new Date(mergedAt),
  openedAt: new Date(mergedAt),
  mergedAt: new Date(mergedAt),
  mergeSha,
  isRevert,
});

describe('markRevertDeployments', () => {
  it('marks the first deployment of each production region that ships a revert', () => {
    const deployments = [
      deployment('eu-1', '2026-11-02T10:00:00Z', {
        environment: 'production-eu',
        sha: sha('a'),
      }),
      deployment('us-1', '2026-11-02T10:10:00Z', {
        environment: 'production-us',
        sha: sha('a'),
      }),
      deployment('staging', '2026-11-02T12:00:00Z', {
        environment: 'staging',
        environmentKind: 'staging',
        sha: sha('b'),
      }),
      deployment('eu-2', '2026-11-02T12:30:00Z', {
        environment: 'production-eu',
        sha: sha('b'),
      }),
      deployment('us-2', '2026-11-02T12:40:00Z', {
        environment: 'production-us',
        sha: sha('b'),
      }),
      deployment('eu-3', '2026-11-02T15:00:00Z', {
        environment: 'production-eu',
        sha: sha('c'),
      }),
    ];
    const marked = markRevertDeployments(
      deployments,
      [
        change(1, '2026-11-02T09:00:00Z', sha('a'), false),
        change(2, '2026-11-02T12:00:00Z', sha('b'), true),
      ],
      new Map(),
    );
    expect(marked.filter(d => d.unplannedReason).map(d => d.id)).toEqual([
      'eu-2',
      'us-2',
    ]);
    expect(marked.find(d => d.id === 'eu-2')?.unplannedReason).toBe('revert');
  });

  it('keeps the reason a CD tool gave, and everything when there is no revert', () => {
    const deployments = [
      deployment('d1', '2026-11-02T12:30:00Z', {
        sha: sha('b'),
        unplannedReason: 'hotfix',
      }),
    ];
    const revert = [change(2, '2026-11-02T12:00:00Z', sha('b'), true)];
    expect(
      markRevertDeployments(deployments, revert, new Map())[0].unplannedReason,
    ).toBe('hotfix');
    expect(markRevertDeployments(deployments, [], new Map())).toBe(deployments);
  });
});
