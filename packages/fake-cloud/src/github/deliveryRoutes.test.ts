import { Octokit } from '@octokit/rest';
import { startFakeGithub } from './startFakeGithub';
import { FakeGithubOrg, FakeGithubServer } from './types';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
const SHA_C = 'c'.repeat(40);

const org: FakeGithubOrg = {
  login: 'acme',
  members: [
    { login: 'ada', name: 'Ada Lovelace', email: 'ada@acme.example' },
    { login: 'grace', name: 'Grace Hopper' },
  ],
  repos: [
    {
      name: 'rockets',
      files: { '.github/workflows/ci.yml': 'name: CI\n' },
      delivery: {
        deployments: [
          {
            id: 101,
            sha: SHA_A,
            environment: 'staging',
            createdAt: '2026-11-01T10:00:00Z',
            statuses: [
              { state: 'in_progress', createdAt: '2026-11-01T10:00:30Z' },
              { state: 'success', createdAt: '2026-11-01T10:05:00Z' },
              { state: 'inactive', createdAt: '2026-11-02T10:05:00Z' },
            ],
          },
          {
            id: 102,
            sha: SHA_A,
            environment: 'production',
            createdAt: '2026-11-01T10:30:00Z',
            productionEnvironment: true,
            statuses: [
              { state: 'in_progress', createdAt: '2026-11-01T10:30:30Z' },
              {
                state: 'success',
                createdAt: '2026-11-01T10:40:00Z',
                description: 'Deployed',
              },
              { state: 'inactive', createdAt: '2026-11-02T11:00:00Z' },
            ],
          },
          {
            id: 103,
            sha: SHA_B,
            environment: 'staging',
            createdAt: '2026-11-02T10:00:00Z',
            statuses: [
              { state: 'in_progress', createdAt: '2026-11-02T10:00:30Z' },
              { state: 'success', createdAt: '2026-11-02T10:05:00Z' },
            ],
          },
          {
            id: 104,
            sha: SHA_B,
            environment: 'production',
            createdAt: '2026-11-02T10:45:00Z',
            productionEnvironment: true,
            creator: 'ada',
            statuses: [
              { state: 'in_progress', createdAt: '2026-11-02T10:45:30Z' },
              { state: 'success', createdAt: '2026-11-02T11:00:00Z' },
            ],
          },
          {
            id: 105,
            sha: SHA_C,
            environment: 'production',
            task: 'deploy:migrations',
            createdAt: '2026-11-03T09:00:00Z',
            statuses: [
              { state: 'in_progress', createdAt: '2026-11-03T09:00:30Z' },
              { state: 'failure', createdAt: '2026-11-03T09:05:00Z' },
            ],
          },
        ],
        pullRequests: [
          {
            number: 1,
            title: 'Add boosters',
            body: 'Adds boosters.',
            user: 'ada',
            createdAt: '2026-10-30T09:00:00Z',
            mergedAt: '2026-11-01T09:30:00Z',
            updatedAt: '2026-11-02T08:30:00Z',
            mergeCommitSha: SHA_A,
            headRef: 'feat/boosters',
            labels: ['enhancement'],
            commits: [
              {
                sha: '1'.repeat(40),
                message: 'Add boosters',
                author: 'ada',
                authoredAt: '2026-10-29T15:00:00Z',
                committedAt: '2026-10-30T08:55:00Z',
              },
              {
                sha: '2'.repeat(40),
                message: 'Address review comments',
                author: 'ada',
                authoredAt: '2026-10-31T11:00:00Z',
              },
            ],
            reviews: [
              {
                id: 7002,
                user: 'grace',
                state: 'APPROVED',
                submittedAt: '2026-11-01T09:00:00Z',
              },
              {
                id: 7001,
                user: 'grace',
                state: 'CHANGES_REQUESTED',
                submittedAt: '2026-10-30T14:00:00Z',
                body: 'Needs a test.',
              },
            ],
          },
          {
            number: 3,
            title: 'Revert "Add boosters"',
            body: 'Reverts acme/rockets#1',
            user: 'grace',
            createdAt: '2026-11-02T08:30:00Z',
            mergedAt: '2026-11-02T09:00:00Z',
            mergeCommitSha: SHA_B,
            headRef: 'revert-1-feat/boosters',
            labels: ['revert', 'incident'],
            commits: [
              {
                sha: '3'.repeat(40),
                message: 'Revert "Add boosters"',
                author: 'grace',
                authoredAt: '2026-11-02T08:28:00Z',
              },
            ],
          },
          {
            number: 4,
            title: 'Paint it red',
            user: 'grace',
            createdAt: '2026-11-03T10:00:00Z',
            commits: [
              {
                sha: '4'.repeat(40),
                message: 'Paint it red',
                author: 'grace',
                authoredAt: '2026-11-03T09:00:00Z',
              },
            ],
          },
          {
            number: 5,
            title: 'Try a bigger nozzle',
            user: 'ada',
            createdAt: '2026-10-31T10:00:00Z',
            closedAt: '2026-11-04T10:00:00Z',
            commits: [
              {
                sha: '5'.repeat(40),
                message: 'Bigger nozzle',
                author: 'ada',
                authoredAt: '2026-10-31T09:00:00Z',
              },
            ],
          },
        ],
        issues: [
          {
            number: 2,
            title: 'Launches failing',
            user: 'grace',
            labels: ['incident', 'sev2'],
            createdAt: '2026-11-01T15:00:00Z',
            closedAt: '2026-11-02T09:20:00Z',
          },
          {
            number: 6,
            title: 'Countdown is off by one',
            user: 'ada',
            labels: ['bug'],
            createdAt: '2026-11-04T12:00:00Z',
          },
        ],
        workflowRuns: [
          {
            id: 9001,
            name: 'Deploy',
            path: '.github/workflows/deploy.yml',
            headSha: SHA_A,
            status: 'completed',
            conclusion: 'success',
            createdAt: '2026-11-01T09:31:00Z',
            updatedAt: '2026-11-01T09:40:00Z',
            runNumber: 11,
          },
          {
            id: 9002,
            name: 'CI',
            path: '.github/workflows/ci.yml',
            headSha: '4'.repeat(40),
            headBranch: 'feature/4',
            event: 'pull_request',
            status: 'completed',
            conclusion: 'failure',
            createdAt: '2026-11-03T10:01:00Z',
            updatedAt: '2026-11-03T10:06:00Z',
          },
          {
            id: 9003,
            name: 'Deploy',
            path: '.github/workflows/deploy.yml',
            headSha: SHA_B,
            status: 'completed',
            conclusion: 'failure',
            createdAt: '2026-11-02T09:01:00Z',
            updatedAt: '2026-11-02T09:09:00Z',
            runNumber: 12,
          },
          {
            id: 9004,
            name: 'Deploy',
            path: '.github/workflows/deploy.yml',
            headSha: SHA_B,
            event: 'workflow_dispatch',
            actor: 'ada',
            status: 'in_progress',
            createdAt: '2026-11-03T12:00:00Z',
            runStartedAt: '2026-11-03T12:00:10Z',
            updatedAt: '2026-11-03T12:00:10Z',
            runNumber: 13,
          },
        ],
        releases: [
          {
            id: 501,
            tagName: 'v1.0.0',
            createdAt: '2026-10-15T12:00:00Z',
          },
          {
            id: 503,
            tagName: 'v1.2.0-rc.1',
            prerelease: true,
            createdAt: '2026-11-03T12:00:00Z',
            publishedAt: '2026-11-03T12:02:00Z',
          },
          {
            id: 502,
            tagName: 'v1.1.0',
            targetCommitish: SHA_B,
            body: '* Revert boosters',
            createdAt: '2026-11-02T12:00:00Z',
            publishedAt: '2026-11-02T12:03:00Z',
            author: 'ada',
          },
        ],
      },
    },
  ],
};

