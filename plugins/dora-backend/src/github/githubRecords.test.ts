import {
  changeFromPullRequest,
  deploymentFromGithub,
  deploymentFromRelease,
  deploymentFromWorkflowRun,
  incidentFromIssue,
  incidentFromRevert,
  isIncidentIssue,
  revertedPullRequest,
} from './githubRecords';
import {
  GithubDeployment,
  GithubDeploymentStatus,
  GithubIssue,
  GithubPullRequest,
  GithubRelease,
  GithubWorkflowRun,
} from './githubSchemas';

const REPO = 'lumen-retail/checkout-service';
const SHA = 'a'.repeat(40);

const deployment = (
  over: Partial<GithubDeployment> = {},
): GithubDeployment => ({
  id: 101,
  sha: SHA.toUpperCase(),
  ref: 'main',
  task: 'deploy',
  environment: 'production-eu',
  description: null,
  created_at: '2026-11-02T10:00:00Z',
  updated_at: '2026-11-09T10:00:00Z',
  ...over,
});

let statusId = 0;
const status = (
  state: GithubDeploymentStatus['state'],
  createdAt: string,
): GithubDeploymentStatus => ({
  id: ++statusId,
  state,
  created_at: createdAt,
  log_url: `https://github.com/${REPO}/actions/runs/${statusId}`,
});

describe('deploymentFromGithub', () => {
  it('finishes at the last success status, not at updated_at (a later deploy made it inactive)', () => {
    const event = deploymentFromGithub(REPO, deployment(), [
      status('inactive', '2026-11-09T10:00:00Z'),
      status('success', '2026-11-02T10:12:00Z'),
      status('in_progress', '2026-11-02T10:01:00Z'),
    ]);
    expect(event).toEqual({
      id: '101',
      source: 'github-deployment',
      repository: REPO,
      environment: 'production-eu',
      sha: SHA,
      status: 'success',
      startedAt: new Date('2026-11-02T10:00:00Z'),
      finishedAt: new Date('2026-11-02T10:12:00Z'),
      unplannedReason: undefined,
      url: expect.stringContaining('/actions/runs/'),
    });
  });

  it('takes the later success when a deployment was re-run', () => {
    const event = deploymentFromGithub(REPO, deployment(), [
      status('success', '2026-11-02T10:05:00Z'),
      status('failure', '2026-11-02T10:20:00Z'),
      status('success', '2026-11-02T10:30:00Z'),
    ]);
    expect(event?.status).toBe('success');
    expect(event?.finishedAt).toEqual(new Date('2026-11-02T10:30:00Z'));
  });

  it('fails at the last failure or error when nothing succeeded', () => {
    const event = deploymentFromGithub(REPO, deployment(), [
      status('in_progress', '2026-11-02T10:01:00Z'),
      status('error', '2026-11-02T10:09:00Z'),
    ]);
    expect(event?.status).toBe('failure');
    expect(event?.finishedAt).toEqual(new Date('2026-11-02T10:09:00Z'));
  });

  it('is not a deployment yet while only pending, queued or in progress', () => {
    expect(
      deploymentFromGithub(REPO, deployment(), [
        status('queued', '2026-11-02T10:00:30Z'),
        status('in_progress', '2026-11-02T10:01:00Z'),
      ]),
    ).toBeUndefined();
    expect(deploymentFromGithub(REPO, deployment(), [])).toBeUndefined();
  });

  it('marks rollbacks and hotfixes unplanned from the task, ref or description', () => {
    const finished = [status('success', '2026-11-02T10:05:00Z')];
    expect(
      deploymentFromGithub(
        REPO,
        deployment({ task: 'deploy:rollback' }),
        finished,
      )?.unplannedReason,
    ).toBe('rollback');
    expect(
      deploymentFromGithub(
        REPO,
        deployment({ ref: 'hotfix/payment-timeout' }),
        finished,
      )?.unplannedReason,
    ).toBe('hotfix');
    expect(
      deploymentFromGithub(
        REPO,
        deployment({ ref: 'hotfixes-are-rare' }),
        finished,
      )?.unplannedReason,
    ).toBeUndefined();
  });
});

