import { commitContext } from './commitResponses';
import { routeGitDataWrite } from './gitDataRoutes';
import {
  branchProtection,
  invalidRequest,
  repositoryInvitation,
  validationFailed,
} from './publishResponses';
import { notFound, ok, Reply } from './replies';
import { basicError, fullRepository, RepoContext } from './responses';
import {
  decode,
  findRepo,
  GithubState,
  repoContext,
  RouteRequest,
  sameName,
} from './routes';
import {
  FakeGithubBranchProtection,
  FakeGithubRepo,
  FakeGithubRepoSettings,
  FakeGithubTeamPermission,
} from './types';

/**
 * The requests that create and set up a repository — what a scaffolder's
 * `publish:github` sends, in its order:
 *
 *   POST /orgs/{org}/repos
 *   PUT  /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}
 *   PUT  /repos/{o}/{r}/collaborators/{username}
 *   PUT  /repos/{o}/{r}/topics
 *   PUT  /repos/{o}/{r}/branches/{branch}/protection   (after the push)
 *
 * They change the repositories every other route serves. The push itself is
 * git over HTTP (gitHosting.ts). Branches and pull requests made without
 * git — the git data API and `POST /repos/{o}/{r}/pulls` — are
 * gitDataRoutes.ts's.
 */

export type WritableGithubState = GithubState & {
  /**
   * Adds a repository created through the API, with its (empty) bare git
   * repository; a `readme` is committed first, as GitHub's `auto_init` does.
   */
  createRepo(repo: FakeGithubRepo, readme?: string): Promise<void>;
};

export type WriteRequest = RouteRequest & { body: Buffer };

const DOCS = {
  createRepo:
    'https://docs.github.com/rest/repos/repos#create-an-organization-repository',
  teamRepo:
    'https://docs.github.com/rest/teams/teams#add-or-update-team-repository-permissions',
  collaborator:
    'https://docs.github.com/rest/collaborators/collaborators#add-a-repository-collaborator',
  topics:
    'https://docs.github.com/rest/repos/repos#replace-all-repository-topics',
  protection:
    'https://docs.github.com/rest/branches/branch-protection#update-branch-protection',
};

const PERMISSIONS: FakeGithubTeamPermission[] = [
  'pull',
  'triage',
  'push',
  'maintain',
  'admin',
];

/** The characters GitHub keeps in a repository name (it replaces others with `-`; the fake refuses them). */
const REPO_NAME = /^[A-Za-z0-9._-]+$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;
const MAX_TOPICS = 20;

type Json = Record<string, unknown>;

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The JSON object a request sent; an empty body is `{}`; undefined when it is not a JSON object. */
function parseBody(body: Buffer): Json | undefined {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Json)
      : undefined;
  } catch {
    return undefined;
  }
}

const noContent = (): Reply => ({ status: 204 });

function unprocessable(json: unknown): Reply {
  return { status: 422, json };
}

function repoCreationFailed(code: string, message?: string): Reply {
  return unprocessable(
    validationFailed(
      'Repository creation failed.',
      [
        {
          resource: 'Repository',
          code,
          field: 'name',
          ...(message ? { message } : {}),
        },
      ],
      DOCS.createRepo,
    ),
  );
}

function pickSettings(body: Json): FakeGithubRepoSettings {
  const settings: FakeGithubRepoSettings = {};
  const flags = [
    'has_issues',
    'has_projects',
    'has_wiki',
    'allow_squash_merge',
    'allow_merge_commit',
    'allow_rebase_merge',
    'allow_auto_merge',
    'allow_update_branch',
    'delete_branch_on_merge',
  ] as const;
  for (const flag of flags) {
    const value = body[flag];
    if (typeof value === 'boolean') settings[flag] = value;
  }
  if (typeof body.homepage === 'string') settings.homepage = body.homepage;
  const title = body.squash_merge_commit_title;
  if (title === 'PR_TITLE' || title === 'COMMIT_OR_PR_TITLE') {
    settings.squash_merge_commit_title = title;
  }
  const message = body.squash_merge_commit_message;
  if (
    message === 'PR_BODY' ||
    message === 'COMMIT_MESSAGES' ||
    message === 'BLANK'
  ) {
    settings.squash_merge_commit_message = message;
  }
  return settings;
}

