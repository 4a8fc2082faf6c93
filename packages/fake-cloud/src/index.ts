/**
 * Local fake cloud servers that speak real API shapes, for tests and demos.
 *
 * @packageDocumentation
 */

export type {
  FakeGithubCommit,
  FakeGithubDelivery,
  FakeGithubDeployment,
  FakeGithubDeploymentStatus,
  FakeGithubFault,
  FakeGithubFile,
  FakeGithubIssue,
  FakeGithubMember,
  FakeGithubOptions,
  FakeGithubOrg,
  FakeGithubOrgTeam,
  FakeGithubPullRequest,
  FakeGithubRelease,
  FakeGithubRepo,
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
export { lumenRetailDeliveryHistory } from './github/lumenRetailDeliveryHistory';
export type { LumenRetailDeliveryOptions } from './github/lumenRetailDeliveryHistory';
export { syntheticGithubOrg } from './github/syntheticGithubOrg';
export { waitFor } from './waitFor';
export * from './kubernetes';
export * from './aws';
export * from './azure';
export {
  githubWebhookModules,
  signGithubWebhook,
} from './github/githubWebhooks';
