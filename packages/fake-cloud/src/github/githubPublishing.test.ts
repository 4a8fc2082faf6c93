import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Octokit } from '@octokit/rest';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import fs from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFakeGithub } from './startFakeGithub';
import { FakeGithubOrg, FakeGithubServer } from './types';

/**
 * Creating a repository on the fake and pushing to it for real: Octokit
 * creates it, isomorphic-git (what the scaffolder pushes with) commits and
 * pushes over git smart HTTP, served by `git http-backend`; then the read
 * API serves what was pushed. Last, Backstage's own `publish:github` action
 * does all of it end to end.
 */

const TOKEN = 'ghs_publish_token';

const org: FakeGithubOrg = {
  login: 'acme',
  name: 'Acme',
  repos: [{ name: 'rockets', files: { 'README.md': '# Rockets\n' } }],
  members: [
    { login: 'ada', name: 'Ada Lovelace', email: 'ada@acme.example' },
    { login: 'grace', name: 'Grace Hopper' },
  ],
  teams: [{ slug: 'launch-team', members: ['ada', 'grace'] }],
};

const ADA = { name: 'Ada Lovelace', email: 'ada@acme.example' };

const FILES = {
  'README.md': '# New service\n',
  'src/index.ts': "export const hello = 'world';\n",
};

