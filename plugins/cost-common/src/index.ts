/**
 * Cost views: the FOCUS 1.2 cost model and the pure cost domain logic
 * (parsing export rows, allocation, month-over-month change) shared by
 * `@internal/plugin-cost-backend` and the cost frontend.
 *
 * @packageDocumentation
 */
export * from './focus';
export * from './parseFocusRow';
export * from './allocation';
export * from './money';
export * from './periods';
export * from './monthOverMonth';
export * from './anomalies';
export * from './offHours';
export * from './costGroups';
export * from './api';
export * from './permissions';
export * from './rightSizing';
