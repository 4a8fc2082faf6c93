import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** One parameter that failed its check, named as the template names it. */
export type ParameterProblem = { field: string; message: string };

export type ExpectedEntity = {
  field: string;
  ref: string;
  kind: 'Group' | 'System' | 'Component';
};

export type CheckedEntity = { ref: string; entity: Entity };

/**
 * Parses `ref` (with `kind` as the default kind and `default` namespace) or
 * says why it cannot be one of `kind`.
 */
export function parseExpectedRef(
  expected: ExpectedEntity,
): { ref: string } | { problem: ParameterProblem } {
  const { field, kind } = expected;
  let parsed;
  try {
    parsed = parseEntityRef(expected.ref.trim(), {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch (error) {
    return {
      problem: {
        field,
        message: `"${expected.ref}" is not an entity reference (${
          (error as Error).message
        })`,
      },
    };
  }
  if (parsed.kind.toLowerCase() !== kind.toLowerCase()) {
    return {
      problem: {
        field,
        message: `${stringifyEntityRef(parsed)} is a ${
          parsed.kind
        }, but must be a ${kind}`,
      },
    };
  }
  return { ref: stringifyEntityRef({ ...parsed, kind }) };
}

/** The `github.com?owner=o&repo=r` repo URL of a Component, from its project slug. */
export function componentRepoUrl(
  entity: Entity,
  host = 'github.com',
): string | undefined {
  const slug = entity.metadata.annotations?.['github.com/project-slug'];
  const match = slug && /^([^/\s]+)\/([^/\s]+)$/.exec(slug.trim());
  return match
    ? `${host}?owner=${encodeURIComponent(match[1])}&repo=${encodeURIComponent(
        match[2],
      )}`
    : undefined;
}

/** One message naming every problem, field by field. */
export function describeProblems(problems: ParameterProblem[]): string {
  return `The template's parameters are not valid, so nothing was created: ${problems
    .map(p => `${p.field}: ${p.message}`)
    .join('; ')}`;
}