describe('publishing to the fake GitHub', () => {
  let server: FakeGithubServer;
  let octokit: Octokit;
  let workDir: string;

  beforeEach(async () => {
    server = await startFakeGithub(org, { token: TOKEN });
    octokit = new Octokit({ baseUrl: server.apiBaseUrl, auth: TOKEN });
    workDir = await mkdtemp(join(tmpdir(), 'fake-github-publish-test-'));
  });

  afterEach(async () => {
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  });

  /** A local repository with `files` committed on main; resolves to the commit's SHA. */
  async function commitLocally(
    dir: string,
    files: Record<string, string>,
  ): Promise<string> {
    await git.init({ fs, dir, defaultBranch: 'main' });
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
      await git.add({ fs, dir, filepath: path });
    }
    return git.commit({ fs, dir, message: 'Initial commit', author: ADA });
  }

  function push(dir: string, url: string, password = TOKEN) {
    return git.push({
      fs,
      http,
      dir,
      url,
      ref: 'main',
      onAuth: () => ({ username: 'x-access-token', password }),
    });
  }

  async function createRepo(name: string) {
    return (
      await octokit.rest.repos.createInOrg({
        org: 'acme',
        name,
        description: 'A new service',
        private: true,
        visibility: 'private',
        delete_branch_on_merge: false,
        allow_merge_commit: true,
      })
    ).data;
  }

  const gitRequests = () =>
    server.requests
      .filter(r => r.path.includes('.git/'))
      .map(r => `${r.method} ${r.status} ${r.path.replace(/^.*\.git/, '')}`);

  it('creates an empty repository, takes a push and serves the pushed files', async () => {
    const created = await octokit.rest.repos.createInOrg({
      org: 'acme',
      name: 'new-service',
      description: 'A new service',
      private: true,
      visibility: 'private',
      homepage: 'https://new-service.acme.example',
      delete_branch_on_merge: false,
      allow_merge_commit: true,
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(
      `${server.apiBaseUrl}/repos/acme/new-service`,
    );
    expect(created.data).toMatchObject({
      name: 'new-service',
      full_name: 'acme/new-service',
      description: 'A new service',
      private: true,
      visibility: 'private',
      homepage: 'https://new-service.acme.example',
      delete_branch_on_merge: false,
      allow_merge_commit: true,
      default_branch: 'main',
      size: 0,
      html_url: 'https://github.com/acme/new-service',
      clone_url: `${server.apiBaseUrl}/acme/new-service.git`,
      owner: { login: 'acme', type: 'Organization' },
    });

    // Empty until the first push, as on GitHub.
    await expect(
      octokit.rest.repos.getContent({
        owner: 'acme',
        repo: 'new-service',
        path: 'README.md',
      }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'This repository is empty.' } },
    });
    await expect(
      octokit.rest.git.getRef({
        owner: 'acme',
        repo: 'new-service',
        ref: 'heads/main',
      }),
    ).rejects.toMatchObject({
      status: 409,
      response: { data: { message: 'Git Repository is empty.' } },
    });

    const local = join(workDir, 'local');
    const sha = await commitLocally(local, FILES);
    const pushed = await push(local, created.data.clone_url);
    expect(pushed).toMatchObject({
      ok: true,
      refs: { 'refs/heads/main': { ok: true } },
    });
    expect(gitRequests()).toEqual([
      'GET 401 /info/refs', // isomorphic-git asks for credentials only when told to
      'GET 200 /info/refs',
      'POST 200 /git-receive-pack',
    ]);

    const file = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'new-service',
      path: 'src/index.ts',
    });
    if (Array.isArray(file.data) || file.data.type !== 'file') {
      throw new Error('expected a file');
    }
    expect(Buffer.from(file.data.content, 'base64').toString('utf8')).toBe(
      FILES['src/index.ts'],
    );
    const raw = await fetch(file.data.download_url!, {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(await raw.text()).toBe(FILES['src/index.ts']);

    const tree = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'new-service',
      tree_sha: 'main',
      recursive: '1',
    });
    expect(tree.data.tree.map(e => [e.path, e.type])).toEqual([
      ['README.md', 'blob'],
      ['src', 'tree'],
      ['src/index.ts', 'blob'],
    ]);
    // The fake's tree is git's: the pushed commit's tree.
    const { commit } = await git.readCommit({ fs, dir: local, oid: sha });
    expect(tree.data.sha).toBe(commit.tree);

    const listed = await octokit.paginate(octokit.rest.repos.listForOrg, {
      org: 'acme',
    });
    expect(listed.map(r => r.name)).toEqual(['new-service', 'rockets']);

    const ref = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'new-service',
      ref: 'heads/main',
    });
    expect(ref.data).toMatchObject({
      ref: 'refs/heads/main',
      object: { type: 'commit', sha },
    });

    // The real commit, with its author: a member, known by their email.
    const commits = await octokit.rest.repos.listCommits({
      owner: 'acme',
      repo: 'new-service',
    });
    expect(commits.data).toHaveLength(1);
    expect(commits.data[0]).toMatchObject({
      sha,
      parents: [],
      author: { login: 'ada' },
      commit: {
        message: 'Initial commit',
        author: { name: 'Ada Lovelace', email: 'ada@acme.example' },
        tree: { sha: commit.tree },
      },
    });
    const head = await octokit.rest.repos.getCommit({
      owner: 'acme',
      repo: 'new-service',
      ref: 'main',
    });
    expect(
      head.data.files?.map(f => [f.filename, f.status, f.additions]),
    ).toEqual([
      ['README.md', 'added', 1],
      ['src/index.ts', 'added', 1],
    ]);

    const { data: repo } = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'new-service',
    });
    expect(repo.size).toBeGreaterThan(0);
    expect(Date.parse(repo.pushed_at!)).toBeGreaterThanOrEqual(
      Date.parse(created.data.pushed_at!),
    );

    const graphql = await octokit.graphql<{
      organization: {
        repositories: { nodes: Array<{ name: string }> };
        repository: {
          isEmpty: boolean;
          readme: { text: string } | null;
        };
      };
    }>(
      `query {
        organization(login: "acme") {
          repositories(first: 10) { nodes { name } }
          repository(name: "new-service") {
            isEmpty
            readme: object(expression: "HEAD:README.md") { ... on Blob { text } }
          }
        }
      }`,
    );
    expect(
      graphql.organization.repositories.nodes.map(n => n.name).sort(),
    ).toEqual(['new-service', 'rockets']);
    expect(graphql.organization.repository).toEqual({
      isEmpty: false,
      readme: { text: FILES['README.md'] },
    });

    expect(server.repo('new-service')).toMatchObject({
      files: FILES,
      commits: [{ sha, message: 'Initial commit', author: ADA }],
    });

    // And it clones back (upload-pack).
    const clone = join(workDir, 'clone');
    await git.clone({
      fs,
      http,
      dir: clone,
      url: created.data.clone_url,
      onAuth: () => ({ username: 'x-access-token', password: TOKEN }),
    });
    expect(await readFile(join(clone, 'src/index.ts'), 'utf8')).toBe(
      FILES['src/index.ts'],
    );
  });

  it('serves a second push: the new files and both commits', async () => {
    const created = await createRepo('new-service');
    const local = join(workDir, 'local');
    const first = await commitLocally(local, FILES);
    await push(local, created.clone_url);

    await writeFile(join(local, 'README.md'), '# New service\n\nNow live.\n');
    await git.add({ fs, dir: local, filepath: 'README.md' });
    await git.remove({ fs, dir: local, filepath: 'src/index.ts' });
    const second = await git.commit({
      fs,
      dir: local,
      message: 'docs: say it is live',
      author: { name: 'Someone Else', email: 'someone@example.com' },
    });
    await push(local, created.clone_url);

    const commits = await octokit.rest.repos.listCommits({
      owner: 'acme',
      repo: 'new-service',
    });
    expect(
      commits.data.map(c => [c.sha, c.commit.message, c.author?.login ?? null]),
    ).toEqual([
      [second, 'docs: say it is live', null],
      [first, 'Initial commit', 'ada'],
    ]);
    const readmeHistory = await octokit.rest.repos.listCommits({
      owner: 'acme',
      repo: 'new-service',
      path: 'src',
    });
    expect(readmeHistory.data.map(c => c.sha)).toEqual([second, first]);
    const detail = await octokit.rest.repos.getCommit({
      owner: 'acme',
      repo: 'new-service',
      ref: second,
    });
    expect(
      detail.data.files?.map(f => [
        f.filename,
        f.status,
        f.additions,
        f.deletions,
      ]),
    ).toEqual([
      ['README.md', 'modified', 2, 0],
      ['src/index.ts', 'removed', 0, 1],
    ]);
    await expect(
      octokit.rest.repos.getContent({
        owner: 'acme',
        repo: 'new-service',
        path: 'src/index.ts',
      }),
    ).rejects.toMatchObject({ status: 404 });
    const readme = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'new-service',
      path: 'README.md',
      mediaType: { format: 'raw' },
    });
    expect(readme.data).toBe('# New service\n\nNow live.\n');
  });

  it('refuses a name that exists, or is not a valid repository name, with 422', async () => {
    for (const name of ['rockets', 'ROCKETS']) {
      await expect(
        octokit.rest.repos.createInOrg({ org: 'acme', name }),
      ).rejects.toMatchObject({
        status: 422,
        response: {
          data: {
            message: 'Repository creation failed.',
            errors: [
              {
                resource: 'Repository',
                code: 'custom',
                field: 'name',
                message: 'name already exists on this account',
              },
            ],
            documentation_url: expect.stringMatching(
              /^https:\/\/docs\.github\.com\//,
            ),
            status: '422',
          },
        },
      });
    }
    for (const name of ['bad name!', '..', 'x'.repeat(101), '']) {
      await expect(
        octokit.rest.repos.createInOrg({ org: 'acme', name }),
      ).rejects.toMatchObject({
        status: 422,
        response: {
          data: {
            message: 'Repository creation failed.',
            errors: [{ resource: 'Repository', field: 'name' }],
          },
        },
      });
    }
    await expect(
      octokit.rest.repos.createInOrg({ org: 'someone-else', name: 'x' }),
    ).rejects.toMatchObject({ status: 404 });

    const { data } = await octokit.rest.repos.listForOrg({ org: 'acme' });
    expect(data.map(r => r.name)).toEqual(['rockets']);
  });

  it('refuses a push with the wrong token: 401, and nothing is stored', async () => {
    const created = await createRepo('new-service');
    const local = join(workDir, 'local');
    await commitLocally(local, FILES);

    await expect(
      push(local, created.clone_url, 'ghs_wrong'),
    ).rejects.toMatchObject({ code: 'HttpError', data: { statusCode: 401 } });
    expect(gitRequests()).toEqual(['GET 401 /info/refs', 'GET 401 /info/refs']);
    const anonymous = await fetch(
      `${created.clone_url}/info/refs?service=git-receive-pack`,
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe(
      'Basic realm="GitHub"',
    );

    expect(server.repo('new-service')).toMatchObject({
      files: {},
      commits: [],
    });
    await expect(
      octokit.rest.repos.getContent({
        owner: 'acme',
        repo: 'new-service',
        path: 'README.md',
      }),
    ).rejects.toMatchObject({ status: 404 });

    // A repository the fake does not serve over git.
    const unknown = await fetch(
      `${server.apiBaseUrl}/acme/rockets.git/info/refs?service=git-upload-pack`,
      {
        headers: {
          authorization: `Basic ${Buffer.from(
            `x-access-token:${TOKEN}`,
          ).toString('base64')}`,
        },
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('stores branch protection, topics, team permissions and collaborators', async () => {
    const created = await createRepo('new-service');
    const protection = {
      owner: 'acme',
      repo: 'new-service',
      branch: 'main',
      required_status_checks: { strict: true, contexts: ['ci'] },
      enforce_admins: true,
      required_pull_request_reviews: {
        required_approving_review_count: 2,
        require_code_owner_reviews: true,
        bypass_pull_request_allowances: { teams: ['launch-team'] },
      },
      restrictions: null,
      required_conversation_resolution: true,
    };
    // No branch before the first push.
    await expect(
      octokit.rest.repos.updateBranchProtection(protection),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Branch not found' } },
    });

    const local = join(workDir, 'local');
    await commitLocally(local, FILES);
    await push(local, created.clone_url);
    await expect(
      octokit.rest.repos.getBranchProtection({
        owner: 'acme',
        repo: 'new-service',
        branch: 'main',
      }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Branch not protected' } },
    });

    const put = await octokit.rest.repos.updateBranchProtection(protection);
    expect(put.status).toBe(200);
    const expected = {
      url: `${server.apiBaseUrl}/repos/acme/new-service/branches/main/protection`,
      required_status_checks: {
        strict: true,
        contexts: ['ci'],
        checks: [{ context: 'ci', app_id: null }],
      },
      enforce_admins: { enabled: true },
      required_pull_request_reviews: {
        required_approving_review_count: 2,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: false,
        bypass_pull_request_allowances: {
          users: [],
          teams: [{ slug: 'launch-team' }],
        },
      },
      required_conversation_resolution: { enabled: true },
      allow_force_pushes: { enabled: false },
    };
    expect(put.data).toMatchObject(expected);
    expect(put.data.restrictions).toBeUndefined();
    const get = await octokit.rest.repos.getBranchProtection({
      owner: 'acme',
      repo: 'new-service',
      branch: 'main',
    });
    expect(get.data).toEqual(put.data);
    expect(server.repo('new-service')?.branchProtection).toEqual({
      main: {
        required_status_checks: { strict: true, contexts: ['ci'] },
        enforce_admins: true,
        required_pull_request_reviews: {
          required_approving_review_count: 2,
          require_code_owner_reviews: true,
          bypass_pull_request_allowances: { teams: ['launch-team'] },
        },
        restrictions: null,
        required_conversation_resolution: true,
      },
    });
    await expect(
      octokit.request(
        'PUT /repos/{owner}/{repo}/branches/{branch}/protection',
        {
          owner: 'acme',
          repo: 'new-service',
          branch: 'main',
          enforce_admins: true,
        } as any,
      ),
    ).rejects.toMatchObject({ status: 422 });

    const topics = await octokit.rest.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'new-service',
      names: ['Payments', 'backend', 'backend'],
    });
    expect(topics.data).toEqual({ names: ['payments', 'backend'] });
    await expect(
      octokit.rest.repos.replaceAllTopics({
        owner: 'acme',
        repo: 'new-service',
        names: ['not a topic'],
      }),
    ).rejects.toMatchObject({ status: 422 });
    const { data: repo } = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'new-service',
    });
    expect(repo.topics).toEqual(['payments', 'backend']);

    const team = await octokit.rest.teams.getByName({
      org: 'acme',
      team_slug: 'launch-team',
    });
    expect(team.data).toMatchObject({
      slug: 'launch-team',
      name: 'Launch Team',
      members_count: 2,
      organization: { login: 'acme' },
    });
    await expect(
      octokit.rest.teams.getByName({ org: 'acme', team_slug: 'nobody' }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found' } },
    });
    const added = await octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'acme',
      team_slug: 'launch-team',
      owner: 'acme',
      repo: 'new-service',
      permission: 'admin',
    });
    expect(added.status).toBe(204);
    await expect(
      octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({
        org: 'acme',
        team_slug: 'nobody',
        owner: 'acme',
        repo: 'new-service',
      }),
    ).rejects.toMatchObject({ status: 404 });
    const teams = await octokit.rest.repos.listTeams({
      owner: 'acme',
      repo: 'new-service',
    });
    expect(teams.data).toEqual([
      expect.objectContaining({
        slug: 'launch-team',
        permission: 'admin',
        permissions: expect.objectContaining({ admin: true }),
      }),
    ]);

    const member = await octokit.rest.repos.addCollaborator({
      owner: 'acme',
      repo: 'new-service',
      username: 'Grace',
      permission: 'maintain',
    });
    expect(member.status).toBe(204);
    const outsider = await octokit.rest.repos.addCollaborator({
      owner: 'acme',
      repo: 'new-service',
      username: 'octocat',
    });
    expect(outsider.status).toBe(201);
    expect(outsider.data).toMatchObject({
      invitee: { login: 'octocat' },
      permissions: 'write',
      repository: { full_name: 'acme/new-service' },
    });
    expect(server.repo('new-service')?.collaborators).toEqual([
      { login: 'grace', permission: 'maintain' },
      { login: 'octocat', permission: 'push', invited: true },
    ]);
  });

  it('answers GET /users/{owner} for the organisation and its members', async () => {
    const orgUser = await octokit.rest.users.getByUsername({
      username: 'acme',
    });
    expect(orgUser.data).toMatchObject({
      login: 'acme',
      type: 'Organization',
      name: 'Acme',
    });
    const member = await octokit.rest.users.getByUsername({ username: 'ADA' });
    expect(member.data).toMatchObject({
      login: 'ada',
      type: 'User',
      name: 'Ada Lovelace',
      email: 'ada@acme.example',
    });
    await expect(
      octokit.rest.users.getByUsername({ username: 'nobody' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('fails a push as told by failNext; the retry to the same, still empty repository succeeds', async () => {
    const created = await createRepo('new-service');
    const local = join(workDir, 'local');
    const sha = await commitLocally(local, FILES);

    server.failNext(/git-receive-pack$/, { status: 500 });
    await expect(push(local, created.clone_url)).rejects.toMatchObject({
      code: 'HttpError',
      data: { statusCode: 500 },
    });
    expect(server.repo('new-service')?.commits).toEqual([]);

    await expect(push(local, created.clone_url)).resolves.toMatchObject({
      ok: true,
    });
    expect(gitRequests().filter(r => r.startsWith('POST'))).toEqual([
      'POST 500 /git-receive-pack',
      'POST 200 /git-receive-pack',
    ]);
    const { data } = await octokit.rest.repos.listForOrg({ org: 'acme' });
    expect(data.filter(r => r.name === 'new-service')).toHaveLength(1);
    const ref = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'new-service',
      ref: 'heads/main',
    });
    expect(ref.data.object.sha).toBe(sha);
  });

  it("serves Backstage's publish:github end to end", async () => {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            { host: 'github.com', apiBaseUrl: server.apiBaseUrl, token: TOKEN },
          ],
        },
      }),
    );
    const action = createPublishGithubAction({
      integrations,
      config: new ConfigReader({}),
    });
    const workspacePath = join(workDir, 'workspace');
    const catalogInfo = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: new-service',
      'spec:',
      '  type: service',
      '  lifecycle: experimental',
      '  owner: group:default/launch-team',
      '',
    ].join('\n');
    await mkdir(join(workspacePath, 'docs'), { recursive: true });
    await writeFile(join(workspacePath, 'catalog-info.yaml'), catalogInfo);
    await writeFile(join(workspacePath, 'docs', 'index.md'), '# New service\n');

    const ctx = createMockActionContext({
      workspacePath,
      input: {
        repoUrl: 'github.com?owner=acme&repo=new-service',
        description: 'A new service',
        protectDefaultBranch: true,
        requiredApprovingReviewCount: 2,
        topics: ['Payments', 'backend'],
        access: 'acme/launch-team',
      },
    });
    await action.handler(ctx as any);

    const head = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'new-service',
      ref: 'heads/main',
    });
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    );
    expect(outputs).toEqual({
      remoteUrl: `${server.apiBaseUrl}/acme/new-service.git`,
      repoContentsUrl: 'https://github.com/acme/new-service/blob/main',
      commitHash: head.data.object.sha,
    });

    const file = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'new-service',
      path: 'catalog-info.yaml',
      mediaType: { format: 'raw' },
    });
    expect(file.data).toBe(catalogInfo);
    const { data: commits } = await octokit.rest.repos.listCommits({
      owner: 'acme',
      repo: 'new-service',
    });
    expect(commits.map(c => [c.sha, c.commit.message])).toEqual([
      [head.data.object.sha, 'initial commit'],
    ]);

    const repo = server.repo('new-service')!;
    expect(repo).toMatchObject({
      description: 'A new service',
      visibility: 'private',
      topics: ['payments', 'backend'],
      teams: [{ slug: 'launch-team', permission: 'admin' }],
      files: {
        'catalog-info.yaml': catalogInfo,
        'docs/index.md': '# New service\n',
      },
      branchProtection: {
        main: {
          enforce_admins: true,
          required_pull_request_reviews: {
            required_approving_review_count: 2,
          },
        },
      },
    });
    // The calls the action made, in its order.
    expect(
      server.requests
        .filter(r => r.method !== 'GET' || r.path.startsWith('/users'))
        .map(r => `${r.method} ${r.status} ${r.path}`),
    ).toEqual([
      'GET 200 /users/acme',
      'POST 201 /orgs/acme/repos',
      'PUT 204 /orgs/acme/teams/launch-team/repos/acme/new-service',
      'PUT 200 /repos/acme/new-service/topics',
      'POST 200 /acme/new-service.git/git-receive-pack',
      'PUT 200 /repos/acme/new-service/branches/main/protection',
    ]);
  });
});
