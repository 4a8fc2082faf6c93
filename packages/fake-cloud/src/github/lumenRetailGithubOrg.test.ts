import { Octokit } from '@octokit/rest';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { lumenRetailGithubOrg } from './lumenRetailGithubOrg';
import { startFakeGithub } from './startFakeGithub';

const UNDECLARED = [
  'pricing-engine',
  'warehouse-scanner',
  'data-pipelines',
  'legacy-storefront',
];

function orgEntities() {
  const file = path.resolve(__dirname, '../../../../catalog-info/org.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS())
    .filter(Boolean);
}

function catalogComponents() {
  const dir = path.resolve(__dirname, '../../../../catalog-info/components');
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        doc => doc.toJS(),
      ),
    )
    .filter(entity => entity?.kind === 'Component');
}

describe('lumenRetailGithubOrg', () => {
  const org = lumenRetailGithubOrg();
  const repo = (name: string) => org.repos.find(r => r.name === name)!;

  it('has 17 declared and 4 undeclared repositories', () => {
    const declared = org.repos.filter(r => r.files?.['catalog-info.yaml']);
    const undeclared = org.repos.filter(r => !r.files?.['catalog-info.yaml']);
    expect(org.login).toBe('lumen-retail');
    expect(declared).toHaveLength(17);
    expect(undeclared.map(r => r.name).sort()).toEqual([...UNDECLARED].sort());
  });

  it('gives each component a repository whose catalog-info.yaml parses to the component', () => {
    const components = catalogComponents();
    expect(components).toHaveLength(17);
    for (const component of components) {
      const r = repo(component.metadata.name);
      expect(parse(r.files!['catalog-info.yaml'])).toEqual(component);
      expect(r.description).toBe(component.metadata.description);
      expect(r.topics).toEqual(component.metadata.tags);
    }
  });

  it('derives language, CODEOWNERS, files and teams from the component', () => {
    const checkout = repo('checkout-service');
    expect(checkout.language).toBe('Java');
    expect(checkout.files!['.github/CODEOWNERS']).toContain(
      '* @lumen-retail/checkout-squad\n',
    );
    expect(Object.keys(checkout.files!)).toEqual(
      expect.arrayContaining([
        'Dockerfile',
        '.github/workflows/ci.yml',
        'docs/runbooks/checkout-service.md',
      ]),
    );
    expect(checkout.teams).toEqual([
      { slug: 'checkout-squad', permission: 'maintain' },
      { slug: 'platform-squad', permission: 'admin' },
    ]);

    expect(repo('cart-service').language).toBe('Kotlin');
    expect(repo('shipping-service').language).toBe('Go');
    expect(repo('recommendations-service').language).toBe('Python');

    const designSystem = repo('design-system'); // a library: no Dockerfile, no runbook
    expect(designSystem.language).toBe('TypeScript');
    expect(Object.keys(designSystem.files!).sort()).toEqual([
      '.github/CODEOWNERS',
      '.github/workflows/ci.yml',
      'README.md',
      'catalog-info.yaml',
    ]);
    expect(repo('storefront-web').files!.Dockerfile).toBeDefined(); // a website
    expect(repo('paved-portal').teams).toEqual([
      { slug: 'platform-squad', permission: 'admin' },
    ]);
  });

  it('describes the undeclared repositories for inference', () => {
    expect(repo('pricing-engine')).toMatchObject({
      language: 'Kotlin',
      topics: ['pricing', 'kotlin'],
    });
    expect(repo('pricing-engine').files!['.github/CODEOWNERS']).toContain(
      '* @lumen-retail/checkout-squad',
    );
    expect(repo('pricing-engine').files!.Dockerfile).toBeDefined();

    expect(
      repo('warehouse-scanner').files!['.github/CODEOWNERS'],
    ).toBeUndefined();
    expect(repo('warehouse-scanner').teams).toEqual([
      { slug: 'fulfilment-squad', permission: 'maintain' },
    ]);

    expect(repo('data-pipelines').files!['.github/CODEOWNERS']).toBeUndefined();
    expect(
      repo('data-pipelines').teams!.every(
        t => !['admin', 'maintain'].includes(t.permission),
      ),
    ).toBe(true);

    expect(repo('legacy-storefront')).toMatchObject({
      archived: true,
      pushedAt: '2023-02-01T00:00:00Z',
      language: 'PHP',
      teams: [{ slug: 'discovery-squad', permission: 'admin' }],
    });
    for (const name of UNDECLARED) expect(repo(name).description).toBeTruthy();
  });

  it('has a team per Group of org.yaml below the organisation, and a member per User, by the same names', () => {
    const entities = orgEntities();
    const groups = entities.filter(e => e.kind === 'Group');
    const users = entities.filter(e => e.kind === 'User');

    const declaredTeams = org.teams!.filter(t => t.slug !== 'data-analysts');
    expect(declaredTeams.map(t => t.slug).sort()).toEqual(
      groups
        .filter(g => g.spec.type !== 'organization')
        .map(g => g.metadata.name)
        .sort(),
    );
    for (const team of declaredTeams) {
      const group = groups.find(g => g.metadata.name === team.slug);
      expect(team.name).toBe(group.spec.profile.displayName);
      expect(team.members).toEqual(group.spec.members ?? []);
      // GitHub has no team above the organisation: engineering is a root team.
      expect(team.parent).toBe(
        group.spec.parent === 'lumen-retail' ? undefined : group.spec.parent,
      );
    }
    expect(org.teams!.find(t => t.slug === 'checkout-squad')).toMatchObject({
      parent: 'engineering',
      members: ['lucas.ferreira', 'hannah.schmidt', 'kenji.watanabe'],
    });

    expect(org.members!.map(m => m.login).sort()).toEqual(
      users.map(u => u.metadata.name).sort(),
    );
    expect(org.members!.find(m => m.login === 'liam.obrien')).toEqual({
      login: 'liam.obrien',
      name: "Liam O'Brien",
      email: 'liam.obrien@lumen-retail.example',
      verifiedEmails: ['liam.obrien@lumen-retail.example'],
    });
  });

  it('has every team a repository grants access to, undeclared ones without members', () => {
    const slugs = new Set(org.teams!.map(t => t.slug));
    for (const entry of org.repos.flatMap(r => r.teams ?? [])) {
      expect(slugs).toContain(entry.slug);
    }
    expect(org.teams!.find(t => t.slug === 'data-analysts')).toEqual({
      slug: 'data-analysts',
      name: 'Data Analysts',
      members: [],
    });
  });

  it('serves catalog-info.yaml through the fake GitHub API', async () => {
    const server = await startFakeGithub(org);
    try {
      const octokit = new Octokit({ baseUrl: server.apiBaseUrl });
      const { data } = await octokit.rest.repos.getContent({
        owner: 'lumen-retail',
        repo: 'payments-service',
        path: 'catalog-info.yaml',
      });
      if (Array.isArray(data) || data.type !== 'file')
        throw new Error('expected a file');
      const entity = parse(
        Buffer.from(data.content, 'base64').toString('utf8'),
      );
      expect(entity).toMatchObject({
        kind: 'Component',
        metadata: { name: 'payments-service' },
      });

      const teams = await octokit.rest.repos.listTeams({
        owner: 'lumen-retail',
        repo: 'payments-service',
      });
      expect(teams.data.map(t => [t.slug, t.name, t.permission])).toEqual([
        ['checkout-squad', 'Checkout Squad', 'maintain'],
        ['platform-squad', 'Platform Squad', 'admin'],
      ]);
    } finally {
      await server.close();
    }
  });
});
