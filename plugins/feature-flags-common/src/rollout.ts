import { FlagDefinition, JsonObject, JsonValue } from './flagDefinition';
import { FeatureFlagsSettings } from './api';

/**
 * The rollout ladder: a release goes `off` → `internal` (staff) → `beta`
 * (staff and beta testers) → `percentage` (them and x % of everyone else)
 * → `all`. Each stage is a targeting the ladder writes in flagd JSON Logic;
 * a targeting it did not write is `custom`.
 */
export const ROLLOUT_STAGES = [
  'off',
  'internal',
  'beta',
  'percentage',
  'all',
] as const;

export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

/** The segments (shared evaluators) the `internal` and `beta` stages use. */
export type RolloutSettings = FeatureFlagsSettings['rollout'];

/** Where a definition is on the ladder, or `custom` when the ladder did not write it. */
export type RolloutPosition =
  | { stage: 'off' | 'internal' | 'beta' | 'all' }
  | { stage: 'percentage'; percentage: number }
  | { stage: 'custom' };

/** The variant served when a feature is on, and the one when it is off. */
export type RolloutVariants = { onVariant: string; offVariant: string };

export type ApplyRolloutStageOptions = RolloutVariants & {
  rollout: RolloutSettings;
  /** For `percentage`: the share of everyone outside the segments served on, 0–100. */
  percentage?: number;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The on and off variants of a definition: for a boolean flag the variants
 * whose values are `true` and `false` (those named `on` and `off` when there
 * are several), for any other the variants named `on` and `off`. Undefined
 * when the flag has no such pair, and so cannot be walked up the ladder.
 */
export function rolloutVariants(
  definition: Pick<FlagDefinition, 'variants'>,
): RolloutVariants | undefined {
  const variants = definition.variants ?? {};
  const names = Object.keys(variants);
  const named = (name: string, value: boolean) =>
    names.includes(name) && variants[name] === value
      ? name
      : names.find(n => variants[n] === value);
  const allBoolean =
    names.length > 0 && names.every(n => typeof variants[n] === 'boolean');
  if (allBoolean) {
    const onVariant = named('on', true);
    const offVariant = named('off', false);
    return onVariant && offVariant ? { onVariant, offVariant } : undefined;
  }
  return names.includes('on') && names.includes('off')
    ? { onVariant: 'on', offVariant: 'off' }
    : undefined;
}

/** The ladder's stages this deployment offers: those whose segment is configured. */
export function availableRolloutStages(
  rollout: RolloutSettings,
): RolloutStage[] {
  return ROLLOUT_STAGES.filter(
    stage =>
      (stage !== 'internal' || Boolean(rollout.internalEvaluator)) &&
      (stage !== 'beta' || Boolean(rollout.betaEvaluator)),
  );
}

/** `{"$ref": name}`s of the configured segments up to a stage, in ladder order. */
function segmentRefs(
  rollout: RolloutSettings,
  upTo: 'internal' | 'beta',
): JsonObject[] {
  const names =
    upTo === 'internal'
      ? [rollout.internalEvaluator]
      : [rollout.internalEvaluator, rollout.betaEvaluator];
  return names
    .filter((name): name is string => Boolean(name))
    .map(name => ({ $ref: name }));
}

/** The condition that matches the segments: one `$ref`, or `or` of several; none when there are none. */
function segmentCondition(refs: JsonObject[]): JsonValue | undefined {
  if (refs.length === 0) return undefined;
  return refs.length === 1 ? refs[0] : { or: refs };
}

/**
 * `fractional` without a bucketing value: flagd buckets by the flag key and
 * the context's `targetingKey`, so a user keeps their bucket as the
 * percentage grows (the `on` bucket only widens).
 */
function fractional(variants: RolloutVariants, percentage: number): JsonObject {
  return {
    fractional: [
      [variants.onVariant, percentage],
      [variants.offVariant, 100 - percentage],
    ],
  };
}

/** The targeting the ladder writes for a targeted stage. */
function ladderTargeting(
  stage: 'internal' | 'beta' | 'percentage',
  variants: RolloutVariants,
  rollout: RolloutSettings,
  percentage = 0,
): JsonObject | undefined {
  const { onVariant, offVariant } = variants;
  if (stage === 'percentage') {
    const condition = segmentCondition(segmentRefs(rollout, 'beta'));
    const share = fractional(variants, percentage);
    return condition === undefined
      ? share
      : { if: [condition, onVariant, share] };
  }
  const condition = segmentCondition(segmentRefs(rollout, stage));
  return condition === undefined
    ? undefined
    : { if: [condition, onVariant, offVariant] };
}

/** Deep equality of JSON values, key order aside. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameJson(item, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(key => key in b && sameJson(a[key], b[key]))
    );
  }
  return a === b;
}

/** The percentage of a `fractional` the ladder wrote, else undefined. */
function ladderPercentage(
  node: unknown,
  variants: RolloutVariants,
): number | undefined {
  if (!isObject(node) || Object.keys(node).length !== 1) return undefined;
  const buckets = node.fractional;
  if (!Array.isArray(buckets) || buckets.length !== 2) return undefined;
  const [on, off] = buckets;
  if (
    !Array.isArray(on) ||
    !Array.isArray(off) ||
    on[0] !== variants.onVariant ||
    off[0] !== variants.offVariant
  ) {
    return undefined;
  }
  const [, onWeight] = on;
  const [, offWeight] = off;
  if (
    typeof onWeight !== 'number' ||
    typeof offWeight !== 'number' ||
    !Number.isInteger(onWeight) ||
    !Number.isInteger(offWeight) ||
    onWeight + offWeight !== 100 ||
    onWeight < 0 ||
    offWeight < 0
  ) {
    return undefined;
  }
  return onWeight;
}

/**
 * Where a definition stands on the ladder. Without targeting it is `off`
 * or `all` by its default variant; with targeting it is the stage whose
 * targeting the ladder writes, else `custom` (hand-written JSON Logic,
 * variants other than an on/off pair, segments the settings do not name).
 * The flag's `state` is not considered: a DISABLED flag is shown as such
 * beside its stage.
 */
export function describeRollout(
  definition: FlagDefinition,
  rollout: RolloutSettings,
  variants: RolloutVariants | undefined = rolloutVariants(definition),
): RolloutPosition {
  if (!variants) return { stage: 'custom' };
  const targeting = definition.targeting;
  if (!targeting || Object.keys(targeting).length === 0) {
    if (definition.defaultVariant === variants.onVariant) {
      return { stage: 'all' };
    }
    if (definition.defaultVariant === variants.offVariant) {
      return { stage: 'off' };
    }
    return { stage: 'custom' };
  }
  for (const stage of ['internal', 'beta'] as const) {
    if (!availableRolloutStages(rollout).includes(stage)) continue;
    const written = ladderTargeting(stage, variants, rollout);
    if (written && sameJson(targeting, written)) return { stage };
  }
  const condition = segmentCondition(segmentRefs(rollout, 'beta'));
  let share: unknown = targeting;
  if (condition !== undefined) {
    const branches = targeting.if;
    const isLadderIf =
      Object.keys(targeting).length === 1 &&
      Array.isArray(branches) &&
      branches.length === 3 &&
      sameJson(branches[0], condition) &&
      branches[1] === variants.onVariant;
    share = isLadderIf ? branches[2] : undefined;
  }
  const percentage = ladderPercentage(share, variants);
  return percentage === undefined
    ? { stage: 'custom' }
    : { stage: 'percentage', percentage };
}

/**
 * The definition at a stage of the ladder: variants and metadata kept,
 * `state` ENABLED (a DISABLED flag would serve the code default whatever
 * the stage), the targeting the stage writes (none for `off` and `all`)
 * and the default variant `off` — or `on` for `all`. Throws for a stage
 * whose segment is not configured, and for a percentage that is not an
 * integer from 0 to 100.
 */
export function applyRolloutStage(
  definition: FlagDefinition,
  stage: RolloutStage,
  options: ApplyRolloutStageOptions,
): FlagDefinition {
  const { rollout, onVariant, offVariant } = options;
  if (!availableRolloutStages(rollout).includes(stage)) {
    throw new Error(
      `The ${stage} stage needs the rollout.${stage}Evaluator setting`,
    );
  }
  for (const variant of [onVariant, offVariant]) {
    if (!(variant in definition.variants)) {
      throw new Error(`${JSON.stringify(variant)} is not one of the variants`);
    }
  }
  const { targeting: _replaced, ...rest } = definition;
  if (stage === 'off' || stage === 'all') {
    return {
      ...rest,
      state: 'ENABLED',
      defaultVariant: stage === 'all' ? onVariant : offVariant,
    };
  }
  const percentage = options.percentage ?? 0;
  if (
    stage === 'percentage' &&
    !(Number.isInteger(percentage) && percentage >= 0 && percentage <= 100)
  ) {
    throw new Error(
      `The percentage must be an integer from 0 to 100, not ${percentage}`,
    );
  }
  return {
    ...rest,
    state: 'ENABLED',
    defaultVariant: offVariant,
    targeting: ladderTargeting(
      stage,
      { onVariant, offVariant },
      rollout,
      percentage,
    ),
  };
}

/**
 * The kill switch: the `off` variant for everyone, at once — enabled (a
 * DISABLED flag would fall back to the code default, which may be on),
 * default variant off, targeting removed. Throws when the definition has no
 * off variant to serve.
 */
export function killSwitch(
  definition: FlagDefinition,
  offVariant: string | undefined = rolloutVariants(definition)?.offVariant,
): FlagDefinition {
  if (!offVariant || !(offVariant in definition.variants)) {
    throw new Error('The flag has no off variant to serve');
  }
  const { targeting: _removed, ...rest } = definition;
  return { ...rest, state: 'ENABLED', defaultVariant: offVariant };
}