/** `POST /orgs/{org}/repos`: a new, empty repository (no commits until the first push). */
async function createRepo(
  state: WritableGithubState,
  body: Json,
): Promise<Reply> {
  const { name } = body;
  if (typeof name !== 'string' || name === '') {
    return repoCreationFailed('missing_field');
  }
  if (name.length > 100) {
    return repoCreationFailed(
      'custom',
      'name is too long (maximum is 100 characters)',
    );
  }
  if (!REPO_NAME.test(name) || name === '.' || name === '..') {
    return repoCreationFailed(
      'custom',
      'name can only contain ASCII letters, digits, and the characters ., -, and _',
    );
  }
  if (state.repos().some(r => sameName(r.name, name))) {
    return repoCreationFailed('custom', 'name already exists on this account');
  }
  const { visibility } = body;
  if (
    visibility !== undefined &&
    visibility !== 'public' &&
    visibility !== 'private' &&
    visibility !== 'internal'
  ) {
    return unprocessable(
      invalidRequest(
        `"${String(
          visibility,
        )}" is not a member of ["public", "private", "internal"].`,
        DOCS.createRepo,
      ),
    );
  }

  const now = nowIso();
  const description =
    typeof body.description === 'string' && body.description !== ''
      ? body.description
      : null;
  const repo: FakeGithubRepo = {
    name,
    description,
    visibility: visibility ?? (body.private === true ? 'private' : 'public'),
    language: null,
    defaultBranch: 'main',
    createdAt: now,
    pushedAt: now,
    topics: [],
    teams: [],
    files: {},
    commits: [],
    settings: pickSettings(body),
  };
  await state.createRepo(
    repo,
    body.auto_init === true
      ? `# ${name}\n${description ? `${description}\n` : ''}`
      : undefined,
  );
  return {
    status: 201,
    json: fullRepository(repoContext(state, repo)),
    headers: {
      location: `${state.org.apiBaseUrl}/repos/${state.org.login}/${name}`,
    },
  };
}

function permissionOf(body: Json, fallback: FakeGithubTeamPermission) {
  const permission = body.permission ?? fallback;
  return PERMISSIONS.find(p => p === permission);
}

/** `PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}`: the team's permission on the repository. */
function addTeamRepo(
  state: WritableGithubState,
  parts: string[],
  body: Json,
): Reply {
  const [, org, , slug, , owner, name] = parts;
  if (!sameName(org, state.org.login)) return notFound();
  const orgTeam = state.teams().find(t => t.slug === slug.toLowerCase());
  const ctx = findRepo(state, owner, name);
  if (!orgTeam || !ctx) return notFound();
  const permission = permissionOf(body, 'push');
  if (!permission) {
    return unprocessable(
      validationFailed(
        'Validation Failed',
        [{ resource: 'Team', code: 'invalid', field: 'permission' }],
        DOCS.teamRepo,
      ),
    );
  }
  const teams = (ctx.repo.teams ??= []);
  const entry = teams.find(t => t.slug === orgTeam.slug);
  if (entry) entry.permission = permission;
  else teams.push({ slug: orgTeam.slug, permission });
  return noContent();
}

/**
 * `PUT /repos/{o}/{r}/collaborators/{username}`: an organisation member is
 * added at once (204); anyone else is invited (201, with the invitation).
 */
function addCollaborator(
  state: WritableGithubState,
  ctx: RepoContext,
  username: string,
  body: Json,
): Reply {
  const member = state.members().find(m => sameName(m.login, username));
  if (!member && !LOGIN.test(username)) return notFound();
  const permission = permissionOf(body, 'push');
  if (!permission) {
    return unprocessable(
      validationFailed(
        'Validation Failed',
        [{ resource: 'Repository', code: 'invalid', field: 'permission' }],
        DOCS.collaborator,
      ),
    );
  }
  const login = member?.login ?? username;
  const collaborators = (ctx.repo.collaborators ??= []).filter(
    c => !sameName(c.login, login),
  );
  collaborators.push({
    login,
    permission,
    ...(member ? {} : { invited: true }),
  });
  ctx.repo.collaborators = collaborators;
  if (member) return noContent();
  return {
    status: 201,
    json: repositoryInvitation(
      commitContext(ctx, state.members(), state.teams()),
      login,
      permission,
      nowIso(),
    ),
  };
}