const run = (over: Partial<GithubWorkflowRun> = {}): GithubWorkflowRun => ({
  id: 9001,
  name: 'Deploy',
  path: '.github/workflows/deploy.yml',
  head_sha: SHA,
  head_branch: 'main',
  event: 'push',
  status: 'completed',
  conclusion: 'success',
  created_at: '2026-11-02T10:00:00Z',
  run_started_at: '2026-11-02T10:00:10Z',
  updated_at: '2026-11-02T10:07:00Z',
  run_attempt: 2,
  ...over,
});

describe('deploymentFromWorkflowRun', () => {
  it('is a deployment finishing when the run last changed, one per attempt', () => {
    expect(deploymentFromWorkflowRun(REPO, run(), 'production')).toMatchObject({
      id: '9001/2',
      source: 'github-workflow-run',
      environment: 'production',
      status: 'success',
      startedAt: new Date('2026-11-02T10:00:10Z'),
      finishedAt: new Date('2026-11-02T10:07:00Z'),
    });
  });

  it('counts failure and timed_out as failed; cancelled, skipped and unfinished runs not at all', () => {
    expect(
      deploymentFromWorkflowRun(
        REPO,
        run({ conclusion: 'timed_out' }),
        'production',
      )?.status,
    ).toBe('failure');
    for (const conclusion of ['cancelled', 'skipped', null]) {
      expect(
        deploymentFromWorkflowRun(REPO, run({ conclusion }), 'production'),
      ).toBeUndefined();
    }
    expect(
      deploymentFromWorkflowRun(
        REPO,
        run({ status: 'in_progress', conclusion: null }),
        'production',
      ),
    ).toBeUndefined();
  });
});

describe('deploymentFromRelease', () => {
  const release = (over: Partial<GithubRelease> = {}): GithubRelease => ({
    id: 77,
    tag_name: 'v1.4.0',
    target_commitish: 'main',
    draft: false,
    prerelease: false,
    created_at: '2026-11-02T09:00:00Z',
    published_at: '2026-11-02T09:30:00Z',
    ...over,
  });

  it('deploys the tagged commit when published', () => {
    expect(
      deploymentFromRelease(REPO, release(), SHA, 'production'),
    ).toMatchObject({
      id: '77',
      source: 'github-release',
      sha: SHA,
      finishedAt: new Date('2026-11-02T09:30:00Z'),
    });
  });

  it('ignores drafts and pre-releases', () => {
    expect(
      deploymentFromRelease(
        REPO,
        release({ draft: true, published_at: null }),
        SHA,
        'production',
      ),
    ).toBeUndefined();
    expect(
      deploymentFromRelease(
        REPO,
        release({ prerelease: true }),
        SHA,
        'production',
      ),
    ).toBeUndefined();
  });
});

const pr = (over: Partial<GithubPullRequest> = {}): GithubPullRequest => ({
  number: 42,
  title: 'New basket API',
  body: 'Adds the basket API.',
  user: { login: 'ana.silva' },
  created_at: '2026-11-02T09:00:00Z',
  updated_at: '2026-11-02T11:00:00Z',
  merged_at: '2026-11-02T11:00:00Z',
  merge_commit_sha: 'F'.repeat(40),
  head: { ref: 'feature/basket' },
  base: { ref: 'main' },
  ...over,
});

const commit = (sha: string, authored: string, committed = authored) => ({
  sha,
  commit: { author: { date: authored }, committer: { date: committed } },
});

