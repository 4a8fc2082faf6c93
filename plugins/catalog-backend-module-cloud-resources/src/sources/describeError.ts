import { stringifyError } from '@backstage/errors';

/**
 * An SDK error for the run report, with what the service answered: AWS
 * errors carry `$metadata.httpStatusCode`, Azure's RestError `statusCode`
 * and `code`.
 */
export function describeError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return stringifyError(error);
  const e = error as {
    name?: string;
    message?: string;
    code?: unknown;
    statusCode?: unknown;
    $metadata?: { httpStatusCode?: number; attempts?: number };
  };
  const status = e.$metadata?.httpStatusCode ?? e.statusCode;
  if (typeof status !== 'number') return stringifyError(error);
  const code = typeof e.code === 'string' && e.code ? e.code : e.name;
  const attempts = e.$metadata?.attempts
    ? `, ${e.$metadata.attempts} attempts`
    : '';
  return `${code} (HTTP ${status}${attempts}): ${e.message}`;
}
