/**
 * DORA metrics: domain types, API schemas and performance bands shared by
 * `@internal/plugin-dora-backend` and `@internal/plugin-dora`.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './schemas';
export * from './bands';
export * from './api';
