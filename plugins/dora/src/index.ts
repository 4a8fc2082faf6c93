/**
 * DORA metrics in the portal: the squads page for leads and the DORA tab on
 * Component and Group pages.
 *
 * @packageDocumentation
 */
export { doraPlugin as default } from './plugin';
export { doraApiRef, DoraClient } from './api/DoraApi';
export type {
  DoraApi,
  DoraCsvFile,
  DoraFilter,
  DoraRecordKind,
  WindowDays,
} from './api/DoraApi';
