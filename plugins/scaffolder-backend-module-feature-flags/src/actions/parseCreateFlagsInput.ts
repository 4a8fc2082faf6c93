import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  describeFlagDefinitionProblems,
  FlagKind,
  flagKeySchema,
  flagKindSchema,
  jsonPath,
  validateFlagDefinition,
} from '@internal/plugin-feature-flags-common';
import { z } from 'zod';

/** At most this many flags per step, so one template cannot flood a Component. */
export const MAX_FLAGS_PER_STEP = 50;
export const DEFAULT_WAIT_FOR_ENTITY_SECONDS = 60;
export const MAX_WAIT_FOR_ENTITY_SECONDS = 600;

/**
 * The action's input as the handler trusts it. The scaffolder checks the
 * JSON schema made from the action's zod/v3 schema before the step runs;
 * this (zod v4, with the common package's key and kind schemas) is the
 * authoritative check, and also covers runs that skip that step (tests, dry
 * runs from the template editor).
 */
const inputSchema = z.strictObject({
  entityRef: z.string().trim().min(1, 'must be a Component ref'),
  flags: z
    .array(
      z.strictObject({
        key: flagKeySchema,
        kind: flagKindSchema,
        description: z.string().max(2000).optional(),
        definition: z.unknown().optional(),
      }),
    )
    .min(1, 'must have at least one flag')
    .max(MAX_FLAGS_PER_STEP, `must have at most ${MAX_FLAGS_PER_STEP} flags`),
  waitForEntitySeconds: z
    .number()
    .min(0)
    .max(MAX_WAIT_FOR_ENTITY_SECONDS)
    .default(DEFAULT_WAIT_FOR_ENTITY_SECONDS),
});

export type FlagToCreate = {
  key: string;
  kind: FlagKind;
  description?: string;
  definition?: unknown;
};

export type CreateFlagsInput = {
  /** The Component, with kind `component`. */
  entity: CompoundEntityRef;
  /** `component:<namespace>/<name>`, as the feature-flags backend names it. */
  entityRef: string;
  flags: FlagToCreate[];
  waitForEntitySeconds: number;
};

function pathOf(segments: ReadonlyArray<PropertyKey>): string {
  return segments.reduce<string>(
    (path, segment) =>
      jsonPath(path, typeof segment === 'number' ? segment : String(segment)),
    '',
  );
}

/** `base` followed by a path relative to it (`variants.on`, `["a b"]`, or none). */
function joinPath(base: string, relative: string): string {
  if (!relative) return base;
  return relative.startsWith('[') ? base + relative : `${base}.${relative}`;
}

/** The names used as `{"$ref": name}` anywhere in a definition. */
function sharedEvaluatorNames(node: unknown, names = new Set<string>()) {
  if (Array.isArray(node)) {
    node.forEach(item => sharedEvaluatorNames(item, names));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') names.add(value);
      else sharedEvaluatorNames(value, names);
    }
  }
  return names;
}

/**
 * Checks the whole input before any request: the entity ref, every key and
 * kind, no key twice, and every definition with the same validator the
 * backend uses — so a template with one bad flag creates none. Throws an
 * `InputError` naming the flag's index and the JSON path.
 */
export function parseCreateFlagsInput(input: unknown): CreateFlagsInput {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(
      `Invalid input: ${parsed.error.issues
        .map(issue => `${pathOf(issue.path) || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { flags, waitForEntitySeconds } = parsed.data;

  let entity: CompoundEntityRef;
  try {
    entity = parseEntityRef(parsed.data.entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid input: entityRef: ${(error as Error).message}`,
    );
  }
  if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
    throw new InputError(
      `Invalid input: entityRef: flags belong to a Component, not to ${parsed.data.entityRef}`,
    );
  }

  const problems: string[] = [];
  const firstIndexOfKey = new Map<string, number>();
  flags.forEach((flag, index) => {
    const at = jsonPath(jsonPath('flags', index), 'key');
    const first = firstIndexOfKey.get(flag.key);
    if (first !== undefined) {
      problems.push(`${at}: "${flag.key}" is also flags[${first}]`);
    } else {
      firstIndexOfKey.set(flag.key, index);
    }

    if (flag.definition === undefined) return;
    // The shared evaluators are the feature-flags backend's configuration:
    // the names a definition refers to are taken as known here, and the
    // backend, which knows them, refuses an unknown one with its path.
    const evaluators = Object.fromEntries(
      [...sharedEvaluatorNames(flag.definition)].map(name => [name, true]),
    );
    const result = validateFlagDefinition(flag.definition, { evaluators });
    if (!result.valid) {
      const base = jsonPath(jsonPath('flags', index), 'definition');
      problems.push(
        describeFlagDefinitionProblems(
          result.problems.map(p => ({
            ...p,
            path: joinPath(base, p.path),
          })),
        ),
      );
    }
  });
  if (problems.length > 0) {
    throw new InputError(
      `Invalid input, no flag was created: ${problems.join('; ')}`,
    );
  }

  return {
    entity,
    entityRef: `component:${entity.namespace}/${entity.name}`.toLocaleLowerCase(
      'en-US',
    ),
    flags: flags.map(({ key, kind, description, definition }) => ({
      key,
      kind,
      ...(description !== undefined && { description }),
      ...(definition !== undefined && { definition }),
    })),
    waitForEntitySeconds,
  };
}
