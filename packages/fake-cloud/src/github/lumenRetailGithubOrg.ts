import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  DEPLOY_WORKFLOW,
  deploysWithWorkflow,
} from './lumenRetailDeliveryHabits';
import { lumenRetailDeliveryHistory } from './lumenRetailDeliveryHistory';
import {
  ciWorkflow,
  codeowners,
  deployWorkflow,
  dockerfile,
  languageFromTags,
  RepoLanguage,
} from './lumenRetailRepoFiles';
import {
  LUMEN_RETAIL_FILE_DATES,
  lumenRetailFixtureFiles,
} from './lumenRetailRunbooks';
import {
  FakeGithubMember,
  FakeGithubOrg,
  FakeGithubOrgTeam,
  FakeGithubRepo,
} from './types';

const ORG = 'lumen-retail';

/**
 * The repository root's catalog-info/, which describes Lumen Retail: found by
 * walking up from this file (src/github/ when run from source).
 */
function catalogInfoDir(): string {
  // This package runs from source (main: src/index.ts) in tests and demos, so
  // __dirname is this file's directory; walking up also works from a build.
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'catalog-info');
    if (fs.existsSync(path.join(candidate, 'components'))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(
        'catalog-info/components not found above the fake-cloud package',
      );
    }
  }
}

type ComponentDoc = {
  /** The document's YAML exactly as written in the catalog file. */
  text: string;
  name: string;
  title: string;
  description?: string;
  tags: string[];
  type: string;
  owner: string;
};

/** Every Component document in one catalog YAML file. */
function componentsIn(source: string): ComponentDoc[] {
  return parseAllDocuments(source).flatMap(doc => {
    const entity = doc.toJS();
    if (entity?.kind !== 'Component') return [];
    const text = source
      .slice(doc.range[0], doc.range[2])
      .replace(/^---\r?\n/, '');
    return [
      {
        text,
        name: entity.metadata.name,
        title: entity.metadata.title ?? entity.metadata.name,
        description: entity.metadata.description,
        tags: entity.metadata.tags ?? [],
        type: entity.spec.type,
        // 'group:default/checkout-squad' -> 'checkout-squad'
        owner: String(entity.spec.owner)
          .replace(/^[a-z]+:/i, '')
          .split('/')
          .pop()!,
      },
    ];
  });
}

function readme(title: string, description: string): string {
  return `# ${title}\n\n${description}\n`;
}

/** A repository whose catalog-info.yaml declares the component. */
function declaredRepo(component: ComponentDoc): FakeGithubRepo {
  const language = languageFromTags(component.tags);
  const files: Record<string, string> = {
    'catalog-info.yaml': component.text,
    '.github/CODEOWNERS': codeowners(ORG, component.owner),
    'README.md': readme(component.title, component.description ?? ''),
  };
  if (language && ['service', 'website'].includes(component.type)) {
    files.Dockerfile = dockerfile(language, component.name);
  }
  if (language) files['.github/workflows/ci.yml'] = ciWorkflow(language);
  if (deploysWithWorkflow(component.name)) {
    files[DEPLOY_WORKFLOW.path] = deployWorkflow(
      component.name,
      component.name === 'search-service' ? 'push' : 'dispatch',
    );
  }
  // Runbooks (deliberately none for shipping-service), the Prometheus rule
  // file and other hand-written files: fixtures/lumen-retail/<repo>/.
  Object.assign(files, lumenRetailFixtureFiles(component.name));
  const fileDates = LUMEN_RETAIL_FILE_DATES[component.name];
  return {
    name: component.name,
    description: component.description ?? null,
    topics: component.tags,
    language,
    files,
    ...(fileDates ? { fileDates: { ...fileDates } } : {}),
    teams:
      component.owner === 'platform-squad'
        ? [{ slug: 'platform-squad', permission: 'admin' }]
        : [
            { slug: component.owner, permission: 'maintain' },
            { slug: 'platform-squad', permission: 'admin' },
          ],
  };
}

