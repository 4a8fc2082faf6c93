import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

const CATALOG_DIR = join(__dirname, '../../../../catalog-info');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

function loadDemoEntities(): Array<{ file: string; entity: Entity }> {
  return yamlFiles(CATALOG_DIR).flatMap(file =>
    parseAllDocuments(readFileSync(file, 'utf8')).map(doc => {
      if (doc.errors.length > 0) {
        throw new Error(`${relative(CATALOG_DIR, file)}: ${doc.errors[0].message}`);
      }
      return { file, entity: doc.toJS() as Entity };
    }),
  );
}

// The relation fields whose values must name entities in the demo org, with
// the kind a bare name refers to.
const REFERENCE_FIELDS: Array<[string, string]> = [
  ['owner', 'group'],
  ['system', 'system'],
  ['domain', 'domain'],
  ['parent', 'group'],
  ['memberOf', 'group'],
  ['providesApis', 'api'],
  ['consumesApis', 'api'],
  ['dependsOn', 'component'],
];

describe('the demo organisation in catalog-info/', () => {
  const entries = loadDemoEntities();
  const refs = new Set(entries.map(({ entity }) => stringifyEntityRef(entity)));

  it('is an organisation a first-time user can explore', () => {
    const count = (kind: string, type?: string) =>
      entries.filter(
        ({ entity }) =>
          entity.kind === kind &&
          (type === undefined || (entity.spec as any)?.type === type),
      ).length;
    expect(count('Domain')).toBeGreaterThanOrEqual(1);
    expect(count('System')).toBeGreaterThanOrEqual(4);
    expect(count('Group', 'team')).toBe(5);
    expect(refs).toContain('group:default/platform-squad');
    expect(count('User')).toBeGreaterThanOrEqual(10);
    expect(refs).toContain('user:default/guest');
    expect(count('Component')).toBeGreaterThanOrEqual(15);
    for (const type of ['service', 'website', 'library']) {
      expect(count('Component', type)).toBeGreaterThan(0);
    }
    expect(count('API')).toBeGreaterThanOrEqual(5);
    expect(count('Resource', 'database')).toBeGreaterThan(0);
    expect(count('Resource', 'queue')).toBeGreaterThan(0);
  });

  it('passes the catalog’s own entity validation', async () => {
    const policy = EntityPolicies.allOf([
      new SchemaValidEntityPolicy(),
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
    ]);
    for (const { file, entity } of entries) {
      await expect(
        policy.enforce(entity).catch(error => {
          throw new Error(`${relative(CATALOG_DIR, file)} ${entity.metadata.name}: ${error.message}`);
        }),
      ).resolves.toBeDefined();
    }
  });

  it('only refers to entities that exist', () => {
    const dangling: string[] = [];
    for (const { file, entity } of entries) {
      const spec = (entity.spec ?? {}) as Record<string, unknown>;
      for (const [field, defaultKind] of REFERENCE_FIELDS) {
        const values = ([] as unknown[]).concat(spec[field] ?? []);
        for (const value of values) {
          const ref = stringifyEntityRef(
            parseEntityRef(String(value), { defaultKind, defaultNamespace: 'default' }),
          );
          if (!refs.has(ref)) {
            dangling.push(`${relative(CATALOG_DIR, file)} ${entity.metadata.name}.spec.${field} -> ${ref}`);
          }
        }
      }
    }
    expect(dangling).toEqual([]);
  });

  it('gives every component an owner, a lifecycle and a GitHub slug', () => {
    for (const { entity } of entries.filter(e => e.entity.kind === 'Component')) {
      expect(entity.spec).toMatchObject({
        owner: expect.any(String),
        lifecycle: expect.stringMatching(/^(production|experimental|deprecated)$/),
      });
      expect(entity.metadata.annotations?.['github.com/project-slug']).toBe(
        `lumen-retail/${entity.metadata.name}`,
      );
    }
  });
});
