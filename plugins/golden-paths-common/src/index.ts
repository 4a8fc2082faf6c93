/**
 * Golden paths: API types and schemas, the dry-run permission and template
 * version comparison, shared by golden-paths-backend and the Golden paths
 * page.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './permissions';
export * from './versions';
