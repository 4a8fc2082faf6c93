import { Entity } from '@backstage/catalog-model';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  DryRunResult,
  GeneratedService,
  TemplateSummary,
} from '@internal/plugin-golden-paths-common';
import { GoldenPathsApi } from '../api/GoldenPathsApi';

/** Services per lag, zero for the lags not given (as the API client returns them). */
export function lagCounts(
  counts: Partial<TemplateSummary['lagCounts']>,
): TemplateSummary['lagCounts'] {
  return { current: 0, patch: 0, minor: 0, major: 0, unknown: 0, ...counts };
}

export function makeService(
  name: string,
  version: string | undefined,
  lag: GeneratedService['lag'],
  overrides: Partial<GeneratedService> = {},
): GeneratedService {
  return {
    entityRef: `component:default/${name}`,
    name,
    owner: 'group:default/checkout-squad',
    system: 'system:default/checkout',
    lifecycle: 'production',
    version,
    lag,
    ...overrides,
  };
}

/** The TypeScript service template at 1.4.1, six services, newest first as the backend sends them. */
export function makeTypescriptTemplate(
  overrides: Partial<TemplateSummary> = {},
): TemplateSummary {
  return {
    entityRef: 'template:default/typescript-service',
    name: 'typescript-service',
    title: 'TypeScript HTTP service',
    description: 'A Node 24 HTTP service that meets Paved’s standards.',
    tags: ['typescript', 'service'],
    type: 'service',
    owner: 'group:default/platform-squad',
    version: '1.4.1',
    inCatalog: true,
    services: [
      makeService('gift-card-service', '1.4.1', 'current'),
      makeService('search-service', '1.4.1', 'current', {
        owner: 'group:default/discovery-squad',
        system: 'system:default/discovery',
      }),
      makeService('pricing-service', '1.4.0', 'patch'),
      makeService('loyalty-service', '1.2.7', 'minor'),
      makeService('cart-service', '0.9.0', 'major'),
      makeService('legacy-importer', undefined, 'unknown'),
    ],
    lagCounts: { current: 2, patch: 1, minor: 1, major: 1, unknown: 1 },
    ...overrides,
  };
}

export function makeTemplates(): TemplateSummary[] {
  return [
    makeTypescriptTemplate(),
    {
      entityRef: 'template:default/python-worker',
      name: 'python-worker',
      title: 'Python queue worker',
      tags: ['python'],
      owner: 'group:default/platform-squad',
      version: '0.3.0',
      inCatalog: true,
      services: [],
      lagCounts: lagCounts({}),
    },
    {
      entityRef: 'template:default/java-service',
      name: 'java-service',
      title: 'java-service',
      tags: [],
      inCatalog: false,
      services: [
        makeService('inventory-service', '2.1.0', 'unknown', {
          owner: 'group:default/supply-squad',
          system: undefined,
        }),
      ],
      lagCounts: lagCounts({ unknown: 1 }),
    },
  ];
}

export function makeDryRunResult(
  overrides: Partial<DryRunResult> = {},
): DryRunResult {
  return {
    template: {
      entityRef: 'template:default/typescript-service',
      version: '1.4.1',
    },
    steps: [
      {
        id: 'check',
        name: 'Check the parameters',
        action: 'paved:parameters:check',
      },
      { id: 'fetch', name: 'Render the skeleton', action: 'fetch:template' },
      {
        id: 'publish',
        name: 'Create the repository',
        action: 'publish:github',
      },
    ],
    files: [
      {
        path: 'src/routes/health.ts',
        size: 310,
        executable: false,
        text: "router.get('/healthz', (_req, res) => res.json({ ok: true }));\n",
      },
      {
        path: 'catalog-info.yaml',
        size: 420,
        executable: false,
        text: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: my-service\n',
      },
      {
        path: 'scripts/start.sh',
        size: 2048,
        executable: true,
        text: '#!/bin/sh\nexec node dist/index.js\n',
      },
      { path: 'docs/logo.png', size: 20480, executable: false },
    ],
    log: [
      {
        stepId: 'check',
        status: 'processing',
        message: 'Beginning step Check the parameters',
      },
      {
        stepId: 'check',
        status: 'completed',
        message: 'Finished step Check the parameters',
      },
      {
        stepId: 'fetch',
        status: 'processing',
        message: 'Beginning step Render the skeleton',
      },
      { stepId: 'fetch', message: 'Fetching template content from remote URL' },
      {
        stepId: 'fetch',
        status: 'completed',
        message: 'Finished step Render the skeleton',
      },
      {
        stepId: 'publish',
        status: 'skipped',
        message: 'Skipping because publish:github does not support dry-run',
      },
    ],
    output: {
      links: [
        {
          title: 'Repository',
          url: 'https://github.com/lumen-retail/my-service',
        },
      ],
      text: [{ title: 'Next steps', content: 'Merge the first pull request.' }],
    },
    ...overrides,
  };
}

/** The TypeScript service template as the catalog has it. */
export const typescriptTemplateEntity: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'typescript-service',
    namespace: 'default',
    title: 'TypeScript HTTP service',
    annotations: { 'paved.dev/template-version': '1.4.1' },
  },
  spec: {
    owner: 'group:default/platform-squad',
    type: 'service',
    parameters: [
      {
        title: 'The service',
        required: ['name', 'owner', 'system'],
        properties: {
          name: {
            title: 'Name',
            type: 'string',
            pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$',
          },
          owner: {
            title: 'Owner',
            type: 'string',
            'ui:field': 'OwnerPicker',
            'ui:options': { catalogFilter: { kind: 'Group' } },
          },
          system: {
            title: 'System',
            type: 'string',
            'ui:field': 'EntityPicker',
            'ui:options': { catalogFilter: { kind: 'System' } },
          },
        },
      },
      {
        title: 'Options',
        properties: {
          port: { type: 'integer', default: 8080, minimum: 1024 },
          replicas: { type: 'integer', minimum: 2 },
          createFeatureFlag: { type: 'boolean' },
        },
      },
    ],
    steps: [],
  },
};

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** What the catalog holds for the dry-run page: the template, squads and a system. */
export const catalogEntities: Entity[] = [
  typescriptTemplateEntity,
  entity('Group', 'platform-squad'),
  entity('Group', 'checkout-squad'),
  entity('System', 'checkout'),
];

/** A golden paths API answering with the fixtures above; override what a test needs. */
export function makeGoldenPathsApi(
  overrides: Partial<GoldenPathsApi> = {},
): GoldenPathsApi {
  return {
    listTemplates: jest.fn(async () => ({ templates: makeTemplates() })),
    dryRun: jest.fn(async () => makeDryRunResult()),
    ...overrides,
  };
}

type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  Function
>;

/** A permission API that allows (the platform squad) or denies everything. */
export function permissionApi(
  decision: 'ALLOW' | 'DENY',
): ReturnType<typeof mockApis.permission> {
  return mockApis.permission({ authorize: decision as Decision });
}
