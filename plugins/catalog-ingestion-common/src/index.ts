/**
 * Provenance annotations every Paved provider sets on what it emits, so the
 * entity page can say where an entity came from.
 *
 * @packageDocumentation
 */

/** The provider that emitted the entity, e.g. `kubernetes-workloads:production-eu`. */
export const ANNOTATION_INGESTED_BY = 'paved.dev/ingested-by';
/** What kind of source: `github`, `kubernetes`, `aws`, `azure`. */
export const ANNOTATION_SOURCE_KIND = 'paved.dev/source-kind';
/** Where in that source, for people: `org/repo`, `cluster/namespace`, `account/region`. */
export const ANNOTATION_SOURCE_LOCATION = 'paved.dev/source-location';
/** `true` when nothing named an owner; the ingestion page lists these. */
export const ANNOTATION_UNOWNED = 'paved.dev/unowned';
/** `true` on components inferred from a repository without catalog-info.yaml. */
export const ANNOTATION_INFERRED = 'paved.dev/inferred';
/** The environment a runtime resource belongs to (`staging`, `production`, …). */
export const ANNOTATION_ENVIRONMENT = 'paved.dev/environment';
