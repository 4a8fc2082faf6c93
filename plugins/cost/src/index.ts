/**
 * Cost views in the portal: the cost page for leads and the Cost tab on
 * Component and Group pages.
 *
 * @packageDocumentation
 */
export { costPlugin as default } from './plugin';
export { costApiRef, CostClient } from './api/CostApi';
export type { CostApi, CostRange } from './api/CostApi';
