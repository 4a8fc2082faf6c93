/**
 * The ingestion admin API: the last runs of every Paved catalog provider.
 *
 * @packageDocumentation
 */
export { catalogModuleIngestionRuns as default } from './module';
