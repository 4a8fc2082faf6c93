import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleFeatureFlags from '@internal/plugin-scaffolder-backend-module-feature-flags';
import scaffolderModuleGoldenPaths from '@internal/plugin-scaffolder-backend-module-golden-paths';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';

/** The repository's templates/ directory. */
export const TEMPLATES_DIR = resolve(__dirname, '../..');

/** A template in templates/, as the catalog holds it after reading its file location. */
export function storedTemplate(name: string): Entity {
  const file = join(TEMPLATES_DIR, name, 'template.yaml');
  const entity = parseYaml(readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace ??= 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
  };
  return entity;
}

/** The demo organisation's squads, systems and a Component the templates' parameters name. */
export const SAMPLE_CATALOG: Entity[] = [
  ...['platform-squad', 'checkout-squad'].map(name => ({
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
    kind: 'Component',
    metadata: {
      name: 'cart-service',
      namespace: 'default',
      annotations: { 'github.com/project-slug': 'lumen-retail/cart-service' },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/checkout-squad',
      system: 'system:default/checkout',
    },
  },
];

/** Every file of a template's directory, as the dry-run API takes them. */
function directoryContents(templateName: string) {
  const root = join(TEMPLATES_DIR, templateName);
  const files: { path: string; base64Content: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else {
        files.push({
          path: relative(root, path),
          base64Content: readFileSync(path).toString('base64'),
        });
      }
    }
  };
  walk(root);
  return files;
}

export type DryRun = {
  status: number;
  /** Path -> content of every file the template renders. */
  files: Map<string, { content: Buffer; executable: boolean }>;
  log: string[];
  output: Record<string, unknown>;
  error?: string;
};

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/**
 * A backend with the real scaffolder, GitHub actions and Paved's actions,
 * whose dry-run API renders a template from templates/ exactly as the portal
 * would run it — only the actions with side effects are skipped.
 */
export async function startTemplateDryRunner(
  entities: Entity[] = SAMPLE_CATALOG,
) {
  const knex = await databases.init('POSTGRES_15');
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleGithub,
      scaffolderModuleGoldenPaths,
      scaffolderModuleFeatureFlags,
      catalogServiceMock.factory({ entities }),
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
    ],
  });

  return {
    async dryRun(
      templateName: string,
      values: Record<string, unknown>,
    ): Promise<DryRun> {
      const template = storedTemplate(templateName);
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set('authorization', mockCredentials.user.header('user:default/guest'))
        .send({
          template,
          values,
          secrets: {},
          directoryContents: directoryContents(templateName),
        });
      const files = new Map<string, { content: Buffer; executable: boolean }>();
      for (const file of res.body.directoryContents ?? []) {
        files.set(file.path, {
          content: Buffer.from(file.base64Content, 'base64'),
          executable: Boolean(file.executable),
        });
      }
      return {
        status: res.status,
        files,
        log: (res.body.log ?? []).map(
          (line: { body: { message: string } }) => line.body.message,
        ),
        output: res.body.output ?? {},
        error:
          res.body.error?.message ??
          (res.body.errors ? JSON.stringify(res.body.errors) : undefined),
      };
    },
    stop: () => backend.stop(),
  };
}
