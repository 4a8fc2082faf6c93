/**
 * Where catalog entities come from: the ingestion admin page, the provenance
 * card and the "Runs on" card.
 *
 * @packageDocumentation
 */
export { ingestionPlugin as default } from './plugin';
export { ingestionApiRef } from './api/IngestionApi';
export type { IngestionApi, IngestionRun } from './api/IngestionApi';
