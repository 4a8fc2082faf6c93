import {
  FlagDefinition,
  FlagValueType,
  SharedEvaluators,
  variantValueType,
} from './flagDefinition';

/** One thing wrong with a definition, at a JSON path such as `variants.blue` or `targeting.if[0].$ref`. */
export type FlagDefinitionProblem = { path: string; message: string };

export type ValidateFlagDefinitionOptions = {
  /** The shared evaluators a `$ref` may name. */
  evaluators?: SharedEvaluators;
};

export type FlagDefinitionValidation =
  | { valid: true; definition: FlagDefinition; problems: [] }
  | { valid: false; problems: FlagDefinitionProblem[] };

const FLAG_PROPERTIES = [
  'state',
  'variants',
  'defaultVariant',
  'targeting',
  'metadata',
];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends a property or index to a JSON path: `a.b`, `a[0]`, `a["x y"]`. */
export function jsonPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** `path: message` lines, the form API errors name problems in. */
export function describeFlagDefinitionProblems(
  problems: FlagDefinitionProblem[],
): string {
  return problems.map(p => `${p.path || '(root)'}: ${p.message}`).join('; ');
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const article = (type: FlagValueType) =>
  type === 'object' ? 'an object' : `a ${type}`;

const list = (names: string[]) => names.join(', ');

/**
 * Checks a flag definition against the flagd flag-definition rules and
 * returns every problem with its JSON path: state, variants all of one type
 * (boolean, string, number or object), the default variant among them,
 * metadata values, targeting that is a JSON Logic object whose `fractional`
 * buckets have integer weights and known variants, and `$ref`s that name a
 * shared evaluator. Pure: no I/O.
 */
export function validateFlagDefinition(
  definition: unknown,
  options: ValidateFlagDefinitionOptions = {},
): FlagDefinitionValidation {
  const problems: FlagDefinitionProblem[] = [];
  const problem = (path: string, message: string) =>
    problems.push({ path, message });

  if (!isObject(definition)) {
    problem('', 'must be an object with state and variants');
    return { valid: false, problems };
  }

  for (const key of Object.keys(definition)) {
    if (!FLAG_PROPERTIES.includes(key)) {
      problem(
        jsonPath('', key),
        `is not a flagd flag property (${list(FLAG_PROPERTIES)})`,
      );
    }
  }

  const state = definition.state;
  if (state === undefined) {
    problem('state', 'is required (ENABLED or DISABLED)');
  } else if (state !== 'ENABLED' && state !== 'DISABLED') {
    problem(
      'state',
      `must be ENABLED or DISABLED, not ${JSON.stringify(state)}`,
    );
  }

  const variants = definition.variants;
  let variantNames: string[] = [];
  if (variants === undefined) {
    problem('variants', 'is required');
  } else if (!isObject(variants)) {
    problem('variants', 'must be an object of variant name to value');
  } else {
    variantNames = Object.keys(variants);
    if (variantNames.length === 0) {
      problem('variants', 'must have at least one variant');
    }
    let type: FlagValueType | undefined;
    for (const name of variantNames) {
      const path = jsonPath('variants', name);
      const valueType = variantValueType(variants[name]);
      if (name.length === 0) {
        problem('variants', 'a variant name must not be empty');
      } else if (!valueType) {
        problem(path, 'must be a boolean, string, number or object');
      } else if (!type) {
        type = valueType;
      } else if (valueType !== type) {
        problem(path, `must be ${article(type)} like the other variants`);
      }
    }
  }

  const defaultVariant = definition.defaultVariant;
  if (defaultVariant !== undefined && defaultVariant !== null) {
    if (typeof defaultVariant !== 'string') {
      problem('defaultVariant', 'must be the name of a variant, or null');
    } else if (isObject(variants) && !(defaultVariant in variants)) {
      problem(
        'defaultVariant',
        `${JSON.stringify(defaultVariant)} is not one of the variants (${list(
          variantNames,
        )})`,
      );
    }
  }

  const metadata = definition.metadata;
  if (metadata !== undefined) {
    if (!isObject(metadata)) {
      problem('metadata', 'must be an object');
    } else {
      for (const [key, value] of Object.entries(metadata)) {
        if (!['string', 'number', 'boolean'].includes(typeof value)) {
          problem(
            jsonPath('metadata', key),
            'must be a string, number or boolean',
          );
        }
      }
    }
  }

  const targeting = definition.targeting;
  if (targeting !== undefined) {
    if (!isObject(targeting)) {
      problem('targeting', 'must be a JSON Logic object');
    } else {
      checkTargeting(targeting, 'targeting', {
        evaluators: options.evaluators ?? {},
        variantNames: isObject(variants) ? variantNames : undefined,
        problem,
      });
    }
  }

  if (problems.length > 0) return { valid: false, problems };
  return {
    valid: true,
    definition: definition as FlagDefinition,
    problems: [],
  };
}

type TargetingCheck = {
  evaluators: SharedEvaluators;
  variantNames?: string[];
  problem(path: string, message: string): void;
};

function checkTargeting(node: unknown, path: string, check: TargetingCheck) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkTargeting(item, jsonPath(path, i), check));
    return;
  }
  if (!isObject(node)) return;

  if ('$ref' in node) {
    const ref = node.$ref;
    const refPath = jsonPath(path, '$ref');
    const known = Object.keys(check.evaluators);
    if (Object.keys(node).length > 1) {
      // flagd replaces exactly {"$ref": name}; anything beside it breaks the match.
      check.problem(path, 'a $ref must be alone in its object');
    } else if (typeof ref !== 'string') {
      check.problem(refPath, 'must be the name of a shared evaluator');
    } else if (!(ref in check.evaluators)) {
      check.problem(
        refPath,
        `${JSON.stringify(ref)} is not a shared evaluator (${
          known.length ? list(known) : 'none defined'
        })`,
      );
    }
    return;
  }

  for (const [operator, args] of Object.entries(node)) {
    const argsPath = jsonPath(path, operator);
    if (operator === 'fractional') {
      checkFractional(args, argsPath, check);
    } else {
      checkTargeting(args, argsPath, check);
    }
  }
}

