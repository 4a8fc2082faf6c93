import type { components } from '@octokit/openapi-types';
import { DeliveryContext, simpleUser } from './deliveryResponses';
import { legacyNodeId, orgId, teamId, userId } from './identifiers';
import {
  DEFAULT_CREATED_AT,
  minimalRepository,
  OrgContext,
  organizationUser,
  team,
  teamSimple,
  titleCase,
  WEB_BASE_URL,
} from './responses';
import {
  FakeGithubBranchProtection,
  FakeGithubMember,
  FakeGithubOrgTeam,
  FakeGithubRepo,
  FakeGithubTeamPermission,
} from './types';

/**
 * Bodies for what creating and setting up a repository asks — the calls a
 * scaffolder's `publish:github` makes: the owner's profile, a team, the new
 * repository's validation errors, a collaborator's invitation and branch
 * protection — typed after GitHub's OpenAPI description like responses.ts.
 */

type Schemas = components['schemas'];

/** Counts a profile shows. */
type ProfileCounts = { publicRepos: number };

function userUrls(apiBaseUrl: string, login: string) {
  const url = `${apiBaseUrl}/users/${login}`;
  return {
    url,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
  };
}

/** `GET /users/{org}`: GitHub answers an organisation's login with its profile, `type: "Organization"`. */
export function organizationProfile(
  org: OrgContext,
  counts: ProfileCounts,
): Schemas['public-user'] {
  return {
    ...organizationUser(org),
    name: org.name ?? null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: counts.publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: DEFAULT_CREATED_AT,
    updated_at: DEFAULT_CREATED_AT,
  };
}

/** `GET /users/{login}` for a member of the organisation. */
export function memberProfile(
  org: OrgContext,
  member: FakeGithubMember,
): Schemas['public-user'] {
  const id = userId(member.login);
  return {
    login: member.login,
    id,
    node_id: legacyNodeId('User', id),
    avatar_url:
      member.avatarUrl ?? `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    html_url: `${WEB_BASE_URL}/${member.login}`,
    ...userUrls(org.apiBaseUrl, member.login),
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
    name: member.name ?? null,
    company: null,
    blog: '',
    location: null,
    email: member.email || null,
    hireable: null,
    bio: member.bio ?? null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: DEFAULT_CREATED_AT,
    updated_at: DEFAULT_CREATED_AT,
  };
}

function teamOrganization(
  org: OrgContext,
  counts: ProfileCounts,
): Schemas['team-organization'] {
  const id = orgId(org.login);
  const url = `${org.apiBaseUrl}/orgs/${org.login}`;
  return {
    login: org.login,
    id,
    node_id: legacyNodeId('Organization', id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    description: null,
    ...(org.name ? { name: org.name } : {}),
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: counts.publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${WEB_BASE_URL}/${org.login}`,
    created_at: DEFAULT_CREATED_AT,
    updated_at: DEFAULT_CREATED_AT,
    archived_at: null,
    type: 'Organization',
  };
}

/** `GET /orgs/{org}/teams/{team_slug}`. */
export function teamFull(
  org: OrgContext,
  orgTeam: FakeGithubOrgTeam,
  orgTeams: FakeGithubOrgTeam[],
  repos: FakeGithubRepo[],
): Schemas['team-full'] {
  const organizationId = orgId(org.login);
  const id = teamId(org.login, orgTeam.slug);
  const url = `${org.apiBaseUrl}/organizations/${organizationId}/team/${id}`;
  const parent = orgTeam.parent
    ? orgTeams.find(t => t.slug === orgTeam.parent)
    : undefined;
  return {
    id,
    node_id: legacyNodeId('Team', id),
    url,
    html_url: `${WEB_BASE_URL}/orgs/${org.login}/teams/${orgTeam.slug}`,
    name: orgTeam.name ?? titleCase(orgTeam.slug),
    slug: orgTeam.slug,
    description: orgTeam.description ?? null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    parent: parent ? teamSimple(org, parent) : null,
    members_count: orgTeam.members.length,
    repos_count: repos.filter(r =>
      (r.teams ?? []).some(t => t.slug === orgTeam.slug),
    ).length,
    created_at: DEFAULT_CREATED_AT,
    updated_at: DEFAULT_CREATED_AT,
    organization: teamOrganization(org, {
      publicRepos: repos.filter(r => r.visibility === 'public').length,
    }),
    type: 'organization',
    organization_id: organizationId,
  };
}

/** A 422 with GitHub's validation-error shape (GitHub also sends the status, as a string). */
export function validationFailed(
  message: string,
  errors: NonNullable<Schemas['validation-error']['errors']>,
  documentationUrl: string,
): Schemas['validation-error'] & { status: string } {
  return {
    message,
    errors,
    documentation_url: documentationUrl,
    status: '422',
  };
}

/** A 422 for a request whose body lacks or mistypes fields, as GitHub's schema check words it. */
export function invalidRequest(
  problem: string,
  documentationUrl: string,
): Schemas['validation-error-simple'] & { status: string } {
  return {
    message: `Invalid request.\n\n${problem}`,
    documentation_url: documentationUrl,
    status: '422',
  };
}

