import {
  codeownersPath,
  declaresCatalogInfo,
  inferComponent,
  RepositorySnapshot,
  toEntityName,
  toTag,
} from './inferComponent';
import { ownerToEntityRef, parseCodeowners, repositoryOwners } from './parseCodeowners';

const options = {
  providerName: 'github-inference:lumen-retail',
  now: new Date('2026-11-23T12:00:00Z'),
  staleAfterDays: 365,
  experimentalForDays: 90,
  unownedOwner: 'group:default/unowned',
};

function repo(overrides: Partial<RepositorySnapshot> = {}): RepositorySnapshot {
  return {
    organization: 'lumen-retail',
    name: 'pricing-engine',
    description: 'Computes prices and promotions',
    htmlUrl: 'https://github.com/lumen-retail/pricing-engine',
    defaultBranch: 'main',
    topics: ['pricing', 'Kotlin'],
    language: 'Kotlin',
    archived: false,
    pushedAt: '2026-11-20T10:00:00Z',
    createdAt: '2024-01-10T10:00:00Z',
    paths: ['Dockerfile', '.github/CODEOWNERS', 'src/Main.kt'],
    codeowners: '* @lumen-retail/checkout-squad\n',
    teams: [{ slug: 'platform-squad', permission: 'admin' }],
    ...overrides,
  };
}

describe('parseCodeowners', () => {
  it('takes the last rule that covers the whole repository', () => {
    const rules = parseCodeowners(`
# Global owners
*            @lumen-retail/platform-squad
/docs/       @lumen-retail/tech-writers   # docs only
*            @lumen-retail/checkout-squad @someone
`);
    expect(repositoryOwners(rules)).toEqual(['@lumen-retail/checkout-squad', '@someone']);
  });

  it('has no repository owner when only paths are owned', () => {
    expect(repositoryOwners(parseCodeowners('/src/ @lumen-retail/a\n'))).toEqual([]);
  });

  it('maps teams of the organisation and users to entity refs', () => {
    expect(ownerToEntityRef('@Lumen-Retail/Checkout-Squad', 'lumen-retail')).toBe(
      'group:default/checkout-squad',
    );
    expect(ownerToEntityRef('@other-org/team', 'lumen-retail')).toBeUndefined();
    expect(ownerToEntityRef('@octocat', 'lumen-retail')).toBe('user:default/octocat');
    expect(ownerToEntityRef('dev@lumen-retail.example', 'lumen-retail')).toBeUndefined();
  });
});

describe('inferComponent', () => {
  it('builds a Component marked as inferred, owned per CODEOWNERS', () => {
    const { entity, ownerSource } = inferComponent(repo(), options);
    expect(ownerSource).toBe('codeowners');
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'pricing-engine',
        description: 'Computes prices and promotions',
        tags: ['inferred', 'pricing', 'kotlin'],
        annotations: {
          'paved.dev/inferred': 'true',
          'paved.dev/owner-source': 'codeowners',
          'github.com/project-slug': 'lumen-retail/pricing-engine',
          'backstage.io/managed-by-location':
            'url:https://github.com/lumen-retail/pricing-engine',
          'backstage.io/managed-by-origin-location':
            'url:https://github.com/lumen-retail/pricing-engine',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'group:default/checkout-squad' },
    });
  });

  it('falls back to the admin team, then the maintain team, then unowned', () => {
    const noCodeowners = { codeowners: undefined };
    expect(
      inferComponent(
        repo({
          ...noCodeowners,
          teams: [
            { slug: 'fulfilment-squad', permission: 'maintain' },
            { slug: 'platform-squad', permission: 'admin' },
          ],
        }),
        options,
      ).entity.spec?.owner,
    ).toBe('group:default/platform-squad');
    const maintained = inferComponent(
      repo({ ...noCodeowners, teams: [{ slug: 'fulfilment-squad', permission: 'maintain' }] }),
      options,
    );
    expect(maintained.entity.spec?.owner).toBe('group:default/fulfilment-squad');
    expect(maintained.ownerSource).toBe('maintain-team');
    const unowned = inferComponent(
      repo({ ...noCodeowners, teams: [{ slug: 'data', permission: 'push' }] }),
      options,
    );
    expect(unowned.entity.spec?.owner).toBe('group:default/unowned');
    expect(unowned.ownerSource).toBe('none');
  });

  it('ignores CODEOWNERS that name only users or other organisations', () => {
    const { ownerSource } = inferComponent(
      repo({ codeowners: '* @octocat @elsewhere/team' }),
      options,
    );
    expect(ownerSource).toBe('admin-team');
  });

  it('derives the lifecycle from archival, activity and age', () => {
    expect(inferComponent(repo({ archived: true }), options).entity.spec?.lifecycle).toBe(
      'deprecated',
    );
    expect(
      inferComponent(repo({ pushedAt: '2025-06-01T00:00:00Z' }), options).entity.spec?.lifecycle,
    ).toBe('deprecated');
    expect(
      inferComponent(repo({ createdAt: '2026-10-01T00:00:00Z' }), options).entity.spec
        ?.lifecycle,
    ).toBe('experimental');
  });

  it('types repositories without a Dockerfile as other', () => {
    expect(inferComponent(repo({ paths: ['setup.py'] }), options).entity.spec?.type).toBe(
      'other',
    );
  });
});

describe('names, tags and well-known files', () => {
  it('makes valid entity names and tags out of anything GitHub allows', () => {
    expect(toEntityName('My_Service.API')).toBe('my_service.api');
    expect(toEntityName('--weird--name--')).toBe('weird-name');
    expect(toEntityName('a'.repeat(80))).toHaveLength(63);
    expect(toTag('Machine Learning')).toBe('machine-learning');
    expect(toTag('C#')).toBe('c#');
    expect(toTag('!!!')).toBeUndefined();
  });

  it('finds catalog-info.yaml and CODEOWNERS where GitHub looks', () => {
    expect(declaresCatalogInfo(['catalog-info.yaml'])).toBe(true);
    expect(declaresCatalogInfo(['docs/catalog-info.yaml'])).toBe(false);
    expect(codeownersPath(['CODEOWNERS', '.github/CODEOWNERS'])).toBe('.github/CODEOWNERS');
    expect(codeownersPath(['README.md'])).toBeUndefined();
  });
});
