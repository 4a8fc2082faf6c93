import { LoggerService } from '@backstage/backend-plugin-api';
import {
  FlagSet,
  JsonValue,
  SharedEvaluators,
} from '@internal/plugin-feature-flags-common';
import type { Logger } from '@openfeature/core';
import { FlagdCore } from '@openfeature/flagd-core';
import { createHash } from 'crypto';
import {
  OfrepEvaluation,
  OfrepEvaluationFailure,
  OfrepMetadata,
  OfrepReason,
} from './ofrep';

/** flagd-core logs every bad context at debug; only its warnings are worth keeping. */
function toOpenFeatureLogger(logger: LoggerService): Logger {
  return {
    error: (...args: unknown[]) => logger.error(args.map(String).join(' ')),
    warn: (...args: unknown[]) => logger.warn(args.map(String).join(' ')),
    info: () => {},
    debug: () => {},
  };
}

/**
 * flagd reasons as OFREP reasons. OFREP has no DEFAULT: a targeting rule
 * that matched nothing (flagd-core's DEFAULT) is UNKNOWN; the variant says
 * which value was served.
 */
const REASONS: Record<string, OfrepReason> = {
  STATIC: 'STATIC',
  TARGETING_MATCH: 'TARGETING_MATCH',
  SPLIT: 'SPLIT',
  DISABLED: 'DISABLED',
};

const metadataOf = (metadata: Record<string, unknown> | undefined) =>
  metadata && Object.keys(metadata).length > 0
    ? { metadata: metadata as OfrepMetadata }
    : {};

/** Whether a targeting rule (with `$ref`s followed) buckets by the targeting key. */
function bucketsByTargetingKey(
  node: unknown,
  evaluators: SharedEvaluators,
  seen = new Set<string>(),
): boolean {
  if (Array.isArray(node)) {
    return node.some(n => bucketsByTargetingKey(n, evaluators, seen));
  }
  if (node === null || typeof node !== 'object') return false;
  const object = node as Record<string, unknown>;
  if (typeof object.$ref === 'string') {
    if (seen.has(object.$ref)) return false;
    seen.add(object.$ref);
    return bucketsByTargetingKey(evaluators[object.$ref], evaluators, seen);
  }
  return Object.entries(object).some(([operator, args]) =>
    operator === 'fractional' && Array.isArray(args) && Array.isArray(args[0])
      ? true
      : bucketsByTargetingKey(args, evaluators, seen),
  );
}

/** The SHA-256 of a flag set's JSON: its version, in ETags and the evaluator cache. */
export function hashFlagSet(flagSet: FlagSet): string {
  return createHash('sha256').update(JSON.stringify(flagSet)).digest('hex');
}

/**
 * One flag set (a Component in an environment) loaded into flagd-core, the
 * reference flagd evaluator, with its results in OFREP shapes.
 */
export class FlagSetEvaluator {
  readonly hash: string;
  private readonly core: FlagdCore;
  private readonly parseError?: string;
  private readonly keyBucketed = new Set<string>();

  constructor(readonly flagSet: FlagSet, logger: LoggerService) {
    this.hash = hashFlagSet(flagSet);
    this.core = new FlagdCore(undefined, toOpenFeatureLogger(logger));
    try {
      this.core.setConfigurations(JSON.stringify(flagSet));
    } catch (error) {
      this.parseError = `The flag set could not be parsed: ${error}`;
    }
    for (const [key, flag] of Object.entries(flagSet.flags)) {
      if (bucketsByTargetingKey(flag.targeting, flagSet.$evaluators ?? {})) {
        this.keyBucketed.add(key);
      }
    }
  }

  /** Evaluates one flag; never throws. */
  evaluate(key: string, context: Record<string, JsonValue>): OfrepEvaluation {
    if (this.parseError) {
      return { key, errorCode: 'PARSE_ERROR', errorDetails: this.parseError };
    }
    const flag = this.core.getFlag(key);
    if (!flag) {
      return {
        key,
        errorCode: 'FLAG_NOT_FOUND',
        errorDetails: `Flag '${key}' was not found`,
      };
    }
    const metadata = metadataOf(flag.metadata);
    if (flag.state === 'DISABLED') {
      return { key, reason: 'DISABLED', ...metadata };
    }
    try {
      const result = flag.evaluate(context);
      if (result.reason === 'ERROR') {
        const failure: OfrepEvaluationFailure = {
          key,
          errorCode:
            result.errorCode === 'PARSE_ERROR' ? 'PARSE_ERROR' : 'GENERAL',
          errorDetails: result.errorMessage,
          ...metadata,
        };
        return failure;
      }
      if (
        result.reason === 'DEFAULT' &&
        this.keyBucketed.has(key) &&
        !context.targetingKey
      ) {
        return {
          key,
          errorCode: 'TARGETING_KEY_MISSING',
          errorDetails: `Flag '${key}' splits by targetingKey; the context has none`,
          ...metadata,
        };
      }
      return {
        key,
        reason: REASONS[result.reason ?? ''] ?? 'UNKNOWN',
        ...(result.variant !== undefined ? { variant: result.variant } : {}),
        ...(result.value !== undefined
          ? { value: result.value as JsonValue }
          : {}),
        ...metadata,
      };
    } catch (error) {
      return {
        key,
        errorCode: 'GENERAL',
        errorDetails: `Flag '${key}' could not be evaluated: ${error}`,
        ...metadata,
      };
    }
  }

  /** Evaluates every flag of the set, in key order. */
  evaluateAll(context: Record<string, JsonValue>): OfrepEvaluation[] {
    return Object.keys(this.flagSet.flags).map(key =>
      this.evaluate(key, context),
    );
  }
}
