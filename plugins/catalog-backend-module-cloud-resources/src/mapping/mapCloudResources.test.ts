import { Entity } from '@backstage/catalog-model';
import { indexCatalog } from '../catalog/CatalogIndex';
import { CloudResource } from '../sources/types';
import { mapCloudResources, MappingOptions } from './mapCloudResources';

const PROVIDER = 'cloud-resources:lumen-retail';

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'fulfilment-squad' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'identity-squad' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'order-service' },
    spec: { owner: 'group:default/fulfilment-squad', system: 'fulfilment' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'identity-service' },
    spec: { owner: 'identity-squad' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'aws-sqs-taken' },
    spec: { type: 'queue', owner: 'x' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'aws-rds-orders-prod',
      annotations: { 'paved.dev/ingested-by': PROVIDER },
    },
    spec: { type: 'database', owner: 'x' },
  },
];

const options: MappingOptions = {
  providerName: PROVIDER,
  tagKeys: { service: 'service', team: 'team', environment: 'env' },
  unownedOwner: 'group:default/unowned',
};

const rds = (name: string, tags: Record<string, string>): CloudResource => ({
  provider: 'aws',
  account: '210987654321',
  region: 'eu-west-1',
  id: `arn:aws:rds:eu-west-1:210987654321:db:${name}`,
  service: 'rds',
  resourceType: 'db',
  name,
  tags,
});

describe('mapCloudResources', () => {
  const catalog = indexCatalog(catalogEntities, PROVIDER);
  const byName = (resources: CloudResource[], opts = options) =>
    Object.fromEntries(
      mapCloudResources(resources, catalog, opts).entities.map(e => [
        e.metadata.name,
        e,
      ]),
    );

  it('owns a resource by its team tag and makes it a dependency of its service', () => {
    const { entities, counts } = mapCloudResources(
      [
        rds('orders-prod', {
          service: 'order-service',
          team: 'fulfilment-squad',
          env: 'production',
        }),
      ],
      catalog,
      options,
    );
    expect(counts).toEqual({ resources: 1, unowned: 0, aws: 1, azure: 0 });
    expect(entities[0]).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        // Its own earlier emission does not count as taken.
        name: 'aws-rds-orders-prod',
        title: 'orders-prod',
        description: `Amazon RDS database in AWS account 210987654321, eu-west-1. Listed from its tags by ${PROVIDER}.`,
        tags: ['aws', 'aws-rds'],
        labels: { 'paved.dev/environment': 'production' },
        annotations: {
          'backstage.io/managed-by-location':
            'cloud-resources:aws/210987654321/eu-west-1',
          'backstage.io/managed-by-origin-location':
            'cloud-resources:aws/210987654321/eu-west-1',
          'paved.dev/ingested-by': PROVIDER,
          'paved.dev/source-kind': 'aws',
          'paved.dev/source-location': '210987654321/eu-west-1',
          'paved.dev/cloud-resource-id':
            'arn:aws:rds:eu-west-1:210987654321:db:orders-prod',
          'paved.dev/cloud-provider': 'aws',
          'paved.dev/cloud-account': '210987654321',
          'paved.dev/region': 'eu-west-1',
          'paved.dev/environment': 'production',
          'paved.dev/owner-source': 'team-tag',
        },
      },
      spec: {
        type: 'database',
        owner: 'group:default/fulfilment-squad',
        system: 'system:default/fulfilment',
        dependencyOf: ['component:default/order-service'],
        cloudTags: {
          service: 'order-service',
          team: 'fulfilment-squad',
          env: 'production',
        },
      },
    });
  });

  it("falls back to the service's owner when the team tag names no group", () => {
    const entity = byName([
      rds('tokens', { service: 'identity-service', team: 'identity' }),
    ])['aws-rds-tokens'];
    expect(entity.spec).toMatchObject({
      owner: 'group:default/identity-squad',
      dependencyOf: ['component:default/identity-service'],
    });
    expect(entity.metadata.annotations?.['paved.dev/owner-source']).toBe(
      'service-tag',
    );
  });

  it('lists untagged and unresolvable resources as unowned, not dropped', () => {
    const resources = [
      rds('scratch', {}),
      rds('sandbox', {
        team: 'data-science',
        service: 'no-such-service',
        env: 'staging',
      }),
    ];
    const { entities, counts } = mapCloudResources(resources, catalog, options);
    expect(counts.unowned).toBe(2);
    for (const entity of entities) {
      expect(entity.spec?.owner).toBe('group:default/unowned');
      expect(entity.spec?.dependencyOf).toBeUndefined();
      expect(entity.metadata.annotations).toMatchObject({
        'paved.dev/unowned': 'true',
        'paved.dev/owner-source': 'none',
      });
    }
  });

  it('honours configured tag keys and unowned owner', () => {
    const entity = byName(
      [rds('orders-prod', { Squad: 'fulfilment-squad', Stage: 'staging' })],
      {
        ...options,
        tagKeys: { service: 'App', team: 'Squad', environment: 'Stage' },
        unownedOwner: 'group:default/platform-squad',
      },
    )['aws-rds-orders-prod'];
    expect(entity.spec?.owner).toBe('group:default/fulfilment-squad');
    expect(entity.metadata.annotations?.['paved.dev/environment']).toBe(
      'staging',
    );
  });

  it('emits a resource listed twice once, and keeps clear of names taken elsewhere', () => {
    const queue: CloudResource = {
      ...rds('taken', {}),
      id: 'arn:aws:sqs:eu-west-1:210987654321:taken',
      service: 'sqs',
      resourceType: '',
    };
    const { entities } = mapCloudResources(
      [queue, { ...queue }],
      catalog,
      options,
    );
    expect(entities).toHaveLength(1);
    expect(entities[0].metadata.name).toMatch(/^aws-sqs-taken-[0-9a-f]{6}$/);
  });

  it('links an Azure resource to the portal and keeps tags that are no valid annotation keys', () => {
    const id =
      '/subscriptions/00000000-0000-0000-0000-00000000a11c/resourceGroups/rg/providers/Microsoft.Cache/Redis/lumen-search';
    const [entity] = mapCloudResources(
      [
        {
          provider: 'azure',
          account: '00000000-0000-0000-0000-00000000a11c',
          region: 'westeurope',
          id,
          service: 'microsoft.cache',
          resourceType: 'redis',
          name: 'lumen-search',
          tags: { service: 'order-service', 'hidden-link:/x': 'Resource' },
        },
      ],
      catalog,
      options,
    ).entities;
    expect(entity.metadata.name).toBe('azure-cache-lumen-search');
    expect(entity.spec).toMatchObject({
      type: 'cache',
      owner: 'group:default/fulfilment-squad',
    });
    expect(entity.spec?.cloudTags).toEqual({
      service: 'order-service',
      'hidden-link:/x': 'Resource',
    });
    expect(entity.metadata.links).toEqual([
      {
        url: `https://portal.azure.com/#@/resource${id}`,
        title: 'Azure portal',
      },
    ]);
  });
});
