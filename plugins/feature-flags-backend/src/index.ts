/**
 * Feature flags backend: flags per Component and environment in the flagd
 * format (PostgreSQL), audited changes, per-service API keys, OFREP
 * evaluation with flagd-core and the flagd flag-set sync endpoint.
 *
 * @packageDocumentation
 */
export { featureFlagsPlugin as default } from './plugin';
