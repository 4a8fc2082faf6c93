import { FlagDefinition } from './flagDefinition';

/**
 * The variant a definition serves to everyone, if it serves only one: an
 * enabled flag without targeting serves its default variant to every
 * context. Undefined when targeting can pick different variants, when the
 * flag is disabled (providers fall back to the code default) or when there
 * is no default variant.
 */
export function singleServedVariant(
  definition: FlagDefinition,
): string | undefined {
  if (definition.state !== 'ENABLED') return undefined;
  const targeting = definition.targeting;
  if (targeting && Object.keys(targeting).length > 0) return undefined;
  const variant = definition.defaultVariant;
  return variant && variant in definition.variants ? variant : undefined;
}
