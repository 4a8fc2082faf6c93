import { DoraMetrics, IncidentAttribution, UnplannedReason } from './types';

/**
 * What the DORA API answers, as JSON (timestamps as ISO 8601 strings).
 * Every list endpoint takes the query of `metricsQuerySchema`.
 */

/** `GET /series?granularity=week|month`: the metrics per period of the window. */
export type DoraSeriesPoint = {
  from: string;
  to: string;
  deployments: number;
  deploymentsPerDay: number;
  leadTimeMedianSeconds: number | null;
  changeFailureRate: number | null;
  failedDeploymentRecoveryMedianSeconds: number | null;
  timeToRestoreMedianSeconds: number | null;
  reworkRate: number | null;
};
export type DoraSeriesResponse = { points: DoraSeriesPoint[] };

/** Why a deployment counts as failed. */
export type FailureReason = 'incident' | 'remediated' | 'reverted';

/** `GET /deployments`: the production deployments behind the numbers. */
export type DeploymentDetail = {
  id: string;
  entityRef?: string;
  repository?: string;
  environment: string;
  sha: string;
  source: string;
  startedAt?: string;
  finishedAt: string;
  unplannedReason?: UnplannedReason;
  url?: string;
  failed: boolean;
  failedBecause: FailureReason[];
  /** Pull requests (ids `owner/name#n`) this deployment shipped first. */
  changeIds: string[];
  incidentIds: string[];
};
export type DeploymentsResponse = { deployments: DeploymentDetail[] };

/** `GET /changes`: pull requests shipped in the window, with their lead time. */
export type ChangeDetail = {
  id: string;
  entityRef?: string;
  repository: string;
  number: number;
  title: string;
  firstCommitAt: string;
  openedAt: string;
  firstReviewAt?: string;
  mergedAt: string;
  mergeSha: string;
  deploymentId: string;
  deployedAt: string;
  /** How the shipping deployment was found. */
  method: 'explicit' | 'sha' | 'time';
  leadTimeSeconds: number;
};
export type ChangesResponse = { changes: ChangeDetail[] };

/** `GET /incidents`: incidents opened in the window and what they are attributed to. */
export type IncidentDetail = {
  id: string;
  entityRef?: string;
  title: string;
  source: string;
  openedAt: string;
  resolvedAt?: string;
  deploymentId?: string;
  attribution: IncidentAttribution;
  restoreSeconds?: number;
};
export type IncidentsResponse = { incidents: IncidentDetail[] };

/** `GET /squads`: every Group that owns Components, with its metrics (query without entityRef). */
export type SquadMetrics = {
  entityRef: string;
  title: string;
  components: number;
  metrics: DoraMetrics;
};
export type SquadsResponse = { squads: SquadMetrics[] };

/** What the GitHub backfill reads of a repository, one cursor each. */
export type GithubSyncStream =
  | 'pulls'
  | 'deployments'
  | 'workflow-runs'
  | 'releases'
  | 'issues';

/** What the last backfill pass read and stored of one repository. */
export type GithubRepositorySync = {
  /** `owner/name`, lower case. */
  repository: string;
  deployments: number;
  changes: number;
  incidents: number;
  /** Streams that failed; the next pass reads them again. */
  errors: { stream: GithubSyncStream; message: string }[];
};

/**
 * `GET /github/sync`: whether the GitHub backfill is configured
 * (`dora.github`), its last pass and how far it has read each repository.
 */
export type GithubSyncStatus =
  | { enabled: false }
  | {
      enabled: true;
      running: boolean;
      lastPass?: {
        startedAt: string;
        finishedAt: string;
        /** GitHub API requests the pass made. */
        requests: number;
        repositories: GithubRepositorySync[];
      };
      /** Per repository and stream: read up to `syncedUntil` (ISO). */
      cursors: { repository: string; stream: string; syncedUntil: string }[];
    };
