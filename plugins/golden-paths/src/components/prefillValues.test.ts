import { Entity } from '@backstage/catalog-model';
import { typescriptTemplateEntity } from '../__testUtils__/fixtures';
import {
  CatalogFilter,
  parameterProperties,
  prefillValues,
} from './prefillValues';

const template = (parameters: NonNullable<Entity['spec']>[string]): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 't' },
  spec: { parameters, steps: [] },
});

describe('prefillValues', () => {
  it('uses defaults, then examples that fit each property', async () => {
    const firstRef = jest.fn(async (filter: CatalogFilter) =>
      filter.kind === 'Group' ? 'group:default/checkout-squad' : undefined,
    );
    expect(await prefillValues(typescriptTemplateEntity, firstRef)).toEqual({
      name: 'my-service',
      owner: 'group:default/checkout-squad',
      system: 'system:default/example',
      port: 8080,
      replicas: 2,
      createFeatureFlag: false,
    });
    expect(firstRef).toHaveBeenCalledWith({ kind: 'Group' });
    expect(firstRef).toHaveBeenCalledWith({ kind: 'System' });
  });

  it('falls back to the platform squad when the catalog has no group', async () => {
    const values = await prefillValues(
      template({ properties: { owner: { type: 'string' } } }),
      async () => undefined,
    );
    expect(values).toEqual({ owner: 'group:default/platform-squad' });
  });

  it('honours a picker’s catalog filter', async () => {
    const firstRef = jest.fn(async () => 'group:default/a-team');
    await prefillValues(
      template({
        properties: {
          owner: {
            type: 'string',
            'ui:field': 'OwnerPicker',
            'ui:options': {
              catalogFilter: { kind: 'Group', 'spec.type': 'team' },
            },
          },
        },
      }),
      firstRef,
    );
    expect(firstRef).toHaveBeenCalledWith({
      kind: 'Group',
      'spec.type': 'team',
    });
  });

  it('fills enums, numbers, arrays, objects and lengths', async () => {
    const values = await prefillValues(
      template({
        properties: {
          language: { type: 'string', enum: ['go', 'typescript'] },
          ratio: { type: 'number', exclusiveMinimum: 0.5 },
          count: { type: 'integer' },
          topics: { type: 'array', items: { type: 'string' } },
          database: {
            type: 'object',
            properties: {
              enabled: { type: 'boolean' },
              size: { type: 'integer', minimum: 10 },
            },
          },
          description: { type: 'string', minLength: 50 },
          repoUrl: { type: 'string', 'ui:field': 'RepoUrlPicker' },
          nickname: { type: ['string', 'null'], examples: ['lucky'] },
        },
      }),
      async () => undefined,
    );
    expect(values).toEqual({
      language: 'go',
      ratio: 1,
      count: 0,
      topics: [],
      database: { enabled: false, size: 10 },
      description: expect.stringMatching(/^An example service.{0,50}$/),
      repoUrl: 'github.com?owner=lumen-retail&repo=my-service',
      nickname: 'lucky',
    });
    expect((values.description as string).length).toBe(50);
  });

  it('reads one step or several, and nothing from a template without parameters', () => {
    expect(
      Object.keys(parameterProperties(template({ properties: { a: {} } }))),
    ).toEqual(['a']);
    expect(parameterProperties(template(undefined))).toEqual({});
    expect(
      Object.keys(
        parameterProperties(
          template([
            { properties: { a: { type: 'string' } } },
            { properties: { b: {}, a: { type: 'number' } } },
          ]),
        ),
      ),
    ).toEqual(['a', 'b']);
  });
});
