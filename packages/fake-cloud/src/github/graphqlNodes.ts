import type * as GH from '@octokit/graphql-schema';
import { findByPath, GitBlob, GitNode, listTree } from './gitObjects';
import {
  connection,
  ConnectionArgs,
  GithubGraphqlError,
} from './graphqlConnections';
import { pullRequestClosedAt } from './deliveryResponses';
import {
  deliveryId,
  legacyNodeId,
  orgId,
  repoId,
  teamId,
  userId,
} from './identifiers';
import {
  DEFAULT_CREATED_AT,
  DEFAULT_PUSHED_AT,
  titleCase,
  WEB_BASE_URL,
} from './responses';
import type { GithubState } from './routes';
import {
  FakeGithubMember,
  FakeGithubOrgTeam,
  FakeGithubPullRequest,
  FakeGithubRepo,
} from './types';

/**
 * The objects GraphQL queries are answered from, built over the same state
 * the REST routes serve. Each is some of a GitHub schema type's fields: plain
 * values are type-checked against @octokit/graphql-schema; fields that take
 * arguments or lead to other objects are functions of their arguments. A
 * field the fake does not serve is absent, and asking for it is an error
 * naming it (see graphqlEndpoint.ts), never a silent null.
 */
type Resolver = (args: any) => unknown;
type Served<T> = { [K in keyof T]?: T[K] | Resolver };

/** What a GraphQL request may read of the rate limit, for `rateLimit`. */
export type RateLimitView = {
  limit: number;
  used: number;
  /** Unix seconds. */
  reset: number;
  cost: number;
  nodeCount: number;
};

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const byName = (a: string, b: string) => a.localeCompare(b, 'en');

function avatar(path: string, size?: number | null): string {
  return `https://avatars.githubusercontent.com/${path}?${
    size ? `s=${size}&` : ''
  }v=4`;
}

function notFound(message: string): never {
  throw new GithubGraphqlError('NOT_FOUND', message);
}

type RepositoryOrder = {
  field: 'CREATED_AT' | 'UPDATED_AT' | 'PUSHED_AT' | 'NAME' | 'STARGAZERS';
  direction: 'ASC' | 'DESC';
};

