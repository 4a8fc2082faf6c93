/**
 * Cost views backend for Paved: FOCUS imports, allocation and the cost API.
 *
 * @packageDocumentation
 */
export { costPlugin as default } from './plugin';
