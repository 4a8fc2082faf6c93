/**
 * What every Paved catalog provider shares: the record of its runs and the
 * provenance annotations on what it emits.
 *
 * @packageDocumentation
 */
export type {
  IngestionProblem,
  IngestionRunReport,
  IngestionRunsService,
} from './types';
export {
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_INFERRED,
  ANNOTATION_INGESTED_BY,
  ANNOTATION_SOURCE_KIND,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_UNOWNED,
} from '@internal/plugin-catalog-ingestion-common';
export { ingestionRunsServiceRef } from './ingestionRunsServiceRef';
export { IngestionRunStore } from './database/IngestionRunStore';