function buildFiles(
  language: RepoLanguage,
  name: string,
): Record<string, string> {
  return {
    Dockerfile: dockerfile(language, name),
    '.github/workflows/ci.yml': ciWorkflow(language),
  };
}

/** Repositories without a catalog-info.yaml, for ownership and metadata inference. */
function undeclaredRepos(): FakeGithubRepo[] {
  return [
    {
      name: 'pricing-engine',
      description:
        'Rule-based pricing engine: list prices, promotions, bundles and voucher discounts for the basket.',
      topics: ['pricing', 'kotlin'],
      language: 'Kotlin',
      createdAt: '2025-06-02T08:30:00Z',
      files: {
        'README.md': readme(
          'Pricing Engine',
          'Computes basket prices, promotions and voucher discounts for checkout.',
        ),
        '.github/CODEOWNERS': codeowners(ORG, 'checkout-squad'),
        ...buildFiles('Kotlin', 'pricing-engine'),
      },
      teams: [{ slug: 'checkout-squad', permission: 'maintain' }],
    },
    {
      name: 'warehouse-scanner',
      description:
        'Handheld barcode-scanner app used by warehouse staff to pick, pack and cycle-count stock.',
      topics: ['warehouse', 'barcode', 'react-native'],
      language: 'TypeScript',
      createdAt: '2025-09-15T12:00:00Z',
      files: {
        'README.md': readme(
          'Warehouse Scanner',
          'Pick, pack and cycle-count stock from a handheld scanner.',
        ),
        '.github/workflows/ci.yml': ciWorkflow('TypeScript'),
      },
      teams: [{ slug: 'fulfilment-squad', permission: 'maintain' }],
    },
    {
      name: 'data-pipelines',
      description:
        'Nightly Airflow DAGs that load orders, stock and clickstream data into the analytics warehouse.',
      topics: ['airflow', 'etl', 'analytics'],
      language: 'Python',
      createdAt: '2024-04-22T07:45:00Z',
      files: {
        'README.md': readme(
          'Data Pipelines',
          'Airflow DAGs feeding the analytics warehouse.',
        ),
        'dags/orders_daily.py':
          'from airflow.decorators import dag, task\nimport pendulum\n\n\n@dag(schedule="0 2 * * *", start_date=pendulum.datetime(2024, 5, 1), catchup=False)\ndef orders_daily():\n    @task\n    def load_orders():\n        ...\n\n    load_orders()\n\n\norders_daily()\n',
        '.github/workflows/ci.yml': ciWorkflow('Python'),
      },
      teams: [
        { slug: 'data-analysts', name: 'Data Analysts', permission: 'push' },
      ],
    },
    {
      name: 'legacy-storefront',
      description:
        'The original PHP storefront, replaced by storefront-web in 2023. Read-only; kept for reference.',
      topics: ['php', 'storefront', 'legacy'],
      language: 'PHP',
      archived: true,
      pushedAt: '2023-02-01T00:00:00Z',
      createdAt: '2017-03-09T10:15:00Z',
      files: {
        'README.md': readme(
          'Legacy Storefront',
          'Archived. Replaced by storefront-web.',
        ),
        Dockerfile: dockerfile('PHP', 'legacy-storefront'),
        'public/index.php':
          "<?php\nrequire __DIR__ . '/../bootstrap.php';\n\n$app->run();\n",
      },
      teams: [{ slug: 'discovery-squad', permission: 'admin' }],
    },
  ];
}

type OrgDoc = {
  kind: string;
  metadata: { name: string; title?: string; description?: string };
  spec?: {
    type?: string;
    parent?: string;
    members?: string[];
    profile?: { displayName?: string; email?: string };
  };
};

/**
 * The people of catalog-info/org.yaml as GitHub would hold them. Every Group
 * but the organisation itself is a team (GitHub has no team above the org),
 * with the same slug, its title as name and its immediate members. Every
 * User is a member whose login is the User's name, so upstream's default
 * user transformer (entity name = login) yields the declared names. Real
 * GitHub logins cannot contain '.', so against github.com a user transformer
 * is needed to keep `first.last` names (docs/catalog-github-org.md).
 */
