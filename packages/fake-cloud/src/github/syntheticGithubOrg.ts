import { FakeGithubOrg, FakeGithubRepo } from './types';

const SQUADS = [
  'checkout-squad',
  'discovery-squad',
  'fulfilment-squad',
  'identity-squad',
  'platform-squad',
];
const LANGUAGES = ['TypeScript', 'Kotlin', 'Go', 'Python', 'Java'];

/**
 * A large organisation for benchmarks: `repositories` repos named
 * `svc-00001`…, a `declaredShare` of them with a catalog-info.yaml, the rest
 * owned through CODEOWNERS (most) or an admin team (every fifth). Same input,
 * same org.
 */
export function syntheticGithubOrg(options: {
  repositories: number;
  declaredShare?: number;
  login?: string;
}): FakeGithubOrg {
  const { repositories, declaredShare = 0.5, login = 'lumen-retail' } = options;
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
  return { login, name: 'Synthetic org', repos };
}
