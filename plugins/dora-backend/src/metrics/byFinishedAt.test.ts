import { Deployment } from '@internal/plugin-dora-common';
import { byFinishedAt } from './byFinishedAt';

const deployment = (id: string, finishedAt: string): Deployment => ({
  id,
  repository: 'acme/checkout',
  environment: 'production',
  environmentKind: 'production',
  sha: 'abcdef1',
  status: 'success',
  finishedAt: new Date(finishedAt),
  source: 'api',
});

describe('byFinishedAt', () => {
  it('puts the earliest finished deployment first, ties by id', () => {
    const sorted = [
      deployment('api:c', '2026-03-02T12:00:00Z'),
      deployment('api:b', '2026-03-02T10:00:00Z'),
      deployment('api:a', '2026-03-02T12:00:00Z'),
    ].sort(byFinishedAt);
    expect(sorted.map(d => d.id)).toEqual(['api:b', 'api:a', 'api:c']);
  });
});