/** The root value for one GraphQL request. */
export function queryRoot(
  state: GithubState,
  rate: RateLimitView,
): Served<GH.Query> {
  const org = state.org;
  const web = (path: string) => `${WEB_BASE_URL}${path}`;
  const members = () =>
    [...state.members()].sort((a, b) => byName(a.login, b.login));
  const teams = () =>
    [...state.teams()].sort((a, b) =>
      byName(a.name ?? a.slug, b.name ?? b.slug),
    );
  const memberByLogin = (login: string) =>
    state.members().find(m => sameName(m.login, login));
  const teamBySlug = (slug: string) =>
    state.teams().find(t => t.slug === slug.toLowerCase());

  /** Teams below `team`: its children, or every descendant. */
  function childTeamsOf(
    team: FakeGithubOrgTeam,
    immediateOnly: boolean,
  ): FakeGithubOrgTeam[] {
    const children = teams().filter(t => t.parent === team.slug);
    return immediateOnly
      ? children
      : children.flatMap(child => [child, ...childTeamsOf(child, false)]);
  }

  function teamMembers(
    team: FakeGithubOrgTeam,
    membership: 'ALL' | 'CHILD_TEAM' | 'IMMEDIATE',
  ): FakeGithubMember[] {
    const immediate = new Set(team.members.map(login => login.toLowerCase()));
    const below = new Set(
      childTeamsOf(team, false).flatMap(t =>
        t.members.map(login => login.toLowerCase()),
      ),
    );
    return members().filter(m => {
      const login = m.login.toLowerCase();
      if (membership === 'IMMEDIATE') return immediate.has(login);
      if (membership === 'CHILD_TEAM')
        return below.has(login) && !immediate.has(login);
      return immediate.has(login) || below.has(login);
    });
  }

  function organizationNode(): Served<GH.Organization> {
    const id = orgId(org.login);
    return {
      __typename: 'Organization',
      id: legacyNodeId('Organization', id),
      databaseId: id,
      login: org.login,
      name: org.name ?? null,
      description: null,
      email: null,
      location: null,
      websiteUrl: null,
      twitterUsername: null,
      isVerified: true,
      createdAt: DEFAULT_CREATED_AT,
      updatedAt: DEFAULT_PUSHED_AT,
      url: web(`/${org.login}`),
      resourcePath: `/${org.login}`,
      avatarUrl: ({ size }: { size?: number }) => avatar(`u/${id}`, size),
      membersWithRole: (args: ConnectionArgs) =>
        connection('membersWithRole', members(), args, {
          node: userNode,
          edge: m => ({ role: m.role ?? 'MEMBER', hasTwoFactorEnabled: null }),
        }),
      teams: (
        args: ConnectionArgs & {
          userLogins?: string[] | null;
          rootTeamsOnly?: boolean | null;
          query?: string | null;
        },
      ) => {
        const logins = args.userLogins?.map(l => l.toLowerCase());
        const query = args.query?.toLowerCase();
        const found = teams().filter(
          t =>
            (!args.rootTeamsOnly || !t.parent) &&
            (!logins?.length ||
              t.members.some(m => logins.includes(m.toLowerCase()))) &&
            (!query ||
              t.slug.includes(query) ||
              (t.name ?? '').toLowerCase().includes(query)),
        );
        return connection('teams', found, args, { node: teamNode });
      },
      team: ({ slug }: { slug: string }) => {
        const team = teamBySlug(slug);
        return team ? teamNode(team) : null;
      },
      repositories: repositoryConnection,
      repository: ({ name }: { name: string }) => {
        const repo = state.repos().find(r => sameName(r.name, name));
        return repo ? repositoryNode(repo) : null;
      },
      membersCanForkPrivateRepositories: false,
      requiresTwoFactorAuthentication: true,
    };
  }

  function userNode(member: FakeGithubMember): Served<GH.User> {
    const id = userId(member.login);
    return {
      __typename: 'User',
      id: legacyNodeId('User', id),
      databaseId: id,
      login: member.login,
      name: member.name ?? null,
      bio: member.bio ?? '',
      // GitHub answers '' for a user without a public email.
      email: member.email ?? '',
      company: null,
      location: null,
      websiteUrl: null,
      twitterUsername: null,
      isSiteAdmin: false,
      isViewer: false,
      createdAt: DEFAULT_CREATED_AT,
      updatedAt: DEFAULT_PUSHED_AT,
      url: web(`/${member.login}`),
      resourcePath: `/${member.login}`,
      avatarUrl: ({ size }: { size?: number }) =>
        member.avatarUrl ?? avatar(`u/${id}`, size),
      organizationVerifiedDomainEmails: ({ login }: { login: string }) =>
        sameName(login, org.login) ? member.verifiedEmails ?? [] : [],
      // A user owns no repositories in this fake.
      repositories: (args: ConnectionArgs) => ({
        ...connection('repositories', [], args),
        totalDiskUsage: 0,
      }),
      repository: () => null,
    };
  }

  function teamNode(team: FakeGithubOrgTeam): Served<GH.Team> {
    const id = teamId(org.login, team.slug);
    const path = `/orgs/${org.login}/teams/${team.slug}`;
    const maintainers = new Set(
      (team.maintainers ?? []).map(login => login.toLowerCase()),
    );
    return {
      __typename: 'Team',
      id: legacyNodeId('Team', id),
      databaseId: id,
      slug: team.slug,
      combinedSlug: `${org.login}/${team.slug}`,
      name: team.name ?? titleCase(team.slug),
      description: team.description ?? null,
      privacy: 'VISIBLE',
      notificationSetting: 'NOTIFICATIONS_ENABLED',
      createdAt: DEFAULT_CREATED_AT,
      updatedAt: DEFAULT_PUSHED_AT,
      url: web(path),
      resourcePath: path,
      editTeamUrl: web(`${path}/edit`),
      editTeamResourcePath: `${path}/edit`,
      membersUrl: web(`${path}/members`),
      membersResourcePath: `${path}/members`,
      teamsUrl: web(`${path}/teams`),
      teamsResourcePath: `${path}/teams`,
      avatarUrl: ({ size }: { size?: number }) => avatar(`t/${id}`, size),
      organization: organizationNode,
      parentTeam: () => {
        const parent = team.parent ? teamBySlug(team.parent) : undefined;
        return parent ? teamNode(parent) : null;
      },
      childTeams: (
        args: ConnectionArgs & {
          immediateOnly?: boolean | null;
          userLogins?: string[] | null;
        },
      ) => {
        const logins = args.userLogins?.map(l => l.toLowerCase());
        const found = childTeamsOf(team, args.immediateOnly ?? true).filter(
          t =>
            !logins?.length ||
            t.members.some(m => logins.includes(m.toLowerCase())),
        );
        return connection('childTeams', found, args, { node: teamNode });
      },
      members: (
        args: ConnectionArgs & {
          membership?: 'ALL' | 'CHILD_TEAM' | 'IMMEDIATE' | null;
          role?: 'MAINTAINER' | 'MEMBER' | null;
          query?: string | null;
        },
      ) => {
        const role = (m: FakeGithubMember) =>
          maintainers.has(m.login.toLowerCase()) ? 'MAINTAINER' : 'MEMBER';
        const query = args.query?.toLowerCase();
        const found = teamMembers(team, args.membership ?? 'ALL').filter(
          m =>
            (!args.role || role(m) === args.role) &&
            (!query ||
              m.login.toLowerCase().includes(query) ||
              (m.name ?? '').toLowerCase().includes(query)),
        );
        return connection('members', found, args, {
          node: userNode,
          edge: m => ({
            role: role(m),
            memberAccessUrl: web(`${path}/members`),
            memberAccessResourcePath: `${path}/members`,
          }),
        });
      },
    };
  }

  function repositoryConnection(
    args: ConnectionArgs & {
      isFork?: boolean | null;
      isArchived?: boolean | null;
      privacy?: 'PUBLIC' | 'PRIVATE' | null;
      visibility?: 'PUBLIC' | 'PRIVATE' | 'INTERNAL' | null;
      orderBy?: RepositoryOrder | null;
    },
  ) {
    const visibilityOf = (r: FakeGithubRepo) =>
      (r.visibility ?? 'private').toUpperCase();
    const found = state
      .repos()
      .filter(
        r =>
          // none of the fake's repositories is a fork
          args.isFork !== true &&
          (typeof args.isArchived !== 'boolean' ||
            (r.archived ?? false) === args.isArchived) &&
          (!args.privacy ||
            (args.privacy === 'PUBLIC') === (visibilityOf(r) === 'PUBLIC')) &&
          (!args.visibility || visibilityOf(r) === args.visibility),
      )
      .sort(repositoryOrder(args.orderBy));
    const page = connection('repositories', found, args, {
      node: repositoryNode,
    });
    return {
      ...page,
      totalDiskUsage: () => found.reduce((sum, r) => sum + diskUsage(r), 0),
    };
  }

  function diskUsage(repo: FakeGithubRepo): number {
    const bytes = listTree(state.treeOf(repo), true)
      .filter((n): n is GitBlob => n.type === 'blob')
      .reduce((sum, blob) => sum + blob.content.length, 0);
    return Math.ceil(bytes / 1024);
  }

  function repositoryNode(repo: FakeGithubRepo): Served<GH.Repository> {
    const fullName = `${org.login}/${repo.name}`;
    const id = repoId(fullName);
    const tree = state.treeOf(repo);
    const branch = repo.defaultBranch ?? 'main';
    const visibility = (repo.visibility ?? 'private').toUpperCase() as
      | 'PUBLIC'
      | 'PRIVATE'
      | 'INTERNAL';
    const pushedAt = repo.pushedAt ?? DEFAULT_PUSHED_AT;
    const isEmpty = tree.entries.length === 0;
    const self = (): Served<GH.Repository> => repositoryNode(repo);

    function gitObject(node: GitNode): Served<GH.Blob> | Served<GH.Tree> {
      const common = {
        oid: node.sha,
        abbreviatedOid: node.sha.slice(0, 7),
        commitUrl: web(`/${fullName}/commit/${node.sha}`),
        commitResourcePath: `/${fullName}/commit/${node.sha}`,
        repository: self,
      };
      if (node.type === 'blob') {
        const isBinary = node.content.includes(0);
        return {
          __typename: 'Blob',
          id: legacyNodeId('Blob', `${id}:${node.sha}`),
          ...common,
          byteSize: node.content.length,
          isBinary,
          isTruncated: false,
          text: isBinary ? null : node.content.toString('utf8'),
        };
      }
      return {
        __typename: 'Tree',
        id: legacyNodeId('Tree', `${id}:${node.sha}`),
        ...common,
        entries: () =>
          node.entries.map(entry => ({
            name: entry.name,
            path: entry.path,
            type: entry.type,
            mode: entry.type === 'blob' ? 0o100644 : 0o40000,
            oid: entry.sha,
            size: entry.type === 'blob' ? entry.content.length : 0,
            extension: entry.type === 'blob' ? extensionOf(entry.name) : null,
            isGenerated: false,
            object: () => gitObject(entry),
            repository: self,
          })),
      };
    }

    function pullRequestState(pr: FakeGithubPullRequest): GH.PullRequestState {
      if (pr.mergedAt) return 'MERGED';
      return pullRequestClosedAt(pr) ? 'CLOSED' : 'OPEN';
    }

    function pullRequestNode(
      pr: FakeGithubPullRequest,
    ): Served<GH.PullRequest> {
      const databaseId = deliveryId('pull-request', fullName, pr.number);
      const path = `/${fullName}/pull/${pr.number}`;
      const closedAt = pullRequestClosedAt(pr) ?? null;
      return {
        __typename: 'PullRequest',
        id: legacyNodeId('PullRequest', databaseId),
        databaseId,
        number: pr.number,
        title: pr.title,
        body: pr.body ?? '',
        url: web(path),
        permalink: web(path),
        resourcePath: path,
        state: pullRequestState(pr),
        isDraft: pr.draft ?? false,
        closed: closedAt !== null,
        merged: Boolean(pr.mergedAt),
        createdAt: pr.createdAt,
        updatedAt: pr.updatedAt ?? pr.mergedAt ?? pr.closedAt ?? pr.createdAt,
        closedAt,
        mergedAt: pr.mergedAt ?? null,
        headRefName: pr.headRef ?? `feature/${pr.number}`,
        baseRefName: pr.baseRef ?? branch,
        repository: self,
      };
    }

    /**
     * A branch as a Ref: the default branch, one pushed over git or one made
     * through the git data API; its associated pull requests are those with
     * it as their head.
     */
    function refNode(name: string): Served<GH.Ref> {
      return {
        __typename: 'Ref',
        id: legacyNodeId('Ref', `${id}:refs/heads/${name}`),
        name,
        prefix: 'refs/heads/',
        repository: self,
        associatedPullRequests: (
          args: ConnectionArgs & {
            states?: GH.PullRequestState[] | null;
            baseRefName?: string | null;
            headRefName?: string | null;
          },
        ) => {
          const found = (repo.delivery?.pullRequests ?? [])
            .filter(
              pr =>
                (pr.headRef ?? `feature/${pr.number}`) === name &&
                (!args.states?.length ||
                  args.states.includes(pullRequestState(pr))) &&
                (!args.baseRefName ||
                  (pr.baseRef ?? branch) === args.baseRefName) &&
                (!args.headRefName || args.headRefName === name),
            )
            .sort((a, b) => a.number - b.number);
          return connection('associatedPullRequests', found, args, {
            node: pullRequestNode,
          });
        },
      };
    }

    /** `rev:path` (e.g. 'HEAD:catalog-info.yaml', 'main:docs'); only the default branch exists. */
    function objectAt(expression: string) {
      const colon = expression.indexOf(':');
      if (colon < 0) {
        throw new GithubGraphqlError(
          'NOT_IMPLEMENTED',
          `The fake GitHub resolves \`object(expression:)\` only as <ref>:<path>, not '${expression}'.`,
        );
      }
      const rev = expression.slice(0, colon);
      const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, '');
      const known =
        rev === 'HEAD' || rev === branch || rev === `refs/heads/${branch}`;
      if (!known || isEmpty) return null;
      const node = path ? findByPath(tree, path) : tree;
      return node ? gitObject(node) : null;
    }

    return {
      __typename: 'Repository',
      id: legacyNodeId('Repository', id),
      databaseId: id,
      name: repo.name,
      nameWithOwner: fullName,
      description: repo.description ?? null,
      homepageUrl: repo.settings?.homepage || null,
      url: web(`/${fullName}`),
      resourcePath: `/${fullName}`,
      sshUrl: `git@github.com:${fullName}.git`,
      isArchived: repo.archived ?? false,
      isFork: false,
      isPrivate: visibility !== 'PUBLIC',
      isTemplate: false,
      isEmpty,
      isDisabled: false,
      isLocked: false,
      isMirror: false,
      isInOrganization: true,
      visibility,
      createdAt: repo.createdAt ?? DEFAULT_CREATED_AT,
      pushedAt,
      updatedAt: pushedAt,
      archivedAt: repo.archived ? pushedAt : null,
      diskUsage: () => diskUsage(repo),
      forkCount: 0,
      stargazerCount: id % 23,
      owner: organizationNode,
      primaryLanguage: repo.language
        ? {
            __typename: 'Language',
            id: legacyNodeId('Language', repo.language),
            name: repo.language,
            color: null,
          }
        : null,
      repositoryTopics: (args: ConnectionArgs) =>
        connection('repositoryTopics', repo.topics ?? [], args, {
          node: name => ({
            __typename: 'RepositoryTopic',
            id: legacyNodeId('RepositoryTopic', `${id}:${name}`),
            url: web(`/topics/${name}`),
            resourcePath: `/topics/${name}`,
            topic: {
              __typename: 'Topic',
              id: legacyNodeId('Topic', name),
              name,
            },
          }),
        }),
      // Like GitHub, an empty repository has no default branch yet.
      defaultBranchRef: () => (isEmpty ? null : refNode(branch)),
      // `main` or `refs/heads/main`: branches are the only refs the fake has.
      ref: ({ qualifiedName }: { qualifiedName: string }) => {
        const name = qualifiedName.startsWith('refs/')
          ? /^refs\/heads\/(.+)$/.exec(qualifiedName)?.[1]
          : qualifiedName;
        return name && state.branches(repo).has(name) ? refNode(name) : null;
      },
      object: ({
        expression,
        oid,
      }: {
        expression?: string | null;
        oid?: string | null;
      }) => {
        if (oid) {
          const node = [tree, ...listTree(tree, true)].find(n => n.sha === oid);
          return node ? gitObject(node) : null;
        }
        return expression ? objectAt(expression) : null;
      },
    };
  }

  function repositoryOrder(order?: RepositoryOrder | null) {
    const key: (r: FakeGithubRepo) => string =
      {
        NAME: (r: FakeGithubRepo) => r.name.toLowerCase(),
        CREATED_AT: (r: FakeGithubRepo) => r.createdAt ?? DEFAULT_CREATED_AT,
        PUSHED_AT: (r: FakeGithubRepo) => r.pushedAt ?? DEFAULT_PUSHED_AT,
        UPDATED_AT: (r: FakeGithubRepo) => r.pushedAt ?? DEFAULT_PUSHED_AT,
        STARGAZERS: (r: FakeGithubRepo) =>
          String(repoId(`${org.login}/${r.name}`) % 23).padStart(3, '0'),
      }[order?.field ?? 'NAME'] ?? ((r: FakeGithubRepo) => r.name);
    const sign = order?.direction === 'DESC' ? -1 : 1;
    return (a: FakeGithubRepo, b: FakeGithubRepo) =>
      sign * (key(a).localeCompare(key(b), 'en') || byName(a.name, b.name));
  }

  return {
    organization: ({ login }: { login: string }) =>
      sameName(login, org.login)
        ? organizationNode()
        : notFound(
            `Could not resolve to an Organization with the login of '${login}'.`,
          ),
    repositoryOwner: ({ login }: { login: string }) => {
      if (sameName(login, org.login)) return organizationNode();
      const member = memberByLogin(login);
      return member ? userNode(member) : null;
    },
    user: ({ login }: { login: string }) => {
      const member = memberByLogin(login);
      return member
        ? userNode(member)
        : notFound(`Could not resolve to a User with the login of '${login}'.`);
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = sameName(owner, org.login)
        ? state.repos().find(r => sameName(r.name, name))
        : undefined;
      return repo
        ? repositoryNode(repo)
        : notFound(
            `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          );
    },
    rateLimit: () => ({
      __typename: 'RateLimit',
      limit: rate.limit,
      cost: rate.cost,
      nodeCount: rate.nodeCount,
      used: rate.used + rate.cost,
      remaining: Math.max(0, rate.limit - rate.used - rate.cost),
      resetAt: new Date(rate.reset * 1000).toISOString(),
    }),
  };
}

function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : null;
}
