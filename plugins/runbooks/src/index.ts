/**
 * Runbooks in the portal: the alert page Alertmanager's `runbook_url`s
 * point at, the on-call page, search and coverage for leads, the Runbooks
 * tab on Components and runbook results in global search.
 *
 * @packageDocumentation
 */
export { runbooksPlugin as default } from './plugin';
export { runbooksApiRef, RunbooksClient } from './api/RunbooksApi';
export type {
  AlertHints,
  CoverageRequest,
  EntityRefLike,
  RunbookSearchRequest,
  RunbooksApi,
} from './api/RunbooksApi';
