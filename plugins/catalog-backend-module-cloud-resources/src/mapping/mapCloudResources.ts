import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_INGESTED_BY,
  ANNOTATION_SOURCE_KIND,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_UNOWNED,
} from '@internal/plugin-catalog-ingestion-node';
import { CatalogIndex, toRef } from '../catalog/CatalogIndex';
import { TagKeys } from '../config/readCloudResourcesConfigs';
import { CloudResource } from '../sources/types';
import { entityNames, shortService } from './entityNames';
import { resourceTypeOf } from './resourceTypes';

export const ANNOTATION_CLOUD_RESOURCE_ID = 'paved.dev/cloud-resource-id';
export const ANNOTATION_CLOUD_PROVIDER = 'paved.dev/cloud-provider';
export const ANNOTATION_CLOUD_ACCOUNT = 'paved.dev/cloud-account';
export const ANNOTATION_REGION = 'paved.dev/region';
export const ANNOTATION_ENVIRONMENT = 'paved.dev/environment';
export const ANNOTATION_OWNER_SOURCE = 'paved.dev/owner-source';
export const LABEL_ENVIRONMENT = 'paved.dev/environment';

/** Which tag gave the owner: the team's Group, the service's Component's owner, or none. */
export type OwnerSource = 'team-tag' | 'service-tag' | 'none';

export type MappingOptions = {
  /** The provider emitting the entities, recorded on them for provenance. */
  providerName: string;
  tagKeys: TagKeys;
  /** Owner given when no tag resolves one; the unowned view lists these. */
  unownedOwner: string;
};

export type MappedResources = {
  entities: Entity[];
  counts: { resources: number; unowned: number; aws: number; azure: number };
};

const LABEL_VALUE = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

function resolveOwner(
  resource: CloudResource,
  catalog: CatalogIndex,
  options: MappingOptions,
): {
  owner: string;
  ownerSource: OwnerSource;
  component?: string;
  system?: string;
} {
  const componentRef = toRef(
    resource.tags[options.tagKeys.service],
    'component',
  );
  const component = componentRef
    ? catalog.components.get(componentRef)
    : undefined;
  const related = component
    ? {
        component: componentRef,
        ...(component.system ? { system: component.system } : {}),
      }
    : {};
  const groupRef = toRef(resource.tags[options.tagKeys.team], 'group');
  if (groupRef && catalog.groups.has(groupRef)) {
    return { owner: groupRef, ownerSource: 'team-tag', ...related };
  }
  if (component?.owner) {
    return { owner: component.owner, ownerSource: 'service-tag', ...related };
  }
  return { owner: options.unownedOwner, ownerSource: 'none', ...related };
}

function toResourceEntity(
  resource: CloudResource,
  name: string,
  catalog: CatalogIndex,
  options: MappingOptions,
): { entity: Entity; unowned: boolean } {
  const { type, label } = resourceTypeOf(resource);
  const { owner, ownerSource, component, system } = resolveOwner(
    resource,
    catalog,
    options,
  );
  const environment =
    resource.tags[options.tagKeys.environment]?.trim() || undefined;
  const where = `${resource.account}/${resource.region}`;
  const location = `cloud-resources:${resource.provider}/${where}`;
  const tags = [
    resource.provider,
    `${resource.provider}-${shortService(resource)}`,
  ].filter(tag => tag.length <= 63 && TAG.test(tag));
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: resource.name,
      description: `${label} in ${
        resource.provider === 'aws' ? 'AWS account' : 'Azure subscription'
      } ${resource.account}, ${
        resource.region || 'global'
      }. Listed from its tags by ${options.providerName}.`,
      tags,
      ...(environment && LABEL_VALUE.test(environment)
        ? { labels: { [LABEL_ENVIRONMENT]: environment } }
        : {}),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_INGESTED_BY]: options.providerName,
        [ANNOTATION_SOURCE_KIND]: resource.provider,
        [ANNOTATION_SOURCE_LOCATION]: where,
        [ANNOTATION_CLOUD_RESOURCE_ID]: resource.id,
        [ANNOTATION_CLOUD_PROVIDER]: resource.provider,
        [ANNOTATION_CLOUD_ACCOUNT]: resource.account,
        ...(resource.region ? { [ANNOTATION_REGION]: resource.region } : {}),
        ...(environment ? { [ANNOTATION_ENVIRONMENT]: environment } : {}),
        [ANNOTATION_OWNER_SOURCE]: ownerSource,
        ...(ownerSource === 'none' ? { [ANNOTATION_UNOWNED]: 'true' } : {}),
      },
      ...(resource.provider === 'azure'
        ? {
            links: [
              {
                url: `https://portal.azure.com/#@/resource${resource.id}`,
                title: 'Azure portal',
              },
            ],
          }
        : {}),
    },
    spec: {
      type,
      owner,
      ...(system ? { system } : {}),
      ...(component ? { dependencyOf: [component] } : {}),
      // The cloud's own tags, verbatim: their keys are often not valid
      // annotation keys (`aws:cloudformation:stack-name`).
      cloudTags: resource.tags,
    },
  };
  return { entity, unowned: ownerSource === 'none' };
}

/**
 * Cloud resources as catalog Resources, linked to the Groups and
 * Components their tags name. Pure: the catalog is read beforehand, once.
 * Resources listed twice (the same id) are emitted once.
 */
export function mapCloudResources(
  resources: CloudResource[],
  catalog: CatalogIndex,
  options: MappingOptions,
): MappedResources {
  const byId = new Map<string, CloudResource>();
  for (const resource of resources) {
    // Azure ids are case-insensitive; ARNs are not.
    const key = `${resource.provider}:${
      resource.provider === 'azure' ? resource.id.toLowerCase() : resource.id
    }`;
    if (!byId.has(key)) byId.set(key, resource);
  }
  const unique = [...byId.values()];
  const names = entityNames(unique, catalog.takenResourceNames);
  const counts = { resources: unique.length, unowned: 0, aws: 0, azure: 0 };
  const entities = unique.map(resource => {
    const { entity, unowned } = toResourceEntity(
      resource,
      names.get(resource)!,
      catalog,
      options,
    );
    counts[resource.provider] += 1;
    if (unowned) counts.unowned += 1;
    return entity;
  });
  return { entities, counts };
}
