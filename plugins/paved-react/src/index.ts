/**
 * What Paved's frontend plugins share.
 *
 * @packageDocumentation
 */
export { saveFile, type DownloadedFile } from './saveFile';
export { errorBody, jsonResponse } from './fakeResponses';
