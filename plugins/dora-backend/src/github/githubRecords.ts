import {
  ChangeEvent,
  DeploymentEvent,
  IncidentEvent,
} from '@internal/plugin-dora-common';
import {
  GithubCommit,
  GithubDeployment,
  GithubDeploymentStatus,
  GithubIssue,
  GithubPullRequest,
  GithubRelease,
  GithubReview,
  GithubWorkflowRun,
} from './githubSchemas';

/**
 * Pure mappings from GitHub objects to DORA records — the one translation
 * the backfill and the webhooks share.
 */

export const GITHUB_DEPLOYMENT = 'github-deployment';
export const GITHUB_WORKFLOW_RUN = 'github-workflow-run';
export const GITHUB_RELEASE = 'github-release';
export const GITHUB_ISSUE = 'github-issue';
export const REVERT_PR = 'revert-pr';

const HOTFIX = /(^|[/_\-\s])hotfix([/_\-\s]|$)/i;
const ROLLBACK = /rollback|roll back|roll-back/i;

function unplannedReasonOf(
  ...texts: (string | null | undefined)[]
): DeploymentEvent['unplannedReason'] {
  const text = texts.filter(Boolean).join(' ');
  if (ROLLBACK.test(text)) return 'rollback';
  if (HOTFIX.test(text)) return 'hotfix';
  return undefined;
}

const latest = (statuses: GithubDeploymentStatus[], states: string[]) =>
  statuses
    .filter(status => states.includes(status.state))
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];

/**
 * A GitHub Deployment with its statuses → a deployment, or undefined while
 * it has not finished. It succeeded when any status is `success`, and
 * finished at the LAST `success` status — not at `updated_at`, which moves
 * when a later deployment marks this one `inactive`. Otherwise it failed at
 * its last `failure` or `error` status. A `rollback` or `hotfix` task, ref
 * or description makes it unplanned.
 */
export function deploymentFromGithub(
  repository: string,
  deployment: GithubDeployment,
  statuses: GithubDeploymentStatus[],
): DeploymentEvent | undefined {
  const success = latest(statuses, ['success']);
  const failure = latest(statuses, ['failure', 'error']);
  const finished = success ?? failure;
  if (!finished) return undefined;
  const startedAt = new Date(deployment.created_at);
  const finishedAt = new Date(finished.created_at);
  return {
    id: String(deployment.id),
    source: GITHUB_DEPLOYMENT,
    repository,
    environment: deployment.environment,
    sha: deployment.sha.toLowerCase(),
    status: success ? 'success' : 'failure',
    startedAt: startedAt <= finishedAt ? startedAt : undefined,
    finishedAt,
    unplannedReason: unplannedReasonOf(
      deployment.task,
      deployment.ref,
      deployment.description,
    ),
    url: finished.log_url || finished.target_url || undefined,
  };
}

/**
 * A completed run of a deploy workflow → a deployment to `environment`.
 * `success` succeeded and `failure`/`timed_out` failed, at the run's last
 * update; cancelled and skipped runs deployed nothing.
 */
export function deploymentFromWorkflowRun(
  repository: string,
  run: GithubWorkflowRun,
  environment: string,
): DeploymentEvent | undefined {
  if (run.status !== 'completed') return undefined;
  let status: 'success' | 'failure';
  if (run.conclusion === 'success') status = 'success';
  else if (run.conclusion === 'failure' || run.conclusion === 'timed_out')
    status = 'failure';
  else return undefined;
  const finishedAt = new Date(run.updated_at);
  const startedAt = new Date(run.run_started_at ?? run.created_at);
  return {
    id: `${run.id}/${run.run_attempt ?? 1}`,
    source: GITHUB_WORKFLOW_RUN,
    repository,
    environment,
    sha: run.head_sha.toLowerCase(),
    status,
    startedAt: startedAt <= finishedAt ? startedAt : undefined,
    finishedAt,
    unplannedReason: unplannedReasonOf(run.head_branch, run.name),
    url: run.html_url,
  };
}

/**
 * A published release (not a draft or pre-release) → a production
 * deployment of the tagged commit at the time it was published.
 */
export function deploymentFromRelease(
  repository: string,
  release: GithubRelease,
  sha: string,
  environment: string,
): DeploymentEvent | undefined {
  if (release.draft || release.prerelease || !release.published_at) {
    return undefined;
  }
  return {
    id: String(release.id),
    source: GITHUB_RELEASE,
    repository,
    environment,
    sha: sha.toLowerCase(),
    status: 'success',
    finishedAt: new Date(release.published_at),
    unplannedReason: unplannedReasonOf(release.tag_name),
    url: release.html_url,
  };
}

/** The SHA a release's `target_commitish` names, when it is one. */
export function shaOfCommitish(commitish: string): string | undefined {
  return /^[0-9a-f]{40}$/i.test(commitish)
    ? commitish.toLowerCase()
    : undefined;
}