describe('changeFromPullRequest', () => {
  it('starts lead time at the earliest authored commit and keeps the squash merge SHA', () => {
    const change = changeFromPullRequest(
      REPO,
      pr(),
      [
        // Rebased: committed later, authored earlier.
        commit('1'.repeat(40), '2026-11-02T08:30:00Z', '2026-11-02T08:55:00Z'),
        commit('2'.repeat(40), '2026-11-01T16:00:00Z', '2026-11-02T08:55:00Z'),
      ],
      [
        {
          user: { login: 'ana.silva' },
          state: 'COMMENTED',
          submitted_at: '2026-11-02T09:05:00Z',
        },
        { user: { login: 'ben.okafor' }, state: 'PENDING' },
        {
          user: { login: 'ben.okafor' },
          state: 'APPROVED',
          submitted_at: '2026-11-02T10:00:00Z',
        },
      ],
    );
    expect(change).toEqual({
      repository: REPO,
      number: 42,
      title: 'New basket API',
      firstCommitAt: new Date('2026-11-01T16:00:00Z'),
      openedAt: new Date('2026-11-02T09:00:00Z'),
      // The author's own comment is not a review.
      firstReviewAt: new Date('2026-11-02T10:00:00Z'),
      mergedAt: new Date('2026-11-02T11:00:00Z'),
      mergeSha: 'f'.repeat(40),
      isRevert: false,
    });
  });

  it('is no change when the PR was closed without merging', () => {
    expect(
      changeFromPullRequest(
        REPO,
        pr({ merged_at: null, merge_commit_sha: null }),
        [],
        [],
      ),
    ).toBeUndefined();
  });

  it('never starts before the PR was opened when it has no commits listed', () => {
    expect(changeFromPullRequest(REPO, pr(), [], [])?.firstCommitAt).toEqual(
      new Date('2026-11-02T09:00:00Z'),
    );
  });
});

describe('reverts', () => {
  const revert = pr({
    number: 43,
    title: 'Revert "New basket API"',
    body: 'Reverts lumen-retail/checkout-service#42',
    created_at: '2026-11-02T14:00:00Z',
    merged_at: '2026-11-02T14:20:00Z',
  });

  it('recognises GitHub’s revert PRs by body or title', () => {
    expect(revertedPullRequest(revert)).toEqual({ isRevert: true, number: 42 });
    expect(revertedPullRequest({ title: 'Revert "x"', body: null })).toEqual({
      isRevert: true,
    });
    expect(
      revertedPullRequest({ title: 'Revert logging change', body: '' }),
    ).toEqual({
      isRevert: false,
    });
  });

  it('turns a merged revert into an incident naming the reverted merge SHA', () => {
    expect(incidentFromRevert(REPO, revert, 'F'.repeat(40))).toEqual({
      id: `${REPO}#43`,
      source: 'revert-pr',
      repository: REPO,
      title: 'Revert "New basket API"',
      openedAt: new Date('2026-11-02T14:00:00Z'),
      resolvedAt: new Date('2026-11-02T14:20:00Z'),
      sha: 'f'.repeat(40),
    });
    expect(incidentFromRevert(REPO, pr())).toBeUndefined();
  });
});

describe('incidents from issues', () => {
  const issue = (over: Partial<GithubIssue> = {}): GithubIssue => ({
    number: 7,
    title: 'Checkout returns 502 for EU shoppers',
    body: 'Started after the 10:00 deploy.\n\nDeployment: 101',
    state: 'closed',
    created_at: '2026-11-02T12:00:00Z',
    closed_at: '2026-11-02T13:30:00Z',
    labels: [{ name: 'Incident' }, { name: 'sev2' }],
    ...over,
  });

  it('takes issues with an incident label, not pull requests', () => {
    expect(isIncidentIssue(issue(), ['incident'])).toBe(true);
    expect(isIncidentIssue(issue({ labels: ['bug'] }), ['incident'])).toBe(
      false,
    );
    expect(
      isIncidentIssue(issue({ pull_request: { url: 'x' } }), ['incident']),
    ).toBe(false);
  });

  it('is resolved when closed and names the deployment or SHA its body gives', () => {
    expect(incidentFromIssue(REPO, issue())).toEqual({
      id: `${REPO}#7`,
      source: 'github-issue',
      repository: REPO,
      title: 'Checkout returns 502 for EU shoppers',
      openedAt: new Date('2026-11-02T12:00:00Z'),
      resolvedAt: new Date('2026-11-02T13:30:00Z'),
      deploymentId: 'github-deployment:101',
      sha: undefined,
    });
    const open = incidentFromIssue(
      REPO,
      issue({
        state: 'open',
        closed_at: null,
        body: 'Broken since SHA: 3F2A9C1',
      }),
    );
    expect(open.resolvedAt).toBeUndefined();
    expect(open.sha).toBe('3f2a9c1');
    expect(open.deploymentId).toBeUndefined();
  });
});