/** `PUT /repos/{o}/{r}/topics`: replaces the topics; GitHub saves them lowercase. */
function replaceTopics(ctx: RepoContext, body: Json): Reply {
  const { names } = body;
  if (!Array.isArray(names) || names.some(n => typeof n !== 'string')) {
    return unprocessable(
      invalidRequest(`"names" wasn't supplied.`, DOCS.topics),
    );
  }
  const topics = [
    ...new Set((names as string[]).map(n => n.trim().toLowerCase())),
  ];
  const invalid = topics.find(t => !TOPIC.test(t));
  if (invalid !== undefined || topics.length > MAX_TOPICS) {
    return unprocessable(
      validationFailed(
        'Validation Failed',
        [
          {
            resource: 'Repository',
            field: 'topics',
            code: 'invalid',
            message:
              invalid !== undefined
                ? `${invalid} is not a valid topic. Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens.`
                : `A repository cannot have more than ${MAX_TOPICS} topics.`,
          },
        ],
        DOCS.topics,
      ),
    );
  }
  ctx.repo.topics = topics;
  return ok({ names: topics });
}

const PROTECTION_REQUIRED = [
  'required_status_checks',
  'enforce_admins',
  'required_pull_request_reviews',
  'restrictions',
] as const;

const PROTECTION_OPTIONAL = [
  'required_linear_history',
  'allow_force_pushes',
  'allow_deletions',
  'block_creations',
  'required_conversation_resolution',
  'lock_branch',
  'allow_fork_syncing',
] as const;

/** `PUT /repos/{o}/{r}/branches/{branch}/protection`: replaces the branch's protection. */
function protectBranch(
  state: WritableGithubState,
  ctx: RepoContext,
  branch: string,
  body: Json,
): Reply {
  if (!state.branches(ctx.repo).has(branch)) {
    return notFound('Branch not found');
  }
  const missing = PROTECTION_REQUIRED.filter(key => !(key in body));
  if (missing.length > 0) {
    const names = missing.map(key => `"${key}"`).join(', ');
    return unprocessable(
      invalidRequest(
        `${names} ${missing.length === 1 ? "wasn't" : "weren't"} supplied.`,
        DOCS.protection,
      ),
    );
  }
  const set = Object.fromEntries(
    [...PROTECTION_REQUIRED, ...PROTECTION_OPTIONAL]
      .filter(key => body[key] !== undefined)
      .map(key => [key, structuredClone(body[key])]),
  ) as FakeGithubBranchProtection;
  ctx.repo.branchProtection = { ...ctx.repo.branchProtection, [branch]: set };
  return ok(
    branchProtection(
      commitContext(ctx, state.members(), state.teams()),
      state.teams(),
      branch,
      set,
    ),
  );
}

/** Routes a POST, PUT, PATCH or DELETE request; 404 for any the fake does not serve. */
export async function routeWrite(
  state: WritableGithubState,
  req: WriteRequest,
): Promise<Reply> {
  const parts = req.path.split('/').filter(Boolean).map(decode);
  const body = parseBody(req.body);
  if (!body) {
    return {
      status: 400,
      json: basicError('Problems parsing JSON'),
    };
  }

  if (parts[0] === 'orgs') {
    if (req.method === 'POST' && parts[2] === 'repos' && parts.length === 3) {
      return sameName(parts[1], state.org.login)
        ? createRepo(state, body)
        : notFound();
    }
    if (
      req.method === 'PUT' &&
      parts[2] === 'teams' &&
      parts[4] === 'repos' &&
      parts.length === 7
    ) {
      return addTeamRepo(state, parts, body);
    }
    return notFound();
  }

  if (parts[0] !== 'repos' || parts.length < 4) return notFound();
  const ctx = findRepo(state, parts[1], parts[2]);
  if (!ctx) return notFound();
  const rest = parts.slice(3);
  const gitData = routeGitDataWrite(state, ctx, rest, req.method, body);
  if (gitData) return gitData;
  if (req.method !== 'PUT') return notFound();
  if (rest[0] === 'collaborators' && rest.length === 2) {
    return addCollaborator(state, ctx, rest[1], body);
  }
  if (rest[0] === 'topics' && rest.length === 1) {
    return replaceTopics(ctx, body);
  }
  if (
    rest[0] === 'branches' &&
    rest.length >= 3 &&
    rest[rest.length - 1] === 'protection'
  ) {
    return protectBranch(state, ctx, rest.slice(1, -1).join('/'), body);
  }
  return notFound();
}
