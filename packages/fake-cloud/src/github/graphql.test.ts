import { Octokit } from '@octokit/rest';
import { lumenRetailGithubOrg } from './lumenRetailGithubOrg';
import { startFakeGithub } from './startFakeGithub';
import { syntheticGithubOrg } from './syntheticGithubOrg';
import { FakeGithubServer } from './types';

// The queries below are upstream's, verbatim in what they select
// (@backstage/plugin-catalog-backend-module-github 0.14, src/lib/github.ts).
const USERS_QUERY = `
  query users($org: String!, $email: Boolean!, $cursor: String, $organizationMembersPageSize: Int!) {
    organization(login: $org) {
      membersWithRole(first: $organizationMembersPageSize, after: $cursor) {
        pageInfo { hasNextPage, endCursor }
        nodes {
          avatarUrl,
          bio,
          email @include(if: $email),
          id,
          login,
          name,
          organizationVerifiedDomainEmails(login: $org)
        }
      }
    }
  }`;

const TEAMS_QUERY = `
  query teams($org: String!, $cursor: String, $teamsPageSize: Int!, $membersPageSize: Int!) {
    organization(login: $org) {
      teams(first: $teamsPageSize, after: $cursor) {
        pageInfo { hasNextPage, endCursor }
        nodes {
          slug
          combinedSlug
          name
          description
          avatarUrl
          editTeamUrl
          parentTeam { slug }
          members(first: $membersPageSize, membership: IMMEDIATE) {
            pageInfo { hasNextPage }
            nodes {
              avatarUrl,
              bio,
              email,
              id,
              login,
              name,
              organizationVerifiedDomainEmails(login: $org)
             }
          }
        }
      }
    }
  }`;

const TEAM_MEMBERS_QUERY = `
  query members($org: String!, $teamSlug: String!, $cursor: String, $membersPageSize: Int!) {
    organization(login: $org) {
      team(slug: $teamSlug) {
        members(first: $membersPageSize, after: $cursor, membership: IMMEDIATE) {
          pageInfo { hasNextPage, endCursor }
          nodes { login }
        }
      }
    }
  }`;

const REPOSITORIES_QUERY = `
  query repositories($org: String!, $catalogPathRef: String!, $cursor: String, $repositoriesPageSize: Int!) {
    repositoryOwner(login: $org) {
      login
      repositories(first: $repositoriesPageSize, after: $cursor) {
        nodes {
          name
          catalogInfoFile: object(expression: $catalogPathRef) {
            __typename
            ... on Blob {
              id
              text
            }
          }
          url
          isArchived
          isFork
          visibility
          repositoryTopics(first: 100) {
            nodes {
              ... on RepositoryTopic {
                topic {
                  name
                }
              }
            }
          }
          defaultBranchRef {
            name
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }`;

type Page<T> = {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
};

/** Follows `endCursor` until `hasNextPage` is false, like upstream's queryWithPaging. */
async function allPages<T>(
  octokit: Octokit,
  query: string,
  variables: Record<string, unknown>,
  pick: (data: any) => Page<T>,
): Promise<T[]> {
  const nodes: T[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = pick(await octokit.graphql(query, { ...variables, cursor }));
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    cursor = page.pageInfo.endCursor;
  }
}

/** The `errors` of a failed GraphQL call (octokit's GraphqlResponseError). */
async function graphqlErrors(call: Promise<unknown>): Promise<any[]> {
  const error: any = await call.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeDefined();
  return error.errors;
}

