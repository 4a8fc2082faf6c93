/**
 * The DORA domain: deployments, the changes they ship and the incidents
 * attributed to them. Every record hangs off a catalog Component by its
 * entity ref; a record whose repository maps to no Component is kept with
 * `entityRef` unset and shown as unlinked.
 */

/** What an environment name means for the metrics. */
export type EnvironmentKind = 'production' | 'staging' | 'other';

/**
 * Where a deployment was reported from: `github-deployment`,
 * `github-workflow-run`, `github-release`, or what a CD tool posting to the
 * API calls itself (`api` by default, `argocd`, `jenkins`, …).
 */
export type DeploymentSource = string;

/** Why a deployment was not planned: it repairs something. */
export type UnplannedReason =
  | 'hotfix'
  | 'revert'
  | 'rollback'
  | 'incident-response';

export type Deployment = {
  /** Stable across deliveries: `<source>:<id at the source>`. */
  id: string;
  entityRef?: string;
  /** `owner/name` on GitHub, when known. */
  repository?: string;
  /** As the CD tool names it: `production-eu`, `prod-us-east-1`. */
  environment: string;
  environmentKind: EnvironmentKind;
  /** The commit that was deployed. */
  sha: string;
  status: 'success' | 'failure';
  startedAt?: Date;
  /** When it finished: for GitHub, the time of the last `success` status. */
  finishedAt: Date;
  source: DeploymentSource;
  /** Set for hotfixes, reverts, rollbacks and deployments made for an incident. */
  unplannedReason?: UnplannedReason;
  /** For a repair: the deployment it repairs (which is then a failed deployment). */
  remediatesDeploymentId?: string;
  url?: string;
};

/** A merged pull request: the unit of change lead time is measured for. */
export type Change = {
  /** `<owner/name>#<number>`. */
  id: string;
  entityRef?: string;
  repository: string;
  number: number;
  title: string;
  /** The PR's first commit (authored) — survives squash merges. */
  firstCommitAt: Date;
  openedAt: Date;
  firstReviewAt?: Date;
  mergedAt: Date;
  /** The commit the merge created on the base branch. */
  mergeSha: string;
  /** A revert PR. */
  isRevert: boolean;
};

/** How an incident was tied to a deployment. */
export type IncidentAttribution =
  | 'named-deployment'
  | 'named-sha'
  | 'time'
  | 'unattributed';

export type Incident = {
  /** `<source>:<id at the source>`. */
  id: string;
  entityRef?: string;
  title: string;
  /** `github-issue`, `revert-pr`, or what posted it to the API (`api`, `pagerduty`, …). */
  source: string;
  openedAt: Date;
  resolvedAt?: Date;
  /** The deployment it is attributed to, by `attribution`. */
  deploymentId?: string;
  attribution: IncidentAttribution;
};

/** Median and 90th percentile of a set of durations (seconds). */
export type DurationSummary = {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
};

export type PerformanceLevel = 'elite' | 'high' | 'medium' | 'low';

export type DoraMetrics = {
  window: { from: string; to: string; days: number };
  deploymentFrequency: {
    deployments: number;
    perDay: number;
    medianDeployDaysPerWeek: number | null;
    level: PerformanceLevel | null;
  };
  leadTime: DurationSummary & {
    stages: {
      coding: DurationSummary;
      pickup: DurationSummary;
      review: DurationSummary;
      deploy: DurationSummary;
    };
    level: PerformanceLevel | null;
  };
  changeFailureRate: {
    deployments: number;
    failedDeployments: number;
    rate: number | null;
    level: PerformanceLevel | null;
  };
  failedDeploymentRecoveryTime: DurationSummary & {
    level: PerformanceLevel | null;
  };
  timeToRestore: DurationSummary & { level: PerformanceLevel | null };
  reworkRate: {
    deployments: number;
    unplannedDeployments: number;
    rate: number | null;
  };
  bands: BandsVersion;
};

/** The DORA report whose performance bands classify the metrics. */
export type BandsVersion = '2021' | '2023' | '2024';
