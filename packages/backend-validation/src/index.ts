/**
 * Paved's backend plugins' HTTP boundary: how they validate input with zod,
 * and how they write CSV exports.
 *
 * @packageDocumentation
 */
import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Every issue of a failed parse as `path.to.field: message`, joined by `; `. */
export function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Parses `value` with `schema`, or throws an `InputError` (HTTP 400 with a
 * JSON body through Backstage's error handler) such as
 * `Invalid search query: q: must not be empty; limit: …`.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${describeZodIssues(result.error)}`);
  }
  return result.data;
}

export { toCsv } from './toCsv';