/**
 * `fractional` as flagd-core evaluates it: an optional bucketing value (a
 * string or an expression) and then buckets `[variant, weight?]`, where the
 * weight is an integer (a missing weight is 1).
 */
function checkFractional(args: unknown, path: string, check: TargetingCheck) {
  if (!Array.isArray(args)) {
    check.problem(path, 'must be an array of [variant, weight] buckets');
    return;
  }
  const buckets = Array.isArray(args[0]) ? args : args.slice(1);
  const offset = args.length - buckets.length;
  if (offset === 1) checkTargeting(args[0], jsonPath(path, 0), check);
  if (buckets.length === 0) {
    check.problem(path, 'must have at least one [variant, weight] bucket');
  }
  buckets.forEach((bucket, i) => {
    const bucketPath = jsonPath(path, i + offset);
    if (!Array.isArray(bucket) || bucket.length === 0 || bucket.length > 2) {
      check.problem(bucketPath, 'must be a [variant, weight] bucket');
      return;
    }
    const [variant, weight] = bucket;
    if (typeof variant === 'string') {
      if (check.variantNames && !check.variantNames.includes(variant)) {
        check.problem(
          jsonPath(bucketPath, 0),
          `${JSON.stringify(variant)} is not one of the variants (${list(
            check.variantNames,
          )})`,
        );
      }
    } else {
      checkTargeting(variant, jsonPath(bucketPath, 0), check);
    }
    if (
      bucket.length === 2 &&
      !(typeof weight === 'number' && Number.isInteger(weight) && weight >= 0)
    ) {
      check.problem(
        jsonPath(bucketPath, 1),
        `weight must be a non-negative integer, not ${JSON.stringify(weight)}`,
      );
    }
  });
}
