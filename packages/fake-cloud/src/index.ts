/**
 * Local fake cloud servers that speak real API shapes, for tests and demos.
 *
 * @packageDocumentation
 */

export type {
  FakeGithubBranchProtection,
  FakeGithubCollaborator,
  FakeGithubCommit,
  FakeGithubDelivery,
  FakeGithubDeployment,
  FakeGithubDeploymentStatus,
  FakeGithubFault,
  FakeGithubFile,
  FakeGithubGitChange,
  FakeGithubGitCommit,
  FakeGithubGitSignature,
  FakeGithubIssue,
  FakeGithubMember,
  FakeGithubOptions,
  FakeGithubOrg,
  FakeGithubOrgTeam,
  FakeGithubPullRequest,
  FakeGithubRelease,
  FakeGithubRepo,
  FakeGithubRepoSettings,
  FakeGithubRequest,
  FakeGithubReview,
  FakeGithubServer,
  FakeGithubTeam,
  FakeGithubTeamPermission,
  FakeGithubWorkflowRun,
} from './github/types';
export { startFakeGithub } from './github/startFakeGithub';
export { lumenRetailGithubOrg } from './github/lumenRetailGithubOrg';
export type { LumenRetailGithubOrgOptions } from './github/lumenRetailGithubOrg';
export {
  LUMEN_RETAIL_ALERT_PAGE_BASE_URL,
  LUMEN_RETAIL_FILE_DATES,
  LUMEN_RETAIL_PROMETHEUS_ALERTS,
  LUMEN_RETAIL_PROMETHEUS_RULES,
  LUMEN_RETAIL_RUNBOOK_ALERTS,
  LUMEN_RETAIL_RUNBOOK_GAPS,
} from './github/lumenRetailRunbooks';
export type {
  LumenRetailPrometheusAlert,
  LumenRetailRunbookAlert,
  LumenRetailRunbookGap,
} from './github/lumenRetailRunbooks';
export { lumenRetailDeliveryHistory } from './github/lumenRetailDeliveryHistory';
export type { LumenRetailDeliveryOptions } from './github/lumenRetailDeliveryHistory';
export { syntheticGithubOrg } from './github/syntheticGithubOrg';
export { waitFor } from './waitFor';
export * from './kubernetes';
export * from './aws';
export * from './azure';
export * from './cost';
export * from './opencost';
export {
  githubWebhookModules,
  signGithubWebhook,
} from './github/githubWebhooks';