function peopleIn(source: string): {
  members: FakeGithubMember[];
  teams: FakeGithubOrgTeam[];
} {
  const docs = parseAllDocuments(source)
    .map(doc => doc.toJS() as OrgDoc | null)
    .filter((doc): doc is OrgDoc => Boolean(doc?.kind));
  const teamGroups = docs.filter(
    doc => doc.kind === 'Group' && doc.spec?.type !== 'organization',
  );
  const slugs = new Set(teamGroups.map(group => group.metadata.name));
  const teams = teamGroups.map(group => {
    const parent = group.spec?.parent;
    return {
      slug: group.metadata.name,
      name: group.spec?.profile?.displayName ?? group.metadata.title,
      description: group.metadata.description?.trim() ?? null,
      // A team's parent is a team; the organisation group is no team.
      ...(parent && slugs.has(parent) ? { parent } : {}),
      members: group.spec?.members ?? [],
    };
  });
  const members = docs
    .filter(doc => doc.kind === 'User')
    .map(user => {
      const email = user.spec?.profile?.email;
      return {
        login: user.metadata.name,
        name: user.spec?.profile?.displayName,
        ...(email ? { email, verifiedEmails: [email] } : {}),
        ...(user.metadata.description
          ? { bio: user.metadata.description }
          : {}),
      };
    });
  return { members, teams };
}

/** Teams that repositories grant access to but org.yaml does not declare (e.g. data-analysts). */
function undeclaredTeams(
  repos: FakeGithubRepo[],
  declared: FakeGithubOrgTeam[],
): FakeGithubOrgTeam[] {
  const known = new Set(declared.map(t => t.slug));
  const extra = new Map<string, FakeGithubOrgTeam>();
  for (const entry of repos.flatMap(r => r.teams ?? [])) {
    if (!known.has(entry.slug) && !extra.has(entry.slug)) {
      extra.set(entry.slug, {
        slug: entry.slug,
        name: entry.name,
        members: [],
      });
    }
  }
  return [...extra.values()];
}

/** Not an engineer: the demo's local sign-in user, who ships nothing. */
const GUEST = 'guest';

export type LumenRetailGithubOrgOptions = {
  /** The end of the declared repositories' delivery history (120 days); defaults to now. */
  deliveryUntil?: Date;
};

/**
 * The Lumen Retail GitHub organisation (`lumen-retail`): one repository per
 * Component in catalog-info/components/*.yaml (read at call time), each with
 * its catalog-info.yaml, its runbooks and other hand-written files
 * (lumenRetailRunbooks.ts) and its delivery history (lumenRetailDeliveryHistory.ts),
 * plus four repositories that have none; its members and teams are the Users
 * and Groups of catalog-info/org.yaml.
 */
export function lumenRetailGithubOrg(
  options: LumenRetailGithubOrgOptions = {},
): FakeGithubOrg {
  const root = catalogInfoDir();
  const dir = path.join(root, 'components');
  const components = fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .flatMap(file =>
      componentsIn(fs.readFileSync(path.join(dir, file), 'utf8')),
    );
  const { members, teams } = peopleIn(
    fs.readFileSync(path.join(root, 'org.yaml'), 'utf8'),
  );
  const until = options.deliveryUntil ?? new Date();
  const engineers = members
    .map(member => member.login)
    .filter(login => login !== GUEST);
  const declared = components.map(component => {
    const squad = teams
      .find(team => team.slug === component.owner)
      ?.members.filter(login => login !== GUEST);
    return {
      ...declaredRepo(component),
      delivery: lumenRetailDeliveryHistory(component.name, {
        until,
        squad: component.owner,
        engineers: squad?.length ? squad : engineers,
        reviewers: engineers.filter(login => !squad?.includes(login)),
        owner: ORG,
      }),
    };
  });
  const repos = [...declared, ...undeclaredRepos()];
  return {
    login: ORG,
    name: 'Lumen Retail',
    repos,
    members,
    teams: [...teams, ...undeclaredTeams(repos, teams)],
  };
}
