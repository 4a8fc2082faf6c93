/**
 * DORA metrics backend for Paved.
 *
 * @packageDocumentation
 */
export { doraPlugin as default } from './plugin';
