import { z } from 'zod';

/** Every issue of a failed parse as `path.to.field: message`, joined by `; `. */
export function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
