/**
 * Runbooks backend: Markdown runbooks read from each Component's repository
 * into PostgreSQL, with full-text search, the alert page's lookup, the
 * on-call view, coverage and a search collator for global search.
 *
 * @packageDocumentation
 */
export { runbooksPlugin as default } from './plugin';
export { runbooksSearchModule } from './search/runbooksSearchModule';
