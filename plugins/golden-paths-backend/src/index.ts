/**
 * Golden paths for the platform squad: services by template and version,
 * and dry runs of stored templates.
 *
 * @packageDocumentation
 */
export { goldenPathsPlugin as default } from './plugin';
