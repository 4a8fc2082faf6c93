/**
 * Feature flags: flagd flag definitions, flag kinds and the definition
 * validator, shared by feature-flags-backend and the frontend.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './flagDefinition';
export * from './flagKinds';
export * from './validateFlagDefinition';
export * from './permissions';
export * from './staleness';
export * from './rollout';
