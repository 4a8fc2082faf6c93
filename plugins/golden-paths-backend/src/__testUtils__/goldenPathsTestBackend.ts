import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleFeatureFlags from '@internal/plugin-scaffolder-backend-module-feature-flags';
import scaffolderModuleGoldenPaths from '@internal/plugin-scaffolder-backend-module-golden-paths';
import goldenPathsPlugin from '..';

/** The repository's templates/ directory. */
export const TEMPLATES_DIR = resolve(__dirname, '../../../../templates');

/** A template from templates/ as the catalog holds it after reading its file location. */
export function storedTemplate(name: string): Entity {
  const file = join(TEMPLATES_DIR, name, 'template.yaml');
  const entity = parseYaml(readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace ??= 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
    'backstage.io/managed-by-origin-location': `file:${file}`,
  };
  return entity;
}

/** The demo organisation's squads and systems the templates' parameters name. */
export const ORG_ENTITIES: Entity[] = [
  ...['platform-squad', 'checkout-squad', 'discovery-squad'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { owner: 'group:default/checkout-squad' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'guest', namespace: 'default' },
    spec: { memberOf: ['group:default/discovery-squad'] },
  },
];

export const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/**
 * A backend with the real scaffolder (and Paved's actions) and the golden
 * paths plugin over a catalog holding `entities`, on the local PostgreSQL.
 */
export async function startGoldenPathsTestBackend(options: {
  entities: Entity[];
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
  extraFeatures?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const knex = await databases.init('POSTGRES_15');
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleGithub,
      scaffolderModuleGoldenPaths,
      scaffolderModuleFeatureFlags,
      goldenPathsPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.database.factory({ knex }),
      // The guest, in checkout-squad: templates check the user is in the owner Group.
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs: [
            'user:default/guest',
            'group:default/checkout-squad',
          ],
        }),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          integrations: { github: [{ host: 'github.com', token: 'unused' }] },
        },
      }),
      ...(options.permissions ? [options.permissions.factory] : []),
      ...(options.extraFeatures ?? []),
    ],
  });
}
