import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Octokit } from '@octokit/rest';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import fs from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lumenRetailGithubOrg } from './lumenRetailGithubOrg';
import { startFakeGithub } from './startFakeGithub';
import { FakeGithubOrg, FakeGithubServer } from './types';

/**
 * Pull requests on the fake without git: the git data API (blobs, trees,
 * commits, refs), the GraphQL branch lookup and `POST /pulls` — first with
 * Octokit, then with Backstage's own `publish:github:pull-request`
 * (octokit-plugin-create-pull-request underneath), on a fixture repository
 * and on one created and pushed to at run time.
 */

const TOKEN = 'ghs_pull_request_token';

const acme: FakeGithubOrg = {
  login: 'acme',
  name: 'Acme',
  repos: [
    {
      name: 'rockets',
      files: {
        'README.md': '# Rockets\n',
        'docs/index.md': '# Docs\n\nLaunch procedures.\n',
      },
    },
  ],
  members: [{ login: 'ada', name: 'Ada Lovelace', email: 'ada@acme.example' }],
};

const RUNBOOK = [
  '---',
  'alerts: [CartCheckoutLatency]',
  'owner: group:default/checkout-squad',
  '---',
  '# CartCheckoutLatency',
  '',
  '## Meaning',
  '',
  'Checkout is slow.',
  '',
].join('\n');

function integrationsFor(server: FakeGithubServer) {
  return ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          { host: 'github.com', apiBaseUrl: server.apiBaseUrl, token: TOKEN },
        ],
      },
    }),
  );
}

/** A workspace holding `files`, as fetch:template would leave it. */
async function workspaceWith(
  root: string,
  files: Record<string, string>,
): Promise<string> {
  const workspacePath = await mkdtemp(join(root, 'workspace-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(workspacePath, path)), { recursive: true });
    await writeFile(join(workspacePath, path), content);
  }
  return workspacePath;
}

const outputsOf = (ctx: { output: unknown }) =>
  Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
  );

