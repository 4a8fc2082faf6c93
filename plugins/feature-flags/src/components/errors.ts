import { ResponseError } from '@backstage/errors';

/** The backend's own words for a failed request (`Invalid definition: …`, `… is not an owner`). */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.cause?.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status of a failed request, if it was one. */
export function errorStatus(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}