describe('the fake GitHub GraphQL API', () => {
  let server: FakeGithubServer;
  let octokit: Octokit;

  beforeEach(async () => {
    server = await startFakeGithub(lumenRetailGithubOrg(), {
      token: 'ghp_test',
    });
    octokit = new Octokit({ baseUrl: server.apiBaseUrl, auth: 'ghp_test' });
  });

  afterEach(async () => {
    await server.close();
  });

  it('pages organisation members with upstream’s query, as org.yaml declares them', async () => {
    const users = await allPages<any>(
      octokit,
      USERS_QUERY,
      { org: 'lumen-retail', email: true, organizationMembersPageSize: 5 },
      data => data.organization.membersWithRole,
    );
    expect(users).toHaveLength(17);
    expect(new Set(users.map(u => u.login)).size).toBe(17);
    expect(users.find(u => u.login === 'ines.moreau')).toEqual({
      avatarUrl: expect.stringMatching(
        /^https:\/\/avatars\.githubusercontent\.com\/u\/\d+\?v=4$/,
      ),
      bio: 'Head of Engineering.',
      email: 'ines.moreau@lumen-retail.example',
      id: expect.any(String),
      login: 'ines.moreau',
      name: 'Inès Moreau',
      organizationVerifiedDomainEmails: ['ines.moreau@lumen-retail.example'],
    });
    const graphqlCalls = server.requests.filter(r => r.path === '/graphql');
    expect(graphqlCalls).toHaveLength(4);
    expect(graphqlCalls[0]).toMatchObject({
      method: 'POST',
      status: 200,
      graphql: { operationName: 'users', cost: 1 },
    });
  });

  it('leaves out the email when the query does not include it', async () => {
    const data: any = await octokit.graphql(USERS_QUERY, {
      org: 'lumen-retail',
      email: false,
      organizationMembersPageSize: 1,
    });
    expect(data.organization.membersWithRole.nodes[0]).not.toHaveProperty(
      'email',
    );
  });

  it('serves teams with parent, immediate members and edit URL', async () => {
    const teams = await allPages<any>(
      octokit,
      TEAMS_QUERY,
      { org: 'lumen-retail', teamsPageSize: 3, membersPageSize: 50 },
      data => data.organization.teams,
    );
    expect(teams.map(t => t.slug).sort()).toEqual([
      'checkout-squad',
      'data-analysts',
      'discovery-squad',
      'engineering',
      'fulfilment-squad',
      'identity-squad',
      'platform-squad',
    ]);
    const checkout = teams.find(t => t.slug === 'checkout-squad');
    expect(checkout).toMatchObject({
      combinedSlug: 'lumen-retail/checkout-squad',
      name: 'Checkout Squad',
      description:
        'Owns the cart, checkout orchestration and payments, from basket to placed order.',
      editTeamUrl:
        'https://github.com/orgs/lumen-retail/teams/checkout-squad/edit',
      parentTeam: { slug: 'engineering' },
      members: { pageInfo: { hasNextPage: false } },
    });
    expect(checkout.members.nodes.map((m: any) => m.login)).toEqual([
      'hannah.schmidt',
      'kenji.watanabe',
      'lucas.ferreira',
    ]);
    const engineering = teams.find(t => t.slug === 'engineering');
    expect(engineering.parentTeam).toBeNull();
    expect(engineering.members.nodes.map((m: any) => m.login)).toEqual([
      'ines.moreau',
    ]);
  });

  it('counts child-team members in membership ALL, and pages a team’s members', async () => {
    const all: any = await octokit.graphql(
      `query($org: String!) { organization(login: $org) { team(slug: "engineering") {
        members(first: 100) { totalCount edges { role node { login } } }
        childTeams(first: 10) { totalCount nodes { slug } } } } }`,
      { org: 'lumen-retail' },
    );
    expect(all.organization.team.members.totalCount).toBe(17);
    expect(all.organization.team.childTeams.totalCount).toBe(5);
    expect(all.organization.team.members.edges[0].role).toBe('MEMBER');

    const members = await allPages<any>(
      octokit,
      TEAM_MEMBERS_QUERY,
      { org: 'lumen-retail', teamSlug: 'discovery-squad', membersPageSize: 2 },
      data => data.organization.team.members,
    );
    expect(members.map(m => m.login)).toEqual([
      'aisha.rahman',
      'guest',
      'oliver.bennett',
      'sofia.rossi',
    ]);
  });

  it('lists repositories with their catalog-info.yaml as a Blob, as REST serves them', async () => {
    const repos = await allPages<any>(
      octokit,
      REPOSITORIES_QUERY,
      {
        org: 'lumen-retail',
        catalogPathRef: 'HEAD:catalog-info.yaml',
        repositoriesPageSize: 4,
      },
      data => data.repositoryOwner.repositories,
    );
    expect(repos).toHaveLength(21);
    expect(repos.filter(r => r.catalogInfoFile)).toHaveLength(17);

    const checkout = repos.find(r => r.name === 'checkout-service');
    const { data: file } = await octokit.rest.repos.getContent({
      owner: 'lumen-retail',
      repo: 'checkout-service',
      path: 'catalog-info.yaml',
    });
    expect(checkout).toEqual({
      name: 'checkout-service',
      catalogInfoFile: {
        __typename: 'Blob',
        id: expect.any(String),
        text: Buffer.from((file as any).content, 'base64').toString('utf8'),
      },
      url: 'https://github.com/lumen-retail/checkout-service',
      isArchived: false,
      isFork: false,
      visibility: 'PRIVATE',
      repositoryTopics: {
        nodes: [
          { topic: { name: 'java' } },
          { topic: { name: 'spring-boot' } },
        ],
      },
      defaultBranchRef: { name: 'main' },
    });
    expect(repos.find(r => r.name === 'pricing-engine').catalogInfoFile).toBe(
      null,
    );
    expect(repos.find(r => r.name === 'legacy-storefront').isArchived).toBe(
      true,
    );
  });

  it('resolves object expressions for the default branch only, and trees too', async () => {
    const data: any = await octokit.graphql(
      `query { repository(owner: "lumen-retail", name: "checkout-service") {
        main: object(expression: "main:catalog-info.yaml") { ... on Blob { byteSize isBinary } }
        other: object(expression: "develop:catalog-info.yaml") { id }
        docs: object(expression: "HEAD:docs/runbooks") { ... on Tree { entries { name type } } }
      } }`,
    );
    expect(data.repository.main.byteSize).toBeGreaterThan(100);
    expect(data.repository.main.isBinary).toBe(false);
    expect(data.repository.other).toBeNull();
    expect(data.repository.docs.entries).toEqual([
      { name: 'checkout-service.md', type: 'blob' },
    ]);
  });

  it('validates queries against GitHub’s schema and answers in GitHub’s error shape', async () => {
    const unknownField = await graphqlErrors(
      octokit.graphql(`query { organization(login: "lumen-retail") { nope } }`),
    );
    expect(unknownField[0]).toMatchObject({
      message: expect.stringContaining('"nope"'),
      locations: [expect.objectContaining({ line: 1 })],
    });

    const missingOrg = await graphqlErrors(
      octokit.graphql(`query { organization(login: "acme") { login } }`),
    );
    expect(missingOrg).toEqual([
      {
        type: 'NOT_FOUND',
        path: ['organization'],
        locations: [{ line: 1, column: 9 }],
        message:
          "Could not resolve to an Organization with the login of 'acme'.",
      },
    ]);

    const unbounded = await graphqlErrors(
      octokit.graphql(
        `query { organization(login: "lumen-retail") { teams { totalCount } } }`,
      ),
    );
    expect(unbounded[0]).toMatchObject({
      type: 'MISSING_PAGINATION_BOUNDARIES',
      message:
        'You must provide a `first` or `last` value to properly paginate the `teams` connection.',
    });

    const excessive = await graphqlErrors(
      octokit.graphql(
        `query { organization(login: "lumen-retail") { teams(first: 101) { totalCount } } }`,
      ),
    );
    expect(excessive[0]).toMatchObject({
      type: 'EXCESSIVE_PAGINATION',
      message:
        'Requesting 101 records on the `teams` connection exceeds the `first` limit of 100 records.',
    });

    const badCursor = await graphqlErrors(
      octokit.graphql(
        `query { organization(login: "lumen-retail") { teams(first: 1, after: "bm9wZQ==") { totalCount } } }`,
      ),
    );
    expect(badCursor[0].type).toBe('INVALID_CURSOR_ARGUMENTS');

    // A field of the real schema the fake does not serve fails loudly.
    const unserved = await graphqlErrors(
      octokit.graphql(
        `query { organization(login: "lumen-retail") { sponsorsListing { id } } }`,
      ),
    );
    expect(unserved[0].message).toBe(
      'The fake GitHub does not serve Organization.sponsorsListing.',
    );
  });

  it('answers malformed requests like GitHub', async () => {
    const post = (body: string) =>
      fetch(`${server.apiBaseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: 'bearer ghp_test' },
        body,
      });
    const notJson = await post('{"query": ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      message: 'Problems parsing JSON',
      documentation_url: 'https://docs.github.com/graphql',
    });
    const noQuery = await post('{}');
    expect(noQuery.status).toBe(200);
    expect((await noQuery.json()).errors[0].message).toBe(
      'A query attribute must be specified and must be a string.',
    );
    const syntax = await post(JSON.stringify({ query: 'query {' }));
    expect((await syntax.json()).errors[0].locations).toEqual([
      { line: 1, column: 8 },
    ]);
    const anonymous = await fetch(`${server.apiBaseUrl}/graphql`, {
      method: 'POST',
      body: JSON.stringify({ query: '{ rateLimit { limit } }' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('sends GraphQL rate-limit headers and costs queries by GitHub’s formula', async () => {
    const first = await octokit.request('POST /graphql', {
      query: `query { rateLimit { cost limit remaining used } }`,
    });
    expect(first.headers['x-ratelimit-resource']).toBe('graphql');
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(first.headers['x-ratelimit-remaining']).toBe('4999');
    expect(first.data.data.rateLimit).toEqual({
      cost: 1,
      limit: 5000,
      remaining: 4999,
      used: 1,
    });
    // 100 teams x 100 members: 101 requests of 100 nodes = cost 1, 10,100 nodes.
    const data: any = await octokit.graphql(
      `query { rateLimit { cost nodeCount } organization(login: "lumen-retail") {
        teams(first: 100) { nodes { members(first: 100) { totalCount } } } } }`,
    );
    expect(data.rateLimit).toEqual({ cost: 1, nodeCount: 10_100 });
    // REST keeps its own budget.
    const rest = await octokit.rest.repos.get({
      owner: 'lumen-retail',
      repo: 'checkout-service',
    });
    expect(rest.headers['x-ratelimit-resource']).toBe('core');
    expect(rest.headers['x-ratelimit-remaining']).toBe('4999');
  });

  it('fails GraphQL requests as told by failNext, and reflects setRepos/setTeams/setMembers', async () => {
    server.failNext(/^\/graphql$/, {
      status: 502,
      body: '<html>Bad gateway</html>',
    });
    await expect(
      octokit.graphql(`query { rateLimit { limit } }`),
    ).rejects.toMatchObject({ status: 502 });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/graphql',
      status: 502,
    });

    const org = lumenRetailGithubOrg();
    server.setRepos(org.repos.filter(r => r.name !== 'checkout-service'));
    server.setTeams(org.teams!.filter(t => t.slug !== 'data-analysts'));
    server.setMembers(org.members!.filter(m => m.login !== 'guest'));
    const data: any = await octokit.graphql(`query {
      organization(login: "lumen-retail") {
        repositories(first: 1) { totalCount }
        teams(first: 1) { totalCount }
        membersWithRole(first: 1) { totalCount }
        team(slug: "discovery-squad") { members(first: 10) { totalCount } }
      } }`);
    expect(data.organization).toEqual({
      repositories: { totalCount: 20 },
      teams: { totalCount: 6 },
      membersWithRole: { totalCount: 16 },
      team: { members: { totalCount: 3 } },
    });
  });

  it('is where @octokit/graphql posts for a GHES-style /api/v3 base URL', async () => {
    const ghes = new Octokit({
      baseUrl: `${server.apiBaseUrl}/api/v3`,
      auth: 'ghp_test',
    });
    const data: any = await ghes.graphql(
      `query { organization(login: "lumen-retail") { login } }`,
    );
    expect(data.organization.login).toBe('lumen-retail');
    expect(server.requests.at(-1)?.path).toBe('/api/graphql');
  });

  it('serves the synthetic organisation’s teams and members', async () => {
    await server.close();
    server = await startFakeGithub(
      syntheticGithubOrg({ repositories: 10, membersPerTeam: 3 }),
    );
    octokit = new Octokit({ baseUrl: server.apiBaseUrl });
    const data: any = await octokit.graphql(`query {
      organization(login: "lumen-retail") {
        membersWithRole(first: 100) { totalCount }
        teams(first: 10, rootTeamsOnly: true) { nodes { slug childTeams(first: 10) { totalCount } } }
        team(slug: "checkout-squad") { members(first: 10) { edges { role node { login } } } }
      } }`);
    expect(data.organization.membersWithRole.totalCount).toBe(15);
    expect(data.organization.teams.nodes).toEqual([
      { slug: 'engineering', childTeams: { totalCount: 5 } },
    ]);
    expect(data.organization.team.members.edges[0]).toEqual({
      role: 'MAINTAINER',
      node: { login: 'dev-00001' },
    });
  });
});