const INVITATION_PERMISSIONS: Record<
  string,
  Schemas['repository-invitation']['permissions']
> = {
  pull: 'read',
  triage: 'triage',
  push: 'write',
  maintain: 'maintain',
  admin: 'admin',
};

/** `PUT /repos/{o}/{r}/collaborators/{username}` for someone outside the organisation: an invitation. */
export function repositoryInvitation(
  ctx: DeliveryContext,
  login: string,
  permission: string,
  createdAt: string,
): Schemas['repository-invitation'] {
  const id = userId(`${ctx.login}/${ctx.repo.name}:${login}`);
  return {
    id,
    node_id: legacyNodeId('RepositoryInvitation', id),
    repository: minimalRepository(ctx),
    invitee: simpleUser(ctx, login),
    // The fake does not know whose token made the request.
    inviter: null,
    permissions: INVITATION_PERMISSIONS[permission] ?? 'write',
    created_at: createdAt,
    expired: false,
    url: `${ctx.apiBaseUrl}/user/repository_invitations/${id}`,
    html_url: `${WEB_BASE_URL}/${ctx.login}/${ctx.repo.name}/invitations`,
  };
}

/**
 * A branch's protection, as `GET .../branches/{branch}/protection` answers
 * it and `PUT` echoes it: what was set, expanded the way GitHub expands it.
 */
export function branchProtection(
  ctx: DeliveryContext,
  orgTeams: FakeGithubOrgTeam[],
  branch: string,
  set: FakeGithubBranchProtection,
): Schemas['protected-branch'] & Schemas['branch-protection'] {
  const url = `${ctx.apiBaseUrl}/repos/${ctx.login}/${
    ctx.repo.name
  }/branches/${encodeURIComponent(branch)}/protection`;
  const users = (logins: string[] = []) =>
    logins.map(login => simpleUser(ctx, login));
  const teams = (slugs: string[] = []) =>
    slugs.map(slug => {
      const permission: FakeGithubTeamPermission =
        ctx.repo.teams?.find(t => t.slug === slug)?.permission ?? 'pull';
      return team(ctx, { slug, permission }, orgTeams);
    });
  const checks = set.required_status_checks;
  const reviews = set.required_pull_request_reviews;
  const restrictions = set.restrictions;
  return {
    url,
    ...(checks
      ? {
          required_status_checks: {
            url: `${url}/required_status_checks`,
            strict: checks.strict,
            contexts: checks.contexts,
            checks: (
              checks.checks ??
              checks.contexts.map(context => ({ context, app_id: undefined }))
            ).map(check => ({
              context: check.context,
              app_id: check.app_id ?? null,
            })),
            contexts_url: `${url}/required_status_checks/contexts`,
          },
        }
      : {}),
    ...(reviews
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: reviews.dismiss_stale_reviews ?? false,
            require_code_owner_reviews:
              reviews.require_code_owner_reviews ?? false,
            required_approving_review_count:
              reviews.required_approving_review_count ?? 1,
            require_last_push_approval:
              reviews.require_last_push_approval ?? false,
            ...(reviews.dismissal_restrictions
              ? {
                  dismissal_restrictions: {
                    url: `${url}/dismissal_restrictions`,
                    users_url: `${url}/dismissal_restrictions/users`,
                    teams_url: `${url}/dismissal_restrictions/teams`,
                    users: users(reviews.dismissal_restrictions.users),
                    teams: teams(reviews.dismissal_restrictions.teams),
                    apps: [],
                  },
                }
              : {}),
            ...(reviews.bypass_pull_request_allowances
              ? {
                  bypass_pull_request_allowances: {
                    users: users(reviews.bypass_pull_request_allowances.users),
                    teams: teams(reviews.bypass_pull_request_allowances.teams),
                    apps: [],
                  },
                }
              : {}),
          },
        }
      : {}),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    enforce_admins: {
      url: `${url}/enforce_admins`,
      enabled: set.enforce_admins === true,
    },
    required_linear_history: { enabled: set.required_linear_history ?? false },
    allow_force_pushes: { enabled: set.allow_force_pushes ?? false },
    allow_deletions: { enabled: set.allow_deletions ?? false },
    block_creations: { enabled: set.block_creations ?? false },
    required_conversation_resolution: {
      enabled: set.required_conversation_resolution ?? false,
    },
    lock_branch: { enabled: set.lock_branch ?? false },
    allow_fork_syncing: { enabled: set.allow_fork_syncing ?? false },
    ...(restrictions
      ? {
          restrictions: {
            url: `${url}/restrictions`,
            users_url: `${url}/restrictions/users`,
            teams_url: `${url}/restrictions/teams`,
            apps_url: `${url}/restrictions/apps`,
            users: users(restrictions.users).map(user => ({
              ...user,
              gravatar_id: user.gravatar_id ?? '',
            })),
            teams: teams(restrictions.teams),
            apps: [],
          },
        }
      : {}),
  };
}
