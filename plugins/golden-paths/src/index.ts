/**
 * Golden paths in the portal: every template with its version and the
 * services generated from it (who is behind), a dry run of a stored
 * template, and the Golden path tab on generated Components.
 *
 * @packageDocumentation
 */
export { goldenPathsPlugin as default } from './plugin';
export { goldenPathsApiRef, GoldenPathsClient } from './api/GoldenPathsApi';
export type { GoldenPathsApi, TemplateName } from './api/GoldenPathsApi';
