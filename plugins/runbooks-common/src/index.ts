/**
 * Runbooks: the pure Markdown runbook parser and its types and zod schemas,
 * shared by `@internal/plugin-runbooks-backend` and `@internal/plugin-runbooks`.
 * No I/O: callers read files and repository listings themselves.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './schemas';
export * from './sections';
export {
  normaliseAlertName,
  alertNameFromPath,
  isAlertLikeName,
} from './alertNames';
export { brokenLinks, linkKind, resolveRelativeLink } from './links';
export { parseRunbook, DEFAULT_MAX_BYTES } from './parseRunbook';
export { splitFrontMatter } from './frontMatter';
export type { SplitFrontMatter } from './frontMatter';
export type { ParseRunbookInput } from './parseRunbook';
export * from './api';
