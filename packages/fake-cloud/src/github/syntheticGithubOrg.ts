import {
  FakeGithubMember,
  FakeGithubOrg,
  FakeGithubOrgTeam,
  FakeGithubRepo,
} from './types';

const SQUADS = [
  'checkout-squad',
  'discovery-squad',
  'fulfilment-squad',
  'identity-squad',
  'platform-squad',
];
const LANGUAGES = ['TypeScript', 'Kotlin', 'Go', 'Python', 'Java'];

/**
 * An `engineering` team with one child team per squad, each with
 * `membersPerTeam` members named `dev-00001`…, the first its maintainer.
 */
function syntheticPeople(
  login: string,
  membersPerTeam: number,
): { members: FakeGithubMember[]; teams: FakeGithubOrgTeam[] } {
  const members: FakeGithubMember[] = [];
  const teams: FakeGithubOrgTeam[] = [
    {
      slug: 'engineering',
      name: 'Engineering',
      description: 'All squads',
      members: [],
    },
  ];
  for (const squad of SQUADS) {
    const logins: string[] = [];
    for (let i = 0; i < membersPerTeam; i++) {
      const member = `dev-${String(members.length + 1).padStart(5, '0')}`;
      logins.push(member);
      members.push({
        login: member,
        name: `Developer ${members.length + 1}`,
        verifiedEmails: [`${member}@${login}.example`],
      });
    }
    teams.push({
      slug: squad,
      description: `Synthetic ${squad}`,
      parent: 'engineering',
      members: logins,
      maintainers: logins.slice(0, 1),
    });
  }
  return { members, teams };
}

/**
 * A large organisation for benchmarks: `repositories` repos named
 * `svc-00001`…, a `declaredShare` of them with a catalog-info.yaml, the rest
 * owned through CODEOWNERS (most) or an admin team (every fifth); one team
 * per squad under `engineering`, `membersPerTeam` members each (default 8).
 * Same input, same org.
 */
export function syntheticGithubOrg(options: {
  repositories: number;
  declaredShare?: number;
  login?: string;
  membersPerTeam?: number;
}): FakeGithubOrg {
  const {
    repositories,
    declaredShare = 0.5,
    login = 'lumen-retail',
    membersPerTeam = 8,
  } = options;
  const declaredEvery = declaredShare > 0 ? Math.round(1 / declaredShare) : 0;
  const repos: FakeGithubRepo[] = [];
  for (let i = 1; i <= repositories; i++) {
    const name = `svc-${String(i).padStart(5, '0')}`;
    const squad = SQUADS[i % SQUADS.length];
    const declared = declaredEvery > 0 && i % declaredEvery === 0;
    const files: Record<string, string> = {
      'README.md': `# ${name}\n`,
      Dockerfile: 'FROM node:24-slim\n',
      '.github/workflows/ci.yml': 'name: ci\non: [push]\n',
    };
    if (declared) {
      files['catalog-info.yaml'] = [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${name}`,
        'spec:',
        '  type: service',
        '  lifecycle: production',
        `  owner: group:default/${squad}`,
        '',
      ].join('\n');
    } else if (i % 5 !== 0) {
      files['.github/CODEOWNERS'] = `* @${login}/${squad}\n`;
    }
    repos.push({
      name,
      description: `Synthetic service ${i}`,
      topics: ['synthetic', squad],
      language: LANGUAGES[i % LANGUAGES.length],
      files,
      teams: [{ slug: squad, permission: i % 5 === 0 ? 'admin' : 'maintain' }],
    });
  }
  return {
    login,
    name: 'Synthetic org',
    repos,
    ...syntheticPeople(login, membersPerTeam),
  };
}
