import { repositoryChangeFromEvent } from './repositoryChangeFromEvent';

const repository = {
  name: 'pricing-engine',
  owner: { login: 'Lumen-Retail' },
  default_branch: 'main',
};

describe('repositoryChangeFromEvent', () => {
  it('refreshes a repository pushed to on its default branch only', () => {
    expect(
      repositoryChangeFromEvent('github.push', { ref: 'refs/heads/main', repository }, 'lumen-retail'),
    ).toEqual({ type: 'refresh', repository: 'pricing-engine' });
    expect(
      repositoryChangeFromEvent('github.push', { ref: 'refs/heads/feature', repository }, 'lumen-retail'),
    ).toBeUndefined();
  });

  it('ignores other organisations and malformed payloads', () => {
    expect(
      repositoryChangeFromEvent('github.push', { ref: 'refs/heads/main', repository }, 'other-org'),
    ).toBeUndefined();
    expect(repositoryChangeFromEvent('github.push', { ref: 42 }, 'lumen-retail')).toBeUndefined();
    expect(
      repositoryChangeFromEvent('github.membership', { action: 'added' }, 'lumen-retail'),
    ).toBeUndefined();
  });

  it('removes deleted and transferred repositories, follows renames, refreshes the rest', () => {
    const event = (action: string, extra = {}) =>
      repositoryChangeFromEvent('github.repository', { action, repository, ...extra }, 'lumen-retail');
    expect(event('deleted')).toEqual({ type: 'remove', repository: 'pricing-engine' });
    expect(event('transferred')).toEqual({ type: 'remove', repository: 'pricing-engine' });
    expect(
      event('renamed', { changes: { repository: { name: { from: 'pricing' } } } }),
    ).toEqual({ type: 'rename', from: 'pricing', repository: 'pricing-engine' });
    expect(event('archived')).toEqual({ type: 'refresh', repository: 'pricing-engine' });
    expect(event('created')).toEqual({ type: 'refresh', repository: 'pricing-engine' });
  });
});
