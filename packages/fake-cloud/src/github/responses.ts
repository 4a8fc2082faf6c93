import type { components } from '@octokit/openapi-types';
import {
  BLOB_MODE,
  GitBlob,
  GitNode,
  GitTree,
  listTree,
  TREE_MODE,
} from './gitObjects';
import { legacyNodeId, orgId, repoId, teamId } from './identifiers';
import {
  FakeGithubOrgTeam,
  FakeGithubRepo,
  FakeGithubTeam,
  FakeGithubTeamPermission,
} from './types';

/**
 * Response bodies shaped (and type-checked) after the GitHub REST API's
 * OpenAPI description, filled with realistic values.
 */

type Schemas = components['schemas'];

export const WEB_BASE_URL = 'https://github.com';
export const DOCUMENTATION_URL = 'https://docs.github.com/rest';
export const DEFAULT_PUSHED_AT = '2026-11-20T10:00:00Z';
export const DEFAULT_CREATED_AT = '2022-01-10T09:00:00Z';

export type OrgContext = { apiBaseUrl: string; login: string; name?: string };

/**
 * A repository together with the git objects of its files, and where git
 * clones it from when the fake serves it over git (see gitHosting.ts).
 */
export type RepoContext = OrgContext & {
  repo: FakeGithubRepo;
  tree: GitTree;
  cloneUrl?: string;
};

export function basicError(message: string): Schemas['basic-error'] {
  return { message, documentation_url: DOCUMENTATION_URL };
}

