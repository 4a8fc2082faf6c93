import { JsonValue } from '@internal/plugin-feature-flags-common';

/**
 * OFREP shapes (the OpenFeature Remote Evaluation Protocol 0.3,
 * `#/components/schemas/...`). A success without `value` is the protocol's
 * `codeDefaultFlag`: the provider uses the value in the code.
 */
export type OfrepReason =
  | 'STATIC'
  | 'TARGETING_MATCH'
  | 'SPLIT'
  | 'DISABLED'
  | 'UNKNOWN';

export type OfrepMetadata = Record<string, string | number | boolean>;

export type OfrepEvaluationSuccess = {
  key: string;
  reason: OfrepReason;
  variant?: string;
  value?: JsonValue;
  metadata?: OfrepMetadata;
};

export type OfrepErrorCode =
  | 'PARSE_ERROR'
  | 'TARGETING_KEY_MISSING'
  | 'INVALID_CONTEXT'
  | 'GENERAL';

export type OfrepEvaluationFailure = {
  key: string;
  errorCode: OfrepErrorCode | 'FLAG_NOT_FOUND';
  errorDetails?: string;
  metadata?: OfrepMetadata;
};

export type OfrepEvaluation = OfrepEvaluationSuccess | OfrepEvaluationFailure;

export type OfrepBulkFailure = {
  errorCode: OfrepErrorCode;
  errorDetails?: string;
};

export const isOfrepFailure = (
  evaluation: OfrepEvaluation,
): evaluation is OfrepEvaluationFailure => 'errorCode' in evaluation;

/** The HTTP status of a single-flag evaluation, as the protocol gives it. */
export function ofrepStatus(evaluation: OfrepEvaluation): 200 | 400 | 404 {
  if (!isOfrepFailure(evaluation)) return 200;
  return evaluation.errorCode === 'FLAG_NOT_FOUND' ? 404 : 400;
}

/** An evaluation context as the protocol defines it: an object whose `targetingKey`, if any, is a string. */
export function parseOfrepContext(
  body: unknown,
): { context: Record<string, JsonValue> } | { error: OfrepBulkFailure } {
  if (body === undefined || body === null) return { context: {} };
  if (typeof body !== 'object' || Array.isArray(body)) {
    return {
      error: {
        errorCode: 'INVALID_CONTEXT',
        errorDetails: 'The request body must be an object: {"context": {...}}',
      },
    };
  }
  const context = (body as { context?: unknown }).context;
  if (context === undefined || context === null) return { context: {} };
  if (typeof context !== 'object' || Array.isArray(context)) {
    return {
      error: {
        errorCode: 'INVALID_CONTEXT',
        errorDetails: 'context must be an object',
      },
    };
  }
  const targetingKey = (context as { targetingKey?: unknown }).targetingKey;
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    return {
      error: {
        errorCode: 'INVALID_CONTEXT',
        errorDetails: 'context.targetingKey must be a string',
      },
    };
  }
  return { context: context as Record<string, JsonValue> };
}

/** Whether an `If-None-Match` header names this ETag (or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string) {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch
    .split(',')
    .some(tag => tag.trim() === '*' || bare(tag) === bare(etag));
}
