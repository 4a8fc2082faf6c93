import { ConfigReader } from '@backstage/config';
import {
  matchesFilters,
  readGithubInferenceConfigs,
} from './readGithubInferenceConfigs';

const read = (provider: object) =>
  readGithubInferenceConfigs(
    new ConfigReader({
      catalog: { providers: { githubInference: { acme: provider } } },
    }),
  );

describe('readGithubInferenceConfigs', () => {
  it('reads nothing when no provider is configured', () => {
    expect(readGithubInferenceConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('fills in defaults', () => {
    const [config] = read({ organization: 'acme' });
    expect(config).toMatchObject({
      id: 'acme',
      organization: 'acme',
      host: 'github.com',
      staleAfterDays: 365,
      experimentalForDays: 90,
      unownedOwner: 'group:default/unowned',
      concurrency: 8,
      filters: { includeArchived: true, includeTopics: [], excludeTopics: [] },
      schedule: { frequency: { minutes: 30 } },
    });
    expect(config.filters.repository.test('anything')).toBe(true);
  });

  it('names the key that holds a bad value', () => {
    expect(() => read({ organization: 'acme', filters: { repository: '(' } })).toThrow(
      /^Invalid config at catalog\.providers\.githubInference\.acme\.filters\.repository: not a regular expression/,
    );
    expect(() => read({ organization: 'not an org!' })).toThrow(
      /catalog\.providers\.githubInference\.acme\.organization/,
    );
    expect(() => read({ organization: 'acme', concurrency: 0 })).toThrow(
      /githubInference\.acme\.concurrency/,
    );
  });
});

describe('matchesFilters', () => {
  const filters = {
    repository: /^svc-/,
    excludeRepository: /-sandbox$/,
    includeTopics: [],
    excludeTopics: ['no-catalog'],
    includeArchived: false,
  };
  const repo = { name: 'svc-orders', topics: ['java'], archived: false };

  it('applies name, topic and archive filters', () => {
    expect(matchesFilters(filters, repo)).toBe(true);
    expect(matchesFilters(filters, { ...repo, name: 'orders' })).toBe(false);
    expect(matchesFilters(filters, { ...repo, name: 'svc-orders-sandbox' })).toBe(false);
    expect(matchesFilters(filters, { ...repo, archived: true })).toBe(false);
    expect(matchesFilters(filters, { ...repo, topics: ['no-catalog'] })).toBe(false);
    expect(
      matchesFilters({ ...filters, includeTopics: ['kotlin'] }, repo),
    ).toBe(false);
  });
});