export function organizationUser(org: OrgContext): Schemas['simple-user'] {
  const id = orgId(org.login);
  const url = `${org.apiBaseUrl}/users/${org.login}`;
  return {
    login: org.login,
    id,
    node_id: legacyNodeId('Organization', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB_BASE_URL}/${org.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'Organization',
    user_view_type: 'public',
    site_admin: false,
  };
}

function repositoryUrls(ctx: RepoContext) {
  const fullName = `${ctx.login}/${ctx.repo.name}`;
  const r = `${ctx.apiBaseUrl}/repos/${fullName}`;
  return {
    html_url: `${WEB_BASE_URL}/${fullName}`,
    url: r,
    archive_url: `${r}/{archive_format}{/ref}`,
    assignees_url: `${r}/assignees{/user}`,
    blobs_url: `${r}/git/blobs{/sha}`,
    branches_url: `${r}/branches{/branch}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    comments_url: `${r}/comments{/number}`,
    commits_url: `${r}/commits{/sha}`,
    compare_url: `${r}/compare/{base}...{head}`,
    contents_url: `${r}/contents/{+path}`,
    contributors_url: `${r}/contributors`,
    deployments_url: `${r}/deployments`,
    downloads_url: `${r}/downloads`,
    events_url: `${r}/events`,
    forks_url: `${r}/forks`,
    git_commits_url: `${r}/git/commits{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    git_url: `git://github.com/${fullName}.git`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    issue_events_url: `${r}/issues/events{/number}`,
    issues_url: `${r}/issues{/number}`,
    keys_url: `${r}/keys{/key_id}`,
    labels_url: `${r}/labels{/name}`,
    languages_url: `${r}/languages`,
    merges_url: `${r}/merges`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    pulls_url: `${r}/pulls{/number}`,
    releases_url: `${r}/releases{/id}`,
    ssh_url: `git@github.com:${fullName}.git`,
    stargazers_url: `${r}/stargazers`,
    statuses_url: `${r}/statuses/{sha}`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    tags_url: `${r}/tags`,
    teams_url: `${r}/teams`,
    trees_url: `${r}/git/trees{/sha}`,
    clone_url: ctx.cloneUrl ?? `${WEB_BASE_URL}/${fullName}.git`,
    mirror_url: null,
    hooks_url: `${r}/hooks`,
    svn_url: `${WEB_BASE_URL}/${fullName}`,
  };
}

/** The fields minimal-repository and full-repository share, all filled. */
function repositoryCore(ctx: RepoContext) {
  const { repo } = ctx;
  const fullName = `${ctx.login}/${repo.name}`;
  const id = repoId(fullName);
  const visibility = repo.visibility ?? 'private';
  const pushedAt = repo.pushedAt ?? DEFAULT_PUSHED_AT;
  const bytes = listTree(ctx.tree, true)
    .filter((n): n is GitBlob => n.type === 'blob')
    .reduce((sum, blob) => sum + blob.content.length, 0);
  const stars = id % 23;
  const openIssues = id % 7;
  return {
    id,
    node_id: legacyNodeId('Repository', id),
    name: repo.name,
    full_name: fullName,
    owner: organizationUser(ctx),
    private: visibility !== 'public',
    description: repo.description ?? null,
    fork: false,
    ...repositoryUrls(ctx),
    homepage: repo.settings?.homepage ?? null,
    language: repo.language ?? null,
    forks_count: 0,
    stargazers_count: stars,
    watchers_count: stars,
    size: Math.ceil(bytes / 1024),
    default_branch: repo.defaultBranch ?? 'main',
    open_issues_count: openIssues,
    is_template: false,
    topics: repo.topics ?? [],
    has_issues: repo.settings?.has_issues ?? true,
    has_projects: repo.settings?.has_projects ?? true,
    has_wiki: repo.settings?.has_wiki ?? false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived ?? false,
    disabled: false,
    visibility,
    pushed_at: pushedAt,
    created_at: repo.createdAt ?? DEFAULT_CREATED_AT,
    updated_at: pushedAt,
    allow_forking: false,
    web_commit_signoff_required: false,
    forks: 0,
    open_issues: openIssues,
    watchers: stars,
  };
}

/**
 * What the token the fake assumes may do on every repository: read and
 * write — it pushes, and opens pull requests through the git data API
 * (octokit-plugin-create-pull-request reads `permissions` to decide).
 */
const CALLER_PERMISSIONS = {
  admin: false,
  maintain: false,
  push: true,
  triage: true,
  pull: true,
};

export function minimalRepository(
  ctx: RepoContext,
): Schemas['minimal-repository'] {
  return {
    ...repositoryCore(ctx),
    permissions: { ...CALLER_PERMISSIONS },
    license: null,
  };
}

/** The merge settings of full-repository and repository: the repository's own, else the fake's defaults. */
function mergeSettings(repo: FakeGithubRepo) {
  const settings = repo.settings ?? {};
  return {
    allow_squash_merge: settings.allow_squash_merge ?? true,
    allow_merge_commit: settings.allow_merge_commit ?? false,
    allow_rebase_merge: settings.allow_rebase_merge ?? true,
    allow_auto_merge: settings.allow_auto_merge ?? false,
    delete_branch_on_merge: settings.delete_branch_on_merge ?? true,
    allow_update_branch: settings.allow_update_branch ?? true,
    use_squash_pr_title_as_default: true,
    squash_merge_commit_title: settings.squash_merge_commit_title ?? 'PR_TITLE',
    squash_merge_commit_message:
      settings.squash_merge_commit_message ?? 'COMMIT_MESSAGES',
    merge_commit_title: 'MERGE_MESSAGE' as const,
    merge_commit_message: 'PR_TITLE' as const,
  };
}

/** The repository as pull requests' `head.repo` and `base.repo` embed it. */
export function repository(ctx: RepoContext): Schemas['repository'] {
  return {
    ...repositoryCore(ctx),
    permissions: { ...CALLER_PERMISSIONS },
    license: null,
    ...mergeSettings(ctx.repo),
  };
}

export function fullRepository(ctx: RepoContext): Schemas['full-repository'] {
  return {
    ...repositoryCore(ctx),
    permissions: { ...CALLER_PERMISSIONS },
    ...mergeSettings(ctx.repo),
    temp_clone_token: '',
    license: null,
    organization: organizationUser(ctx),
    network_count: 0,
    subscribers_count: (repoId(`${ctx.login}/${ctx.repo.name}`) % 9) + 1,
  };
}

function repoApiUrl(ctx: RepoContext): string {
  return `${ctx.apiBaseUrl}/repos/${ctx.login}/${ctx.repo.name}`;
}

export function gitTree(
  ctx: RepoContext,
  tree: GitTree,
  recursive: boolean,
): Schemas['git-tree'] {
  const r = repoApiUrl(ctx);
  const relative = (path: string) =>
    tree.path ? path.slice(tree.path.length + 1) : path;
  return {
    sha: tree.sha,
    url: `${r}/git/trees/${tree.sha}`,
    tree: listTree(tree, recursive).map(node =>
      node.type === 'blob'
        ? {
            path: relative(node.path),
            mode: BLOB_MODE,
            type: 'blob',
            sha: node.sha,
            size: node.content.length,
            url: `${r}/git/blobs/${node.sha}`,
          }
        : {
            path: relative(node.path),
            mode: TREE_MODE,
            type: 'tree',
            sha: node.sha,
            url: `${r}/git/trees/${node.sha}`,
          },
    ),
    truncated: false,
  };
}

/** The url fields of a contents entry (file or directory). */
function contentUrls(ctx: RepoContext, node: GitNode, ref: string) {
  const r = repoApiUrl(ctx);
  const fullName = `${ctx.login}/${ctx.repo.name}`;
  const self = `${r}/contents/${node.path}?ref=${encodeURIComponent(ref)}`;
  const git = `${r}/git/${node.type === 'blob' ? 'blobs' : 'trees'}/${
    node.sha
  }`;
  const html = `${WEB_BASE_URL}/${fullName}/${
    node.type === 'blob' ? 'blob' : 'tree'
  }/${ref}/${node.path}`;
  return {
    url: self,
    git_url: git,
    html_url: html,
    // GitHub points at raw.githubusercontent.com; this server serves the same at /raw.
    download_url:
      node.type === 'blob'
        ? `${ctx.apiBaseUrl}/raw/${fullName}/${ref}/${node.path}`
        : null,
    _links: { self, git, html },
  };
}

/** Base64 wrapped at 60 characters per line, like GitHub. */
export function wrappedBase64(content: Buffer): string {
  const lines = content.toString('base64').match(/.{1,60}/g) ?? [];
  return lines.map(line => `${line}\n`).join('');
}

export function contentFile(
  ctx: RepoContext,
  blob: GitBlob,
  ref: string,
): Schemas['content-file'] {
  return {
    type: 'file',
    encoding: 'base64',
    size: blob.content.length,
    name: blob.name,
    path: blob.path,
    content: wrappedBase64(blob.content),
    sha: blob.sha,
    ...contentUrls(ctx, blob, ref),
  };
}

export function contentDirectory(
  ctx: RepoContext,
  tree: GitTree,
  ref: string,
): Schemas['content-directory'] {
  return tree.entries.map(node => ({
    type: node.type === 'blob' ? ('file' as const) : ('dir' as const),
    size: node.type === 'blob' ? node.content.length : 0,
    name: node.name,
    path: node.path,
    sha: node.sha,
    ...contentUrls(ctx, node, ref),
  }));
}

const PERMISSION_LEVELS: FakeGithubTeamPermission[] = [
  'pull',
  'triage',
  'push',
  'maintain',
  'admin',
];

export function titleCase(slug: string): string {
  return slug
    .split(/[-_]/)
    .filter(Boolean)
    .map(word => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

export function teamSimple(
  org: OrgContext,
  orgTeam: FakeGithubOrgTeam,
): Schemas['team-simple'] {
  const organizationId = orgId(org.login);
  const id = teamId(org.login, orgTeam.slug);
  const url = `${org.apiBaseUrl}/organizations/${organizationId}/team/${id}`;
  return {
    id,
    node_id: legacyNodeId('Team', id),
    url,
    members_url: `${url}/members{/member}`,
    name: orgTeam.name ?? titleCase(orgTeam.slug),
    description: orgTeam.description ?? null,
    permission: 'pull',
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    html_url: `${WEB_BASE_URL}/orgs/${org.login}/teams/${orgTeam.slug}`,
    repositories_url: `${url}/repos`,
    slug: orgTeam.slug,
    type: 'organization',
    organization_id: organizationId,
  };
}

/**
 * A repository's team; name, description and parent come from the
 * organisation's team of that slug when there is one.
 */
export function team(
  org: OrgContext,
  entry: FakeGithubTeam,
  orgTeams: FakeGithubOrgTeam[] = [],
): Schemas['team'] {
  const organizationId = orgId(org.login);
  const id = teamId(org.login, entry.slug);
  const url = `${org.apiBaseUrl}/organizations/${organizationId}/team/${id}`;
  const level = PERMISSION_LEVELS.indexOf(entry.permission);
  const has = (permission: FakeGithubTeamPermission) =>
    PERMISSION_LEVELS.indexOf(permission) <= level;
  const orgTeam = orgTeams.find(t => t.slug === entry.slug);
  const parent = orgTeam?.parent
    ? orgTeams.find(t => t.slug === orgTeam.parent)
    : undefined;
  return {
    id,
    node_id: legacyNodeId('Team', id),
    url,
    html_url: `${WEB_BASE_URL}/orgs/${org.login}/teams/${entry.slug}`,
    name: entry.name ?? orgTeam?.name ?? titleCase(entry.slug),
    slug: entry.slug,
    description: orgTeam?.description ?? null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: entry.permission,
    permissions: {
      pull: has('pull'),
      triage: has('triage'),
      push: has('push'),
      maintain: has('maintain'),
      admin: has('admin'),
    },
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    type: 'organization',
    organization_id: organizationId,
    parent: parent ? teamSimple(org, parent) : null,
  };
}