describe('pull requests on the fake GitHub', () => {
  let server: FakeGithubServer;
  let octokit: Octokit;
  let workDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'fake-github-pulls-test-'));
  });

  afterEach(async () => {
    await server?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('through the git data API', () => {
    beforeEach(async () => {
      server = await startFakeGithub(acme, { token: TOKEN });
      octokit = new Octokit({ baseUrl: server.apiBaseUrl, auth: TOKEN });
    });

    /** blob → tree on the default branch's tree → commit on its head; resolves to the commit. */
    async function commitOnMain(files: Record<string, string | null>) {
      const repo = { owner: 'acme', repo: 'rockets' };
      const { data: repository } = await octokit.rest.repos.get(repo);
      const {
        data: [head],
      } = await octokit.rest.repos.listCommits({
        ...repo,
        sha: repository.default_branch,
        per_page: 1,
      });
      const tree = await octokit.rest.git.createTree({
        ...repo,
        base_tree: head.commit.tree.sha,
        tree: await Promise.all(
          Object.entries(files).map(async ([path, content]) => {
            if (content === null) {
              return { path, mode: '100644' as const, sha: null };
            }
            const blob = await octokit.rest.git.createBlob({
              ...repo,
              content: Buffer.from(content).toString('base64'),
              encoding: 'base64',
            });
            return { path, mode: '100644' as const, sha: blob.data.sha };
          }),
        ),
      });
      const commit = await octokit.rest.git.createCommit({
        ...repo,
        message: 'docs: add the launch runbook',
        tree: tree.data.sha,
        parents: [head.sha],
        author: { name: 'Ada Lovelace', email: 'ada@acme.example' },
      });
      return { head, tree, commit };
    }

    it('opens a pull request from a branch made of a blob, a tree, a commit and a ref', async () => {
      const repo = { owner: 'acme', repo: 'rockets' };
      const { head, tree, commit } = await commitOnMain({
        'docs/runbooks/launch.md': '# Launch\n\n## Overview\n\nGo.\n',
        'README.md': null,
      });
      expect(tree.status).toBe(201);
      expect(tree.data.tree.map(e => e.path)).toEqual(['docs']);
      expect(commit.status).toBe(201);
      expect(commit.data).toMatchObject({
        message: 'docs: add the launch runbook',
        tree: { sha: tree.data.sha },
        parents: [{ sha: head.sha }],
        author: { name: 'Ada Lovelace', email: 'ada@acme.example' },
        committer: { name: 'Ada Lovelace', email: 'ada@acme.example' },
        verification: { verified: false, reason: 'unsigned' },
      });
      const fetched = await octokit.rest.git.getCommit({
        ...repo,
        commit_sha: commit.data.sha,
      });
      expect(fetched.data.sha).toBe(commit.data.sha);

      const ref = await octokit.rest.git.createRef({
        ...repo,
        ref: 'refs/heads/runbook/launch',
        sha: commit.data.sha,
      });
      expect(ref.status).toBe(201);
      expect(ref.data).toMatchObject({
        ref: 'refs/heads/runbook/launch',
        object: { type: 'commit', sha: commit.data.sha },
      });
      await expect(
        octokit.rest.git.createRef({
          ...repo,
          ref: 'refs/heads/runbook/launch',
          sha: commit.data.sha,
        }),
      ).rejects.toMatchObject({
        status: 422,
        message: expect.stringContaining('Reference already exists'),
      });
      const refs = await octokit.rest.git.listMatchingRefs({
        ...repo,
        ref: 'heads/',
      });
      expect(refs.data.map(r => r.ref)).toEqual([
        'refs/heads/main',
        'refs/heads/runbook/launch',
      ]);

      // The branch serves its files; the default branch is untouched.
      const onBranch = await octokit.rest.repos.getContent({
        ...repo,
        path: 'docs/runbooks/launch.md',
        ref: 'runbook/launch',
        mediaType: { format: 'raw' },
      });
      expect(onBranch.data).toBe('# Launch\n\n## Overview\n\nGo.\n');
      await expect(
        octokit.rest.repos.getContent({
          ...repo,
          path: 'docs/runbooks/launch.md',
        }),
      ).rejects.toMatchObject({ status: 404 });
      await expect(
        octokit.rest.repos.getContent({
          ...repo,
          path: 'README.md',
          ref: 'runbook/launch',
        }),
      ).rejects.toMatchObject({ status: 404 });
      const raw = await fetch(
        `${server.apiBaseUrl}/raw/acme/rockets/runbook/launch/docs/runbooks/launch.md`,
        { headers: { authorization: `token ${TOKEN}` } },
      );
      expect(await raw.text()).toBe('# Launch\n\n## Overview\n\nGo.\n');
      expect(server.branchFiles('rockets', 'runbook/launch')).toEqual({
        'docs/index.md': '# Docs\n\nLaunch procedures.\n',
        'docs/runbooks/launch.md': '# Launch\n\n## Overview\n\nGo.\n',
      });
      expect(server.branchFiles('rockets', 'main')).toEqual(
        acme.repos[0].files,
      );
      expect(server.branchFiles('rockets', 'nope')).toBeUndefined();

      const pull = await octokit.rest.pulls.create({
        ...repo,
        title: 'Add the launch runbook',
        head: 'acme:runbook/launch',
        base: 'main',
        body: 'Fill in the **Escalation** section.',
      });
      expect(pull.status).toBe(201);
      expect(pull.headers.location).toBe(
        `${server.apiBaseUrl}/repos/acme/rockets/pulls/1`,
      );
      expect(pull.data).toMatchObject({
        number: 1,
        state: 'open',
        draft: false,
        title: 'Add the launch runbook',
        body: 'Fill in the **Escalation** section.',
        html_url: 'https://github.com/acme/rockets/pull/1',
        head: {
          ref: 'runbook/launch',
          label: 'acme:runbook/launch',
          sha: commit.data.sha,
        },
        base: { ref: 'main', sha: head.sha },
        commits: 1,
        changed_files: 2,
        additions: 5,
        deletions: 1,
      });

      const files = await octokit.rest.pulls.listFiles({
        ...repo,
        pull_number: 1,
      });
      expect(
        files.data.map(f => [f.filename, f.status, f.additions, f.deletions]),
      ).toEqual([
        ['README.md', 'removed', 0, 1],
        ['docs/runbooks/launch.md', 'added', 5, 0],
      ]);
      const commits = await octokit.rest.pulls.listCommits({
        ...repo,
        pull_number: 1,
      });
      expect(commits.data).toEqual([
        expect.objectContaining({
          sha: commit.data.sha,
          commit: expect.objectContaining({
            message: 'docs: add the launch runbook',
            author: expect.objectContaining({ name: 'Ada Lovelace' }),
            tree: expect.objectContaining({ sha: tree.data.sha }),
          }),
          author: expect.objectContaining({ login: 'ada' }),
        }),
      ]);
      const listed = await octokit.rest.pulls.list({
        ...repo,
        head: 'acme:runbook/launch',
      });
      expect(listed.data.map(p => p.number)).toEqual([1]);
      const issue = await octokit.rest.issues.get({ ...repo, issue_number: 1 });
      expect(issue.data.pull_request).toBeDefined();

      expect(server.pullRequests('rockets')).toEqual([
        {
          number: 1,
          htmlUrl: 'https://github.com/acme/rockets/pull/1',
          title: 'Add the launch runbook',
          body: 'Fill in the **Escalation** section.',
          head: 'runbook/launch',
          base: 'main',
          headSha: commit.data.sha,
          draft: false,
          state: 'open',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          files: [
            expect.objectContaining({ path: 'README.md', status: 'removed' }),
            expect.objectContaining({
              path: 'docs/runbooks/launch.md',
              status: 'added',
            }),
          ],
        },
      ]);
    });

    it('refuses what GitHub refuses', async () => {
      const repo = { owner: 'acme', repo: 'rockets' };
      const { head, commit } = await commitOnMain({ 'a.md': 'a\n' });

      await expect(
        octokit.rest.git.createTree({
          ...repo,
          base_tree: 'f'.repeat(40),
          tree: [{ path: 'x', mode: '100644', content: 'x' }],
        }),
      ).rejects.toMatchObject({
        status: 422,
        message: expect.stringContaining('base_tree is not a valid tree oid'),
      });
      await expect(
        octokit.rest.git.createTree({
          ...repo,
          base_tree: head.commit.tree.sha,
          tree: [{ path: 'not-there.md', mode: '100644', sha: null }],
        }),
      ).rejects.toMatchObject({
        status: 422,
        message: expect.stringContaining('GitRPC::BadObjectState'),
      });
      await expect(
        octokit.rest.git.createCommit({
          ...repo,
          message: 'x',
          tree: head.commit.tree.sha,
          parents: ['0'.repeat(40)],
        }),
      ).rejects.toMatchObject({ status: 422 });

      await octokit.rest.git.createRef({
        ...repo,
        ref: 'refs/heads/feature',
        sha: commit.data.sha,
      });
      // Not a fast forward (main's head is behind the branch's) unless forced.
      await expect(
        octokit.rest.git.updateRef({
          ...repo,
          ref: 'heads/feature',
          sha: head.sha,
        }),
      ).rejects.toMatchObject({
        status: 422,
        message: expect.stringContaining('Update is not a fast forward'),
      });
      await expect(
        octokit.rest.git.updateRef({
          ...repo,
          ref: 'heads/main',
          sha: head.sha,
        }),
      ).rejects.toMatchObject({ status: 422 });

      await expect(
        octokit.rest.pulls.create({
          ...repo,
          title: 'x',
          head: 'feature',
          base: 'no-such-branch',
        }),
      ).rejects.toMatchObject({
        status: 422,
        response: {
          data: {
            message: 'Validation Failed',
            errors: [
              { resource: 'PullRequest', field: 'base', code: 'invalid' },
            ],
          },
        },
      });
      await octokit.rest.pulls.create({
        ...repo,
        title: 'x',
        head: 'feature',
        base: 'main',
      });
      await expect(
        octokit.rest.pulls.create({
          ...repo,
          title: 'again',
          head: 'acme:feature',
          base: 'main',
        }),
      ).rejects.toMatchObject({
        status: 422,
        message: expect.stringContaining(
          'A pull request already exists for acme:feature.',
        ),
      });

      // A branch with nothing new: no commits between it and main.
      await octokit.rest.git.createRef({
        ...repo,
        ref: 'refs/heads/empty',
        sha: head.sha,
      });
      await expect(
        octokit.rest.pulls.create({
          ...repo,
          title: 'x',
          head: 'empty',
          base: 'main',
        }),
      ).rejects.toMatchObject({
        status: 422,
        message: expect.stringContaining('No commits between main and empty'),
      });
    });

    it('answers the GraphQL lookup of a branch and its open pull requests', async () => {
      const query = `
        query ($owner: String!, $repo: String!, $head: String!) {
          repository(name: $repo, owner: $owner) {
            ref(qualifiedName: $head) {
              associatedPullRequests(first: 1, states: OPEN) {
                edges { node { id number url } }
              }
            }
          }
        }`;
      const lookup = (head: string) =>
        octokit.graphql<{
          repository: {
            ref: null | {
              associatedPullRequests: {
                edges: { node: { id: string; number: number; url: string } }[];
              };
            };
          };
        }>(query, { owner: 'acme', repo: 'rockets', head });

      expect((await lookup('feature')).repository.ref).toBeNull();
      expect((await lookup('main')).repository.ref).toEqual({
        associatedPullRequests: { edges: [] },
      });

      const { commit } = await commitOnMain({ 'a.md': 'a\n' });
      await octokit.rest.git.createRef({
        owner: 'acme',
        repo: 'rockets',
        ref: 'refs/heads/feature',
        sha: commit.data.sha,
      });
      expect((await lookup('refs/heads/feature')).repository.ref).toEqual({
        associatedPullRequests: { edges: [] },
      });
      const pull = await octokit.rest.pulls.create({
        owner: 'acme',
        repo: 'rockets',
        title: 'x',
        head: 'feature',
        base: 'main',
      });
      expect((await lookup('feature')).repository.ref).toEqual({
        associatedPullRequests: {
          edges: [
            {
              node: {
                id: pull.data.node_id,
                number: pull.data.number,
                url: pull.data.html_url,
              },
            },
          ],
        },
      });

      await octokit.rest.pulls.update({
        owner: 'acme',
        repo: 'rockets',
        pull_number: pull.data.number,
        state: 'closed',
      });
      expect((await lookup('feature')).repository.ref).toEqual({
        associatedPullRequests: { edges: [] },
      });
      expect(server.pullRequests('rockets')[0].state).toBe('closed');
    });
  });

  describe("with Backstage's publish:github:pull-request", () => {
    const action = () =>
      createPublishGithubPullRequestAction({
        integrations: integrationsFor(server),
        config: new ConfigReader({
          scaffolder: {
            defaultAuthor: {
              name: 'Paved',
              email: 'paved@lumen-retail.example',
            },
          },
        }),
      });

    async function run(workspacePath: string, input: Record<string, unknown>) {
      const ctx = createMockActionContext({
        workspacePath,
        input: {
          repoUrl: 'github.com?owner=lumen-retail&repo=cart-service',
          branchName: 'runbook/CartCheckoutLatency',
          title: 'Add a runbook for CartCheckoutLatency',
          description: 'Opened by Paved. Fill in the Diagnosis section.',
          ...input,
        },
      });
      await action().handler(ctx as any);
      return ctx;
    }

    beforeEach(async () => {
      server = await startFakeGithub(lumenRetailGithubOrg(), { token: TOKEN });
      octokit = new Octokit({ baseUrl: server.apiBaseUrl, auth: TOKEN });
    });

    it('opens a pull request on a fixture repository that adds only the new file', async () => {
      const repo = { owner: 'lumen-retail', repo: 'cart-service' };
      const before = await octokit.paginate(octokit.rest.pulls.list, {
        ...repo,
        state: 'all',
        per_page: 100,
      });
      expect(before.length).toBeGreaterThan(0); // the delivery history's
      const highest = Math.max(...before.map(p => p.number));
      const mainBefore = server.branchFiles('cart-service', 'main')!;
      expect(mainBefore).not.toHaveProperty(
        'docs/runbooks/CartCheckoutLatency.md',
      );

      const workspacePath = await workspaceWith(workDir, {
        'pull-request/docs/runbooks/CartCheckoutLatency.md': RUNBOOK,
      });
      const seen = server.requests.length;
      const ctx = await run(workspacePath, { sourcePath: 'pull-request' });

      // What the action asked, in its order.
      expect(
        server.requests
          .slice(seen)
          .map(r => `${r.method} ${r.status} ${r.path}`),
      ).toEqual([
        'GET 200 /repos/lumen-retail/cart-service',
        'GET 200 /repos/lumen-retail/cart-service/commits',
        'POST 201 /repos/lumen-retail/cart-service/git/blobs',
        'POST 201 /repos/lumen-retail/cart-service/git/trees',
        'POST 201 /repos/lumen-retail/cart-service/git/commits',
        'POST 200 /graphql',
        'POST 201 /repos/lumen-retail/cart-service/git/refs',
        'POST 201 /repos/lumen-retail/cart-service/pulls',
      ]);

      const [opened] = server.pullRequests('cart-service');
      expect(outputsOf(ctx)).toEqual({
        targetBranchName: 'main',
        remoteUrl: `https://github.com/lumen-retail/cart-service/pull/${opened.number}`,
        pullRequestNumber: opened.number,
      });
      expect(opened).toMatchObject({
        number: highest + 1,
        title: 'Add a runbook for CartCheckoutLatency',
        body: 'Opened by Paved. Fill in the Diagnosis section.',
        head: 'runbook/CartCheckoutLatency',
        base: 'main',
        state: 'open',
        files: [
          {
            path: 'docs/runbooks/CartCheckoutLatency.md',
            status: 'added',
            additions: RUNBOOK.split('\n').length - 1,
            deletions: 0,
          },
        ],
      });
      expect(server.pullRequests('cart-service')).toHaveLength(1);

      // The branch has the file and everything main has; main is unchanged.
      expect(
        server.branchFiles('cart-service', 'runbook/CartCheckoutLatency'),
      ).toEqual({
        ...mainBefore,
        'docs/runbooks/CartCheckoutLatency.md': RUNBOOK,
      });
      expect(server.branchFiles('cart-service', 'main')).toEqual(mainBefore);

      // Listed with the delivery history's pull requests, which are intact.
      const after = await octokit.paginate(octokit.rest.pulls.list, {
        ...repo,
        state: 'all',
        per_page: 100,
      });
      expect(after).toHaveLength(before.length + 1);
      expect(after.filter(p => p.number !== opened.number)).toEqual(before);
      const { data: detail } = await octokit.rest.pulls.get({
        ...repo,
        pull_number: opened.number,
      });
      expect(detail).toMatchObject({
        user: { login: 'github-actions[bot]' },
        head: { ref: 'runbook/CartCheckoutLatency', sha: opened.headSha },
        changed_files: 1,
        commits: 1,
      });
      const { data: commits } = await octokit.rest.pulls.listCommits({
        ...repo,
        pull_number: opened.number,
      });
      expect(commits[0].commit).toMatchObject({
        message: 'Add a runbook for CartCheckoutLatency',
        author: { name: 'Paved', email: 'paved@lumen-retail.example' },
      });
    });

    it('refuses a second run for the same branch, as upstream does, and updates it with `update`', async () => {
      const first = await workspaceWith(workDir, {
        'docs/runbooks/CartCheckoutLatency.md': RUNBOOK,
      });
      await run(first, {});
      const [opened] = server.pullRequests('cart-service');

      const second = await workspaceWith(workDir, {
        'docs/runbooks/CartCheckoutLatency.md': `${RUNBOOK}\nMore.\n`,
      });
      await expect(run(second, {})).rejects.toMatchObject({
        message: expect.stringContaining('Pull request creation failed'),
        cause: expect.objectContaining({
          message: expect.stringContaining(
            `Pull request already exists: ${opened.htmlUrl}. Set update=true`,
          ),
        }),
      });
      expect(
        server.branchFiles('cart-service', 'runbook/CartCheckoutLatency')?.[
          'docs/runbooks/CartCheckoutLatency.md'
        ],
      ).toBe(RUNBOOK);

      const ctx = await run(second, {
        update: true,
        title: 'Add a runbook for CartCheckoutLatency (v2)',
      });
      expect(outputsOf(ctx).pullRequestNumber).toBe(opened.number);
      const pulls = server.pullRequests('cart-service');
      expect(pulls).toHaveLength(1);
      expect(pulls[0]).toMatchObject({
        number: opened.number,
        title: 'Add a runbook for CartCheckoutLatency (v2)',
        files: [
          {
            path: 'docs/runbooks/CartCheckoutLatency.md',
            status: 'added',
          },
        ],
      });
      expect(pulls[0].headSha).not.toBe(opened.headSha);
      expect(
        server.branchFiles('cart-service', 'runbook/CartCheckoutLatency')?.[
          'docs/runbooks/CartCheckoutLatency.md'
        ],
      ).toBe(`${RUNBOOK}\nMore.\n`);
      expect(
        server.requests
          .filter(r => r.method === 'PATCH')
          .map(r => `${r.method} ${r.status} ${r.path}`),
      ).toEqual([
        // octokit encodes the ref's slashes, as it does for GitHub
        'PATCH 200 /repos/lumen-retail/cart-service/git/refs/heads%2Frunbook%2FCartCheckoutLatency',
        `PATCH 200 /repos/lumen-retail/cart-service/pulls/${opened.number}`,
      ]);
    });

    it('opens a pull request on a repository created and pushed to at run time', async () => {
      await octokit.rest.repos.createInOrg({
        org: 'lumen-retail',
        name: 'gift-card-service',
        private: true,
      });
      const local = join(workDir, 'local');
      await mkdir(join(local, 'src'), { recursive: true });
      await git.init({ fs, dir: local, defaultBranch: 'main' });
      await writeFile(join(local, 'README.md'), '# Gift cards\n');
      await writeFile(join(local, 'src', 'main.ts'), 'export {};\n');
      await git.add({ fs, dir: local, filepath: '.' });
      const pushed = await git.commit({
        fs,
        dir: local,
        message: 'initial commit',
        author: { name: 'Ada', email: 'ada@lumen-retail.example' },
      });
      await git.push({
        fs,
        http,
        dir: local,
        url: `${server.apiBaseUrl}/lumen-retail/gift-card-service.git`,
        ref: 'main',
        onAuth: () => ({ username: 'x-access-token', password: TOKEN }),
      });

      const workspacePath = await workspaceWith(workDir, {
        'gift-card-service.md': RUNBOOK,
      });
      const ctx = await run(workspacePath, {
        repoUrl: 'github.com?owner=lumen-retail&repo=gift-card-service',
        branchName: 'runbook/gift-card-service',
        title: 'Add a runbook for gift-card-service',
        targetPath: 'docs/runbooks',
      });

      const [opened] = server.pullRequests('gift-card-service');
      expect(outputsOf(ctx).remoteUrl).toBe(
        'https://github.com/lumen-retail/gift-card-service/pull/1',
      );
      expect(opened).toMatchObject({
        number: 1,
        base: 'main',
        head: 'runbook/gift-card-service',
        files: [
          { path: 'docs/runbooks/gift-card-service.md', status: 'added' },
        ],
      });
      const { data: commits } = await octokit.rest.pulls.listCommits({
        owner: 'lumen-retail',
        repo: 'gift-card-service',
        pull_number: 1,
      });
      expect(commits.map(c => c.parents[0].sha)).toEqual([pushed]);
      expect(
        server.branchFiles('gift-card-service', 'runbook/gift-card-service'),
      ).toEqual({
        'README.md': '# Gift cards\n',
        'src/main.ts': 'export {};\n',
        'docs/runbooks/gift-card-service.md': RUNBOOK,
      });
      // The default branch is what was pushed, still.
      const ref = await octokit.rest.git.getRef({
        owner: 'lumen-retail',
        repo: 'gift-card-service',
        ref: 'heads/main',
      });
      expect(ref.data.object.sha).toBe(pushed);
      expect(server.branchFiles('gift-card-service', 'main')).toEqual({
        'README.md': '# Gift cards\n',
        'src/main.ts': 'export {};\n',
      });
    });
  });
});