const REVERT_TITLE = /^Revert\s+"/i;
const REVERTS_BODY = /\bReverts\s+([\w.-]+\/[\w.-]+)?#(\d+)/i;

/**
 * The pull request a revert PR reverts: GitHub's "Revert" button titles it
 * `Revert "<title>"` and writes `Reverts owner/repo#N` in the body.
 */
export function revertedPullRequest(
  pr: Pick<GithubPullRequest, 'title' | 'body'>,
): { isRevert: boolean; number?: number } {
  const match = REVERTS_BODY.exec(pr.body ?? '');
  if (match) return { isRevert: true, number: Number(match[2]) };
  return { isRevert: REVERT_TITLE.test(pr.title) };
}

/**
 * A merged pull request with its commits and reviews → a change. Lead time
 * starts at the earliest authored commit (squash and rebase merges rewrite
 * the commit on the base branch, not the PR's own commits); pickup ends at
 * the first review by someone other than the author. Undefined unless merged.
 */
export function changeFromPullRequest(
  repository: string,
  pr: GithubPullRequest,
  commits: GithubCommit[],
  reviews: GithubReview[],
): ChangeEvent | undefined {
  if (!pr.merged_at || !pr.merge_commit_sha) return undefined;
  const openedAt = new Date(pr.created_at);
  const mergedAt = new Date(pr.merged_at);
  const authored = commits
    .map(c => c.commit.author?.date ?? c.commit.committer?.date)
    .flatMap(date => (date ? [Date.parse(date)] : []));
  const firstCommitAt = new Date(
    Math.min(openedAt.getTime(), mergedAt.getTime(), ...authored),
  );
  const author = pr.user?.login;
  const reviewed = reviews
    .filter(r => r.submitted_at && r.state !== 'PENDING')
    .filter(r => !author || r.user?.login !== author)
    .map(r => Date.parse(r.submitted_at!))
    .filter(time => time >= openedAt.getTime() && time <= mergedAt.getTime());
  return {
    repository,
    number: pr.number,
    title: pr.title.slice(0, 500) || `#${pr.number}`,
    firstCommitAt,
    openedAt: openedAt <= mergedAt ? openedAt : mergedAt,
    firstReviewAt: reviewed.length
      ? new Date(Math.min(...reviewed))
      : undefined,
    mergedAt,
    mergeSha: pr.merge_commit_sha.toLowerCase(),
    isRevert: revertedPullRequest(pr).isRevert,
  };
}

/**
 * A merged revert PR → an incident: something shipped had to be taken back.
 * Opened when the revert was opened, resolved when it merged; it names the
 * reverted change's merge SHA when that is known.
 */
export function incidentFromRevert(
  repository: string,
  pr: GithubPullRequest,
  revertedMergeSha?: string,
): IncidentEvent | undefined {
  if (!pr.merged_at || !revertedPullRequest(pr).isRevert) return undefined;
  return {
    id: `${repository}#${pr.number}`,
    source: REVERT_PR,
    repository,
    title: pr.title.slice(0, 500),
    openedAt: new Date(pr.created_at),
    resolvedAt: new Date(pr.merged_at),
    sha: revertedMergeSha?.toLowerCase(),
  };
}

const NAMED_SHA = /\b(?:sha|commit)\s*[:=]?\s*`?([0-9a-f]{7,40})\b/i;
const NAMED_DEPLOYMENT = /\bdeployment\s*[:=#]?\s*#?(\d{1,19})\b/i;

const labelName = (label: GithubIssue['labels'][number]) =>
  (typeof label === 'string' ? label : label.name).toLowerCase();

/** Whether an issue carries one of the incident labels (case-insensitive). */
export function isIncidentIssue(issue: GithubIssue, labels: string[]) {
  const wanted = new Set(labels.map(l => l.toLowerCase()));
  return (
    !issue.pull_request && issue.labels.some(l => wanted.has(labelName(l)))
  );
}

/**
 * An issue with an incident label → an incident, resolved when closed. The
 * body may name the deployment (`Deployment: 123456`, a GitHub deployment
 * id) or the commit (`SHA: 3f2a9c1`) that caused it.
 */
export function incidentFromIssue(
  repository: string,
  issue: GithubIssue,
): IncidentEvent {
  const body = issue.body ?? '';
  const sha = NAMED_SHA.exec(body)?.[1];
  const deployment = NAMED_DEPLOYMENT.exec(body)?.[1];
  const openedAt = new Date(issue.created_at);
  const closedAt =
    issue.state === 'closed' && issue.closed_at
      ? new Date(issue.closed_at)
      : undefined;
  return {
    id: `${repository}#${issue.number}`,
    source: GITHUB_ISSUE,
    repository,
    title: issue.title.slice(0, 500) || `#${issue.number}`,
    openedAt,
    resolvedAt: closedAt && closedAt >= openedAt ? closedAt : undefined,
    deploymentId: deployment ? `${GITHUB_DEPLOYMENT}:${deployment}` : undefined,
    sha: sha?.toLowerCase(),
  };
}
