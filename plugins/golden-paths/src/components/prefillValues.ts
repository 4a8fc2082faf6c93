import { Entity } from '@backstage/catalog-model';

/** A JSON Schema property of a template parameter, as far as the prefill reads it. */
type ParameterSchema = {
  type?: string | string[];
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  examples?: unknown[];
  format?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  properties?: Record<string, ParameterSchema>;
  'ui:field'?: string;
  'ui:options'?: { catalogFilter?: unknown; defaultKind?: string };
};

/** A catalog filter as `getEntities` takes it. */
export type CatalogFilter = Record<string, string | string[]>;

/**
 * The first entity ref matching a filter (`group:default/checkout-squad`),
 * or undefined when the catalog has none.
 */
export type FirstRef = (filter: CatalogFilter) => Promise<string | undefined>;

export const FALLBACK_OWNER = 'group:default/platform-squad';
export const FALLBACK_SYSTEM = 'system:default/example';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The properties of a template's parameters: `spec.parameters` is one form
 * step or a list of them, each a JSON Schema object; later steps do not
 * repeat earlier properties.
 */
export function parameterProperties(
  entity: Entity,
): Record<string, ParameterSchema> {
  const parameters = (entity.spec as { parameters?: unknown } | undefined)
    ?.parameters;
  const steps = Array.isArray(parameters) ? parameters : [parameters];
  const properties: Record<string, ParameterSchema> = {};
  for (const step of steps) {
    if (!isObject(step) || !isObject(step.properties)) continue;
    for (const [key, schema] of Object.entries(step.properties)) {
      if (!(key in properties) && isObject(schema)) {
        properties[key] = schema as ParameterSchema;
      }
    }
  }
  return properties;
}

/** A picker's `catalogFilter` when it is one plain filter, else the default. */
function catalogFilterOf(
  schema: ParameterSchema,
  fallback: CatalogFilter,
): CatalogFilter {
  const filter = schema['ui:options']?.catalogFilter;
  if (!isObject(filter)) return fallback;
  const plain: CatalogFilter = {};
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string') plain[key] = value;
    else if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
      plain[key] = value as string[];
    }
  }
  return 'kind' in plain ? plain : fallback;
}

function isOwnerField(key: string, schema: ParameterSchema): boolean {
  const field = schema['ui:field'];
  return (
    field === 'OwnerPicker' || field === 'MyGroupsPicker' || /owner/i.test(key)
  );
}

function isSystemField(key: string, schema: ParameterSchema): boolean {
  const options = schema['ui:options'];
  const filter = isObject(options?.catalogFilter)
    ? options?.catalogFilter
    : undefined;
  const kind = filter?.kind ?? options?.defaultKind;
  return (
    (typeof kind === 'string' &&
      kind.toLocaleLowerCase('en-US') === 'system') ||
    /system/i.test(key)
  );
}

function typeOf(schema: ParameterSchema): string | undefined {
  const type = Array.isArray(schema.type)
    ? schema.type.find(t => t !== 'null')
    : schema.type;
  return type;
}

async function exampleString(
  key: string,
  schema: ParameterSchema,
  firstRef: FirstRef,
): Promise<string> {
  let value: string;
  if (isOwnerField(key, schema)) {
    value =
      (await firstRef(catalogFilterOf(schema, { kind: 'Group' }))) ??
      FALLBACK_OWNER;
  } else if (isSystemField(key, schema)) {
    value =
      (await firstRef(catalogFilterOf(schema, { kind: 'System' }))) ??
      FALLBACK_SYSTEM;
  } else if (schema['ui:field'] === 'RepoUrlPicker') {
    value = 'github.com?owner=lumen-retail&repo=my-service';
  } else if (/name/i.test(key)) {
    value = 'my-service';
  } else if (/description/i.test(key)) {
    value = 'An example service, rendered by a dry run.';
  } else if (schema.format === 'email') {
    value = 'someone@example.com';
  } else if (schema.format === 'uri' || schema.format === 'url') {
    value = 'https://example.com';
  } else {
    value = 'example';
  }
  return schema.minLength && value.length < schema.minLength
    ? value.padEnd(schema.minLength, 'x')
    : value;
}

async function exampleValue(
  key: string,
  schema: ParameterSchema,
  firstRef: FirstRef,
): Promise<unknown> {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.examples?.length) return schema.examples[0];
  switch (typeOf(schema)) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      if (schema.minimum !== undefined) return schema.minimum;
      if (schema.exclusiveMinimum !== undefined) {
        return Math.floor(schema.exclusiveMinimum) + 1;
      }
      return 0;
    case 'array':
      return [];
    case 'object':
      return schema.properties
        ? exampleObject(schema.properties, firstRef)
        : {};
    default:
      return exampleString(key, schema, firstRef);
  }
}

async function exampleObject(
  properties: Record<string, ParameterSchema>,
  firstRef: FirstRef,
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties)) {
    values[key] = await exampleValue(key, schema, firstRef);
  }
  return values;
}

/**
 * Values for a dry run of a template, as its form would send them: each
 * property's default, else an example that fits — `my-service` for a name,
 * the first Group of the catalog for an owner, the first System for a
 * system, false for a boolean, the minimum (or 0) for a number.
 */
export function prefillValues(
  template: Entity,
  firstRef: FirstRef,
): Promise<Record<string, unknown>> {
  return exampleObject(parameterProperties(template), firstRef);
}