const repo = { owner: 'acme', repo: 'rockets' };

describe('the delivery routes of startFakeGithub', () => {
  let server: FakeGithubServer;
  let octokit: Octokit;

  beforeEach(async () => {
    server = await startFakeGithub(org);
    octokit = new Octokit({ baseUrl: server.apiBaseUrl });
  });

  afterEach(async () => {
    await server.close();
  });

  describe('deployments', () => {
    it('lists deployments newest first, filtered by environment, sha, task and ref', async () => {
      const all = await octokit.rest.repos.listDeployments(repo);
      expect(all.data.map(d => d.id)).toEqual([105, 104, 103, 102, 101]);
      expect(all.data[1]).toMatchObject({
        id: 104,
        sha: SHA_B,
        ref: 'main',
        task: 'deploy',
        environment: 'production',
        production_environment: true,
        creator: { login: 'ada', type: 'User', name: 'Ada Lovelace' },
        created_at: '2026-11-02T10:45:00Z',
        statuses_url: `${server.apiBaseUrl}/repos/acme/rockets/deployments/104/statuses`,
      });
      expect(all.data[2].creator).toMatchObject({
        login: 'github-actions[bot]',
        type: 'Bot',
      });

      const production = await octokit.rest.repos.listDeployments({
        ...repo,
        environment: 'production',
      });
      expect(production.data.map(d => d.id)).toEqual([105, 104, 102]);

      const bySha = await octokit.rest.repos.listDeployments({
        ...repo,
        sha: SHA_A,
      });
      expect(bySha.data.map(d => d.id)).toEqual([102, 101]);

      const migrations = await octokit.rest.repos.listDeployments({
        ...repo,
        task: 'deploy:migrations',
      });
      expect(migrations.data.map(d => d.id)).toEqual([105]);

      const otherRef = await octokit.rest.repos.listDeployments({
        ...repo,
        ref: 'release',
      });
      expect(otherRef.data).toEqual([]);
    });

    it('paginates deployments with Link headers', async () => {
      const first = await octokit.rest.repos.listDeployments({
        ...repo,
        per_page: 2,
      });
      expect(first.data.map(d => d.id)).toEqual([105, 104]);
      expect(first.headers.link).toContain('page=2>; rel="next"');
      expect(first.headers.link).toContain('page=3>; rel="last"');

      const all = await octokit.paginate(octokit.rest.repos.listDeployments, {
        ...repo,
        per_page: 2,
      });
      expect(all.map(d => d.id)).toEqual([105, 104, 103, 102, 101]);
    });

    it("gets one deployment, whose updated_at is its latest status's time", async () => {
      const superseded = await octokit.rest.repos.getDeployment({
        ...repo,
        deployment_id: 102,
      });
      expect(superseded.data).toMatchObject({
        id: 102,
        created_at: '2026-11-01T10:30:00Z',
        // A later deploy made it inactive: updated_at moved on, long after it shipped.
        updated_at: '2026-11-02T11:00:00Z',
      });

      const current = await octokit.rest.repos.getDeployment({
        ...repo,
        deployment_id: 104,
      });
      expect(current.data.updated_at).toBe('2026-11-02T11:00:00Z');
    });

    it('lists statuses newest first', async () => {
      const { data } = await octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: 102,
      });
      expect(data.map(s => [s.state, s.created_at])).toEqual([
        ['inactive', '2026-11-02T11:00:00Z'],
        ['success', '2026-11-01T10:40:00Z'],
        ['in_progress', '2026-11-01T10:30:30Z'],
      ]);
      expect(data[1]).toMatchObject({
        environment: 'production',
        description: 'Deployed',
        creator: { login: 'github-actions[bot]' },
        deployment_url: `${server.apiBaseUrl}/repos/acme/rockets/deployments/102`,
      });
      const earlier = await octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: 101,
      });
      const ids = [...data, ...earlier.data].map(s => s.id);
      expect(new Set(ids).size).toBe(6);

      const one = await octokit.rest.repos.getDeploymentStatus({
        ...repo,
        deployment_id: 102,
        status_id: Number(data[1].id),
      });
      expect(one.data.state).toBe('success');
    });

    it('answers 404 for an unknown deployment', async () => {
      const notFound = {
        status: 404,
        response: { data: { message: 'Not Found' } },
      };
      await expect(
        octokit.rest.repos.getDeployment({ ...repo, deployment_id: 999 }),
      ).rejects.toMatchObject(notFound);
      await expect(
        octokit.rest.repos.listDeploymentStatuses({
          ...repo,
          deployment_id: 999,
        }),
      ).rejects.toMatchObject(notFound);
      await expect(
        octokit.rest.repos.listDeployments({ owner: 'acme', repo: 'nope' }),
      ).rejects.toMatchObject(notFound);
    });
  });

  describe('pull requests', () => {
    it('lists open pull requests by default, newest first', async () => {
      const { data } = await octokit.rest.pulls.list(repo);
      expect(data.map(pr => pr.number)).toEqual([4]);
      expect(data[0]).toMatchObject({
        state: 'open',
        merged_at: null,
        merge_commit_sha: null,
        closed_at: null,
        user: { login: 'grace' },
        head: {
          ref: 'feature/4',
          sha: '4'.repeat(40),
          label: 'acme:feature/4',
        },
        base: { ref: 'main', sha: SHA_B, repo: { full_name: 'acme/rockets' } },
      });

      const all = await octokit.rest.pulls.list({ ...repo, state: 'all' });
      expect(all.data.map(pr => pr.number)).toEqual([4, 3, 5, 1]);
    });

    it('paginates closed pull requests sorted by update, newest first', async () => {
      const closed = await octokit.paginate(octokit.rest.pulls.list, {
        ...repo,
        state: 'closed',
        sort: 'updated',
        direction: 'desc',
        per_page: 1,
      });
      expect(closed.map(pr => [pr.number, pr.updated_at])).toEqual([
        [5, '2026-11-04T10:00:00Z'],
        [3, '2026-11-02T09:00:00Z'],
        [1, '2026-11-02T08:30:00Z'],
      ]);
      expect(server.requests.map(r => r.query.page ?? '1')).toEqual([
        '1',
        '2',
        '3',
      ]);
      expect(closed[2]).toMatchObject({
        merged_at: '2026-11-01T09:30:00Z',
        merge_commit_sha: SHA_A,
        closed_at: '2026-11-01T09:30:00Z',
        created_at: '2026-10-30T09:00:00Z',
        labels: [{ name: 'enhancement', default: true }],
      });
      expect(closed[0]).toMatchObject({ merged_at: null, state: 'closed' });
    });

    it('sorts by update ascending unless told otherwise, like GitHub', async () => {
      const { data } = await octokit.rest.pulls.list({
        ...repo,
        state: 'closed',
        sort: 'updated',
      });
      expect(data.map(pr => pr.number)).toEqual([1, 3, 5]);
    });

    it('filters by head and base', async () => {
      const head = await octokit.rest.pulls.list({
        ...repo,
        state: 'all',
        head: 'acme:feat/boosters',
      });
      expect(head.data.map(pr => pr.number)).toEqual([1]);
      const base = await octokit.rest.pulls.list({
        ...repo,
        state: 'all',
        base: 'release',
      });
      expect(base.data).toEqual([]);
    });

    it('gets a full pull request', async () => {
      const { data } = await octokit.rest.pulls.get({
        ...repo,
        pull_number: 1,
      });
      expect(data).toMatchObject({
        number: 1,
        state: 'closed',
        merged: true,
        merged_by: { login: 'ada' },
        commits: 2,
        merge_commit_sha: SHA_A,
        head: { sha: '2'.repeat(40), ref: 'feat/boosters' },
        html_url: 'https://github.com/acme/rockets/pull/1',
      });
      await expect(
        octokit.rest.pulls.get({ ...repo, pull_number: 99 }),
      ).rejects.toMatchObject({ status: 404 });
    });

    it("lists a pull request's commits in order, with author and committer dates", async () => {
      const { data } = await octokit.rest.pulls.listCommits({
        ...repo,
        pull_number: 1,
      });
      expect(
        data.map(c => [
          c.sha,
          c.commit.author?.date,
          c.commit.committer?.date,
          c.parents[0].sha,
        ]),
      ).toEqual([
        [
          '1'.repeat(40),
          '2026-10-29T15:00:00Z',
          '2026-10-30T08:55:00Z',
          expect.stringMatching(/^[0-9a-f]{40}$/),
        ],
        [
          '2'.repeat(40),
          '2026-10-31T11:00:00Z',
          '2026-10-31T11:00:00Z',
          '1'.repeat(40),
        ],
      ]);
      expect(data[0]).toMatchObject({
        author: { login: 'ada' },
        commit: {
          message: 'Add boosters',
          author: { name: 'Ada Lovelace', email: 'ada@acme.example' },
        },
      });
    });

    it("lists a pull request's reviews chronologically", async () => {
      const { data } = await octokit.rest.pulls.listReviews({
        ...repo,
        pull_number: 1,
      });
      expect(
        data.map(r => [r.id, r.state, r.submitted_at, r.user?.login]),
      ).toEqual([
        [7001, 'CHANGES_REQUESTED', '2026-10-30T14:00:00Z', 'grace'],
        [7002, 'APPROVED', '2026-11-01T09:00:00Z', 'grace'],
      ]);
      expect(data[0]).toMatchObject({
        body: 'Needs a test.',
        commit_id: '1'.repeat(40),
        author_association: 'MEMBER',
      });
      expect(data[1].commit_id).toBe('2'.repeat(40));
    });
  });

  describe('issues', () => {
    it('lists open issues, pull requests among them with a pull_request field', async () => {
      const { data } = await octokit.rest.issues.listForRepo(repo);
      expect(data.map(i => [i.number, Boolean(i.pull_request)])).toEqual([
        [6, false],
        [4, true],
      ]);
      expect(data[1].pull_request).toMatchObject({
        url: `${server.apiBaseUrl}/repos/acme/rockets/pulls/4`,
        html_url: 'https://github.com/acme/rockets/pull/4',
        merged_at: null,
      });
    });

    it('filters by labels (all of them, any case), on pull requests too', async () => {
      const incidents = await octokit.rest.issues.listForRepo({
        ...repo,
        state: 'all',
        labels: 'incident',
      });
      expect(
        incidents.data.map(i => [i.number, i.pull_request?.merged_at ?? null]),
      ).toEqual([
        [3, '2026-11-02T09:00:00Z'],
        [2, null],
      ]);
      expect(incidents.data[1]).toMatchObject({
        state: 'closed',
        state_reason: 'completed',
        created_at: '2026-11-01T15:00:00Z',
        closed_at: '2026-11-02T09:20:00Z',
        labels: [{ name: 'incident' }, { name: 'sev2' }],
      });

      const severe = await octokit.rest.issues.listForRepo({
        ...repo,
        state: 'closed',
        labels: 'INCIDENT,sev2',
      });
      expect(severe.data.map(i => i.number)).toEqual([2]);
    });

    it('filters by since, and sorts by creation or update in either direction', async () => {
      const since = await octokit.rest.issues.listForRepo({
        ...repo,
        state: 'all',
        since: '2026-11-02T09:00:00Z',
      });
      expect(since.data.map(i => i.number)).toEqual([6, 4, 3, 2, 5]);

      const oldestFirst = await octokit.rest.issues.listForRepo({
        ...repo,
        state: 'all',
        direction: 'asc',
      });
      expect(oldestFirst.data.map(i => i.number)).toEqual([1, 5, 2, 3, 4, 6]);

      const updated = await octokit.rest.issues.listForRepo({
        ...repo,
        state: 'closed',
        sort: 'updated',
      });
      expect(updated.data.map(i => i.number)).toEqual([5, 2, 3, 1]);
    });

    it('gets an issue, or a pull request as an issue', async () => {
      const issue = await octokit.rest.issues.get({ ...repo, issue_number: 2 });
      expect(issue.data).toMatchObject({ title: 'Launches failing' });
      expect(issue.data.pull_request).toBeUndefined();
      const pr = await octokit.rest.issues.get({ ...repo, issue_number: 3 });
      expect(pr.data.pull_request?.merged_at).toBe('2026-11-02T09:00:00Z');
    });
  });

  describe('workflow runs', () => {
    it('lists runs newest first with a total count', async () => {
      const { data } = await octokit.rest.actions.listWorkflowRunsForRepo(repo);
      expect(data.total_count).toBe(4);
      expect(data.workflow_runs.map(r => r.id)).toEqual([
        9004, 9002, 9003, 9001,
      ]);
      expect(data.workflow_runs[3]).toMatchObject({
        name: 'Deploy',
        path: '.github/workflows/deploy.yml',
        head_branch: 'main',
        head_sha: SHA_A,
        event: 'push',
        status: 'completed',
        conclusion: 'success',
        run_number: 11,
        run_attempt: 1,
        created_at: '2026-11-01T09:31:00Z',
        updated_at: '2026-11-01T09:40:00Z',
        // Merged by pull request #1: its squash commit and author.
        actor: { login: 'ada' },
        head_commit: {
          id: SHA_A,
          message: expect.stringMatching(/^Add boosters \(#1\)\n/),
          author: { name: 'Ada Lovelace' },
          committer: { name: 'GitHub' },
        },
        repository: { full_name: 'acme/rockets' },
      });
      expect(data.workflow_runs[0]).toMatchObject({
        status: 'in_progress',
        conclusion: null,
        actor: { login: 'ada' },
        event: 'workflow_dispatch',
      });
      expect(data.workflow_runs[1].pull_requests).toMatchObject([
        { number: 4, head: { ref: 'feature/4' } },
      ]);
    });

    it('filters by status or conclusion, branch, event and head_sha', async () => {
      const ids = async (query: Record<string, string>) =>
        (
          await octokit.rest.actions.listWorkflowRunsForRepo({
            ...repo,
            ...query,
          })
        ).data.workflow_runs.map(r => r.id);
      expect(await ids({ status: 'success' })).toEqual([9001]);
      expect(await ids({ status: 'failure' })).toEqual([9002, 9003]);
      expect(await ids({ status: 'completed' })).toEqual([9002, 9003, 9001]);
      expect(await ids({ status: 'in_progress' })).toEqual([9004]);
      expect(await ids({ branch: 'feature/4' })).toEqual([9002]);
      expect(await ids({ event: 'push' })).toEqual([9003, 9001]);
      expect(await ids({ head_sha: SHA_B })).toEqual([9004, 9003]);
      expect(await ids({ actor: 'ada' })).toEqual([9004, 9001]);
    });

    it('filters by created with the search syntax', async () => {
      const ids = async (created: string) =>
        (
          await octokit.rest.actions.listWorkflowRunsForRepo({
            ...repo,
            created,
          })
        ).data.workflow_runs.map(r => r.id);
      expect(await ids('>=2026-11-02')).toEqual([9004, 9002, 9003]);
      expect(await ids('>2026-11-02')).toEqual([9004, 9002]);
      expect(await ids('>=2026-11-03T10:01:00Z')).toEqual([9004, 9002]);
      expect(await ids('<2026-11-02')).toEqual([9001]);
      expect(await ids('<=2026-11-02')).toEqual([9003, 9001]);
      expect(await ids('2026-11-01..2026-11-02')).toEqual([9003, 9001]);
      expect(await ids('2026-11-02..*')).toEqual([9004, 9002, 9003]);
      expect(await ids('2026-11-03')).toEqual([9004, 9002]);
      await expect(ids('last week')).rejects.toMatchObject({ status: 422 });
    });

    it("lists a workflow's runs by its file name or id", async () => {
      const byFile = await octokit.rest.actions.listWorkflowRuns({
        ...repo,
        workflow_id: 'deploy.yml',
        status: 'completed',
      });
      expect(byFile.data.total_count).toBe(2);
      expect(byFile.data.workflow_runs.map(r => r.id)).toEqual([9003, 9001]);

      const workflows = await octokit.rest.actions.listRepoWorkflows(repo);
      expect(workflows.data.workflows.map(w => [w.name, w.path])).toEqual([
        ['CI', '.github/workflows/ci.yml'],
        ['Deploy', '.github/workflows/deploy.yml'],
      ]);
      const deploy = workflows.data.workflows[1];
      const byId = await octokit.rest.actions.listWorkflowRuns({
        ...repo,
        workflow_id: deploy.id,
      });
      expect(byId.data.workflow_runs.map(r => r.id)).toEqual([
        9004, 9003, 9001,
      ]);
      expect(byId.data.workflow_runs[0].workflow_id).toBe(deploy.id);

      await expect(
        octokit.rest.actions.listWorkflowRuns({
          ...repo,
          workflow_id: 'release.yml',
        }),
      ).rejects.toMatchObject({ status: 404 });
    });

    it('paginates runs with Link headers', async () => {
      const first = await octokit.rest.actions.listWorkflowRunsForRepo({
        ...repo,
        per_page: 3,
      });
      expect(first.data.total_count).toBe(4);
      expect(first.data.workflow_runs).toHaveLength(3);
      expect(first.headers.link).toContain('page=2>; rel="next"');

      const all = await octokit.paginate(
        octokit.rest.actions.listWorkflowRunsForRepo,
        { ...repo, per_page: 3 },
      );
      expect(all.map(r => r.id)).toEqual([9004, 9002, 9003, 9001]);
    });
  });

  describe('releases', () => {
    it('lists releases newest first', async () => {
      const { data } = await octokit.rest.repos.listReleases(repo);
      expect(data.map(r => [r.tag_name, r.prerelease, r.published_at])).toEqual(
        [
          ['v1.2.0-rc.1', true, '2026-11-03T12:02:00Z'],
          ['v1.1.0', false, '2026-11-02T12:03:00Z'],
          ['v1.0.0', false, '2026-10-15T12:00:00Z'],
        ],
      );
      expect(data[1]).toMatchObject({
        id: 502,
        name: 'v1.1.0',
        target_commitish: SHA_B,
        draft: false,
        body: '* Revert boosters',
        author: { login: 'ada' },
        html_url: 'https://github.com/acme/rockets/releases/tag/v1.1.0',
      });
      expect(data[2].target_commitish).toBe('main');
    });

    it('gets the latest full release, and a release by tag', async () => {
      const latest = await octokit.rest.repos.getLatestRelease(repo);
      expect(latest.data.tag_name).toBe('v1.1.0');
      const byTag = await octokit.rest.repos.getReleaseByTag({
        ...repo,
        tag: 'v1.0.0',
      });
      expect(byTag.data.id).toBe(501);
    });
  });

  it('keeps ETags, rate limits and injected faults on the new routes', async () => {
    const first = await octokit.rest.repos.listDeployments(repo);
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const cached = await octokit.rest.repos
      .listDeployments({
        ...repo,
        headers: { 'if-none-match': first.headers.etag },
      })
      .catch(e => e);
    expect(cached.status).toBe(304);
    expect(cached.response.headers['x-ratelimit-remaining']).toBe('4999');

    server.failNext(/\/pulls$/, { status: 502 });
    await expect(octokit.rest.pulls.list(repo)).rejects.toMatchObject({
      status: 502,
    });
    await expect(octokit.rest.pulls.list(repo)).resolves.toMatchObject({
      status: 200,
    });
  });

  it('serves an empty history for a repository without one', async () => {
    server.setRepos([{ name: 'anvils' }]);
    const anvils = { owner: 'acme', repo: 'anvils' };
    await expect(
      octokit.rest.repos.listDeployments(anvils),
    ).resolves.toMatchObject({
      data: [],
    });
    await expect(octokit.rest.pulls.list(anvils)).resolves.toMatchObject({
      data: [],
    });
    const runs = await octokit.rest.actions.listWorkflowRunsForRepo(anvils);
    expect(runs.data).toEqual({ total_count: 0, workflow_runs: [] });
  });
});
