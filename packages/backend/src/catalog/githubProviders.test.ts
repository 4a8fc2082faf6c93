import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import githubCatalogModule from '@backstage/plugin-catalog-backend-module-github';
import githubOrgModule from '@backstage/plugin-catalog-backend-module-github-org';
import unprocessedModule from '@backstage/plugin-catalog-backend-module-unprocessed';
import {
  FakeGithubOrg,
  FakeGithubServer,
  lumenRetailGithubOrg,
  startFakeGithub,
  waitFor,
} from '@internal/fake-cloud';
import request from 'supertest';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

// Task ids the upstream providers schedule under (provider name + ':refresh').
const REPOS_TASK = 'github-provider:lumen-retail:refresh';
const ORG_TASK = 'GithubMultiOrgEntityProvider:lumen-retail:refresh';

// An initial delay keeps the test scheduler from running a pass at start-up:
// each test triggers its own.
const MANUAL = {
  frequency: { hours: 1 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 1 },
};

/** A repository whose catalog-info.yaml is not valid YAML: the flow mapping never closes. */
const BROKEN_REPO = {
  name: 'returns-service',
  description: 'Customer returns and refunds.',
  files: {
    'catalog-info.yaml': [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata: { name: returns-service',
      'spec:',
      '  type: service',
      '',
    ].join('\n'),
  },
};

/** The demo organisation, plus one repository with a broken catalog-info.yaml. */
function demoOrg(): FakeGithubOrg {
  const org = lumenRetailGithubOrg();
  return { ...org, repos: [...org.repos, BROKEN_REPO] };
}

const DECLARED = 17;

describe('upstream GitHub providers against the fake GitHub (REST + GraphQL)', () => {
  let github: FakeGithubServer;
  let scheduler: SchedulerService;
  let server: Parameters<typeof request>[0];

  beforeEach(async () => {
    github = await startFakeGithub(demoOrg(), { token: 'ghp_test' });
    const knex = await databases.init('POSTGRES_15');
    // The catalog's scheduler, so the test decides when a pass runs.
    const captureScheduler = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-scheduler',
      register(env) {
        env.registerInit({
          deps: { s: coreServices.scheduler },
          async init({ s }) {
            scheduler = s;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        githubCatalogModule,
        githubOrgModule,
        unprocessedModule,
        captureScheduler,
        // The real URL reader: locations are read through the GitHub integration.
        urlReaderServiceFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: github.apiBaseUrl,
                  token: 'ghp_test',
                },
              ],
            },
            catalog: {
              rules: [
                {
                  allow: ['Component', 'System', 'API', 'Resource', 'Location'],
                },
              ],
              providers: {
                github: {
                  'lumen-retail': {
                    organization: 'lumen-retail',
                    catalogPath: '/catalog-info.yaml',
                    validateLocationsExist: true,
                    // Three pages for 22 repositories, so a run can fail half-way.
                    pageSizes: { repositories: 10 },
                    schedule: MANUAL,
                  },
                },
                githubOrg: [
                  {
                    id: 'lumen-retail',
                    githubUrl: 'https://github.com',
                    orgs: ['lumen-retail'],
                    schedule: MANUAL,
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterEach(async () => {
    await github.close();
  });

  const get = (path: string) =>
    request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header());

  const entitiesOfKind = async (kind: string): Promise<Entity[]> => {
    const res = await get(`/api/catalog/entities?filter=kind=${kind}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const names = (entities: Entity[]) =>
    entities.map(e => e.metadata.name).sort();
  const byName = (entities: Entity[]) =>
    Object.fromEntries(entities.map(e => [e.metadata.name, e]));
  const targets = (entity: Entity, type: string) =>
    (entity.relations ?? [])
      .filter(r => r.type === type)
      .map(r => r.targetRef)
      .sort();

  /**
   * Waits until there are `count` entities of `kind`, every one stitched
   * with its relations (data-analysts, a team with no parent, children or
   * members, has none).
   */
  const stitched = (kind: string, count: number) =>
    waitFor(`${count} stitched ${kind} entities`, async () => {
      const found = await entitiesOfKind(kind);
      return found.length === count &&
        found.every(
          e =>
            (e.relations ?? []).length > 0 ||
            e.metadata.name === 'data-analysts',
        )
        ? found
        : undefined;
    });

  const loadEverything = async () => {
    await scheduler.triggerTask(ORG_TASK);
    await scheduler.triggerTask(REPOS_TASK);
    await stitched('group', 7);
    await stitched('user', 17);
    const components = await stitched('component', DECLARED);
    // Groups are stitched again once the components that name them as owner are processed.
    await waitFor('checkout-squad to own its components', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/group/default/checkout-squad',
      );
      return (res.body.relations ?? []).some(
        (r: { type: string; targetRef: string }) =>
          r.type === 'ownerOf' &&
          r.targetRef === 'component:default/checkout-service',
      )
        ? true
        : undefined;
    });
    return components;
  };

  it('ingests declared components, teams and members, stitched to each other', async () => {
    const components = byName(await loadEverything());

    const checkout = components['checkout-service'];
    expect(checkout.spec).toMatchObject({
      type: 'service',
      owner: 'group:default/checkout-squad',
    });
    expect(checkout.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location':
        // The URL reader normalises the provider's blob/ target to tree/.
        'url:https://github.com/lumen-retail/checkout-service/tree/main/catalog-info.yaml',
    });
    expect(targets(checkout, 'ownedBy')).toEqual([
      'group:default/checkout-squad',
    ]);
    expect(targets(checkout, 'dependsOn')).toContain(
      'component:default/cart-service',
    );
    expect(targets(checkout, 'partOf')).toEqual(['system:default/checkout']);

    const groups = byName(await entitiesOfKind('group'));
    expect(Object.keys(groups).sort()).toEqual([
      'checkout-squad',
      'data-analysts',
      'discovery-squad',
      'engineering',
      'fulfilment-squad',
      'identity-squad',
      'platform-squad',
    ]);
    const squad = groups['checkout-squad'];
    expect(squad.metadata.annotations).toMatchObject({
      'github.com/team-slug': 'lumen-retail/checkout-squad',
      'backstage.io/managed-by-location':
        'url:https://github.com/orgs/lumen-retail/teams/checkout-squad',
    });
    expect(squad.spec).toMatchObject({
      type: 'team',
      parent: 'engineering',
      profile: { displayName: 'Checkout Squad' },
    });
    expect(targets(squad, 'childOf')).toEqual(['group:default/engineering']);
    expect(targets(squad, 'hasMember')).toEqual([
      'user:default/hannah.schmidt',
      'user:default/kenji.watanabe',
      'user:default/lucas.ferreira',
    ]);
    // Stitched across providers: the team owns what the repositories declare.
    expect(targets(squad, 'ownerOf')).toEqual(
      expect.arrayContaining([
        'component:default/cart-service',
        'component:default/checkout-service',
        'component:default/payments-service',
      ]),
    );
    expect(targets(groups.engineering, 'parentOf')).toEqual([
      'group:default/checkout-squad',
      'group:default/discovery-squad',
      'group:default/fulfilment-squad',
      'group:default/identity-squad',
      'group:default/platform-squad',
    ]);

    const users = byName(await entitiesOfKind('user'));
    expect(users['hannah.schmidt'].spec).toEqual({
      memberOf: ['checkout-squad'],
      profile: {
        displayName: 'Hannah Schmidt',
        email: 'hannah.schmidt@lumen-retail.example',
        picture: expect.stringMatching(
          /^https:\/\/avatars\.githubusercontent\.com\//,
        ),
      },
    });
    expect(targets(users['hannah.schmidt'], 'memberOf')).toEqual([
      'group:default/checkout-squad',
    ]);
    expect(users['ines.moreau'].metadata.description).toBe(
      'Head of Engineering.',
    );

    // One GraphQL listing per provider and kind, and a contents read per
    // declared repository; every request carried the integration's token.
    const graphql = github.requests.filter(r => r.path === '/graphql');
    expect(graphql.map(r => r.graphql?.operationName).sort()).toEqual([
      'repositories',
      'repositories',
      'repositories',
      'teams',
      'users',
    ]);
    expect(github.requests.every(r => r.status !== 401)).toBe(true);
  });

  it('reports the invalid catalog-info.yaml with its repository and path, and loads the rest', async () => {
    await loadEverything();
    const messages = await waitFor(
      'the broken file to be reported',
      async () => {
        const lists = await Promise.all(
          ['pending', 'failed'].map(reason =>
            get(`/api/catalog/entities/unprocessed/${reason}`),
          ),
        );
        const found: string[] = lists.flatMap(res =>
          (res.body?.entities ?? []).flatMap(
            (entity: { errors?: Array<{ message: string }> }) =>
              (entity.errors ?? []).map(error => error.message),
          ),
        );
        return found.length > 0 ? found : undefined;
      },
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^YAML error at url:https:\/\/github\.com\/lumen-retail\/returns-service\/tree\/main\/catalog-info\.yaml, YAMLParseError: .* at line 4, column 1/,
    );
    expect(
      (
        await get(
          '/api/catalog/entities/by-name/component/default/returns-service',
        )
      ).status,
    ).toBe(404);
  });

  it('drops a repository, team and member deleted upstream after the next complete run', async () => {
    await loadEverything();
    const org = demoOrg();
    github.setRepos(org.repos.filter(r => r.name !== 'cart-service'));
    github.setMembers(org.members!.filter(m => m.login !== 'guest'));
    github.setTeams(
      org
        .teams!.filter(t => t.slug !== 'data-analysts')
        .map(t => ({ ...t, members: t.members.filter(m => m !== 'guest') })),
    );

    await scheduler.triggerTask(REPOS_TASK);
    const components = await waitFor('cart-service to go', async () => {
      const found = await entitiesOfKind('component');
      return found.length === DECLARED - 1 ? found : undefined;
    });
    expect(names(components)).not.toContain('cart-service');

    await scheduler.triggerTask(ORG_TASK);
    await waitFor('guest and data-analysts to go', async () => {
      const users = names(await entitiesOfKind('user'));
      const groups = names(await entitiesOfKind('group'));
      return !users.includes('guest') && !groups.includes('data-analysts')
        ? true
        : undefined;
    });
    expect(await entitiesOfKind('user')).toHaveLength(16);
    expect(await entitiesOfKind('group')).toHaveLength(6);
  });

  it('keeps every entity when a run fails or stops half-way, and waits out a rate limit', async () => {
    await loadEverything();
    // Runs that would, if they completed, remove most of the organisation.
    const org = demoOrg();
    github.setRepos(org.repos.slice(0, 12));
    github.setMembers([]);
    github.setTeams([]);

    // A 502 on every attempt of the first listing page (upstream retries 5xx three times).
    github.failNext(/^\/graphql$/, {
      status: 502,
      times: 4,
      body: '<html>502 Bad Gateway</html>',
    });
    await scheduler.triggerTask(REPOS_TASK);
    // Page 1 of 3 answers; page 2 fails on every attempt: a partial run.
    github.failNext(/^\/graphql$/, { status: 502, times: 4, skip: 1 });
    await scheduler.triggerTask(REPOS_TASK);
    // The org provider reads users (page answered), then teams (502).
    github.failNext(/^\/graphql$/, { status: 502, skip: 1 });
    await scheduler.triggerTask(ORG_TASK);

    const failures = github.requests.filter(
      r => r.path === '/graphql' && r.status === 502,
    );
    expect(failures).toHaveLength(9);
    await new Promise(resolve => setTimeout(resolve, 2000));
    expect(await entitiesOfKind('component')).toHaveLength(DECLARED);
    expect(await entitiesOfKind('user')).toHaveLength(17);
    expect(await entitiesOfKind('group')).toHaveLength(7);

    // A primary rate limit on the listing: upstream waits for the reset and carries on.
    github.setRepos(org.repos);
    github.failNext(/^\/graphql$/, {
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        'x-ratelimit-resource': 'graphql',
      },
    });
    const before = github.requests.length;
    await scheduler.triggerTask(REPOS_TASK);
    const statuses = github.requests
      .slice(before)
      .filter(r => r.path === '/graphql')
      .map(r => r.status);
    expect(statuses).toEqual([403, 200, 200, 200]);
    expect(await entitiesOfKind('component')).toHaveLength(DECLARED);
  });
});
