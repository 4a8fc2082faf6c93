import {
  ChangeDetail,
  FailureReason,
  IncidentAttribution,
  UnplannedReason,
} from '@internal/plugin-dora-common';

/**
 * The metric definitions of docs/dora.md, as people read them on hover.
 * Keep them in step with that document and with dora-backend.
 */
export const DEFINITIONS = {
  deploymentFrequency:
    'Successful deployments to production environments finishing in the window (with an environment filter, to that environment only), divided by the days of the window. Staging deployments never count; every production region counts. Deploy days per week: for each calendar week (Monday–Sunday, in your time zone) wholly inside the window, the number of days with a deployment; the median over those weeks.',
  leadTime:
    'For each merged pull request shipped by a deployment finishing in the window: its first commit → the end of the deployment that shipped it (with several regions, the first region reached). Squash merges do not shorten it. Stages: coding (first commit → opened), pickup (opened → first review; reviewed pull requests only), review (first review, or opened, → merged), deploy (merged → deployed).',
  changeFailureRate:
    'Failed deployments ÷ deployments — never incidents ÷ deployments: two incidents on one deployment count once. A deployment failed when an incident is attributed to it, when another deployment says it remediates it, or when the next production deployment of its service to the same environment is a revert or a rollback.',
  failedDeploymentRecoveryTime:
    'For each failed deployment in the window (DORA 2023): its end → the end of the deployment that remediates it, or else of the next production deployment of the service to the same environment. Failures not yet recovered are left out.',
  timeToRestore:
    'For each incident opened in the window and resolved: opened → resolved.',
  reworkRate:
    'Deployments made for a hotfix, revert, rollback or incident response (an unplanned reason) ÷ deployments (DORA 2024). The reports give it no performance bands.',
  percentiles: 'Medians and 90th percentiles interpolate between ranks.',
  squads:
    'A squad’s metrics pool the components it owns now: a service moved between squads takes its history along, and nothing is counted per person.',
} as const;

/** How a change was tied to the deployment that shipped it. */
export const CHANGE_ATTRIBUTION: Record<ChangeDetail['method'], string> = {
  explicit: 'Deployment listed its merge SHA',
  sha: 'Deployed its merge SHA',
  time: 'First deployment after the merge',
};

/** How an incident was tied to a deployment. */
export const INCIDENT_ATTRIBUTION: Record<
  IncidentAttribution,
  { label: string; description: string }
> = {
  'named-deployment': {
    label: 'Named deployment',
    description: 'The incident names the deployment that caused it.',
  },
  'named-sha': {
    label: 'Named SHA',
    description:
      'The incident names a commit: the first production deployment of it.',
  },
  time: {
    label: 'By time',
    description:
      'Named nothing: the service’s last production deployment finished before it opened.',
  },
  unattributed: {
    label: 'Unattributed',
    description:
      'No deployment of the service before it opened: it fails no deployment.',
  },
};

/** Why a deployment counts as failed. */
export const FAILURE_REASONS: Record<FailureReason, string> = {
  incident: 'an incident is attributed to it',
  remediated: 'a later deployment remediates it',
  reverted: 'the next deployment reverted or rolled it back',
};

export const UNPLANNED_REASONS: Record<UnplannedReason, string> = {
  hotfix: 'Hotfix',
  revert: 'Revert',
  rollback: 'Rollback',
  'incident-response': 'Incident response',
};
