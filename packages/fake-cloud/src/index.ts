/**
 * Local fake cloud servers that speak real API shapes, for tests and demos.
 *
 * @packageDocumentation
 */

export type {
  FakeGithubFault,
  FakeGithubFile,
  FakeGithubMember,
  FakeGithubOptions,
  FakeGithubOrg,
  FakeGithubOrgTeam,
  FakeGithubRepo,
  FakeGithubRequest,
  FakeGithubServer,
  FakeGithubTeam,
  FakeGithubTeamPermission,
} from './github/types';
export { startFakeGithub } from './github/startFakeGithub';
export { lumenRetailGithubOrg } from './github/lumenRetailGithubOrg';
export { syntheticGithubOrg } from './github/syntheticGithubOrg';
export { waitFor } from './waitFor';
export * from './kubernetes';
export * from './aws';
export * from './azure';
