import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DryRunResult,
  TemplateList,
} from '@internal/plugin-golden-paths-common';
import request from 'supertest';
import {
  ORG_ENTITIES,
  startGoldenPathsTestBackend,
  storedTemplate,
} from './__testUtils__/goldenPathsTestBackend';

jest.setTimeout(60_000);

const generated = (name: string, version: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'paved.dev/template': 'template:default/typescript-service',
      'paved.dev/template-version': version,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/checkout-squad',
    system: 'system:default/checkout',
  },
});

const VALUES = {
  name: 'gift-card-service',
  description: 'Issues and redeems gift cards.',
  owner: 'group:default/checkout-squad',
  system: 'system:default/checkout',
};

const user = mockCredentials.user.header('user:default/guest');

describe('golden-paths backend', () => {
  it('lists each template with its version and the services generated from it', async () => {
    const { server } = await startGoldenPathsTestBackend({
      entities: [
        ...ORG_ENTITIES,
        storedTemplate('typescript-service'),
        generated('gift-card-service', '1.0.0'),
        generated('loyalty-service', '0.9.0'),
      ],
    });
    const res = await request(server)
      .get('/api/golden-paths/templates')
      .set('authorization', user);
    expect(res.status).toBe(200);
    const [template] = (res.body as TemplateList).templates;
    expect(template).toMatchObject({
      entityRef: 'template:default/typescript-service',
      title: 'TypeScript HTTP service',
      version: '1.0.0',
      inCatalog: true,
      lagCounts: { current: 1, major: 1, minor: 0, patch: 0, unknown: 0 },
    });
    expect(template.services.map(s => [s.name, s.lag])).toEqual([
      ['loyalty-service', 'major'],
      ['gift-card-service', 'current'],
    ]);
  });

  it('dry-runs a stored template through the scaffolder: rendered files and step log, nothing published', async () => {
    const { server } = await startGoldenPathsTestBackend({
      entities: [...ORG_ENTITIES, storedTemplate('typescript-service')],
    });
    const res = await request(server)
      .post('/api/golden-paths/templates/default/typescript-service/dry-run')
      .set('authorization', user)
      .send({ values: VALUES });
    expect(res.body.error?.message).toBeUndefined();
    expect(res.status).toBe(200);
    const result = res.body as DryRunResult;
    expect(result.template).toEqual({
      entityRef: 'template:default/typescript-service',
      version: '1.0.0',
    });
    expect(result.steps.map(s => s.action)).toEqual([
      'paved:parameters:check',
      'paved:template:info',
      'fetch:template',
      'publish:github',
      'paved:catalog:register',
      'paved:feature-flags:create',
    ]);

    const catalogInfo = result.files.find(f => f.path === 'catalog-info.yaml');
    expect(catalogInfo?.text).toContain('name: gift-card-service');
    expect(catalogInfo?.text).toContain('owner: group:default/checkout-squad');
    expect(catalogInfo?.text).toContain(
      'paved.dev/template: template:default/typescript-service',
    );
    expect(catalogInfo?.text).toMatch(
      /paved\.dev\/template-version: "?1\.0\.0"?/,
    );
    const paths = result.files.map(f => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'docs/runbooks/gift-card-service.md',
        '.github/workflows/ci.yml',
      ]),
    );
    // GitHub Actions expressions reach the repository as written.
    const workflow = result.files.find(
      f => f.path === '.github/workflows/ci.yml',
    );
    expect(workflow?.text).toContain('${{ github.sha }}');

    const messages = result.log.map(l => l.message).join('\n');
    expect(messages).toMatch(
      /Skipping because publish:github does not support dry-run/,
    );
    expect(messages).toContain('Parameters checked');
  });

  it('refuses parameters the template does not accept, naming the field', async () => {
    const { server } = await startGoldenPathsTestBackend({
      entities: [...ORG_ENTITIES, storedTemplate('typescript-service')],
    });
    const res = await request(server)
      .post('/api/golden-paths/templates/default/typescript-service/dry-run')
      .set('authorization', user)
      .send({ values: { ...VALUES, name: 'Gift Cards!' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/name: does not match pattern/);
  });

  it('refuses an owner that is not a Group in the catalog, naming the field', async () => {
    const { server } = await startGoldenPathsTestBackend({
      entities: [...ORG_ENTITIES, storedTemplate('typescript-service')],
    });
    const res = await request(server)
      .post('/api/golden-paths/templates/default/typescript-service/dry-run')
      .set('authorization', user)
      .send({ values: { ...VALUES, owner: 'group:default/ghost-squad' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'owner: group:default/ghost-squad is not in the catalog',
    );
  });

  it('lets only those with the dry-run permission dry-run', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const { server } = await startGoldenPathsTestBackend({
      entities: [...ORG_ENTITIES, storedTemplate('typescript-service')],
      permissions,
    });
    const res = await request(server)
      .post('/api/golden-paths/templates/default/typescript-service/dry-run')
      .set('authorization', user)
      .send({ values: VALUES });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Only the platform squad may dry-run stored templates',
    );
  });

  it('answers 404 for a template not in the catalog and 400 for a body without values', async () => {
    const { server } = await startGoldenPathsTestBackend({
      entities: ORG_ENTITIES,
    });
    const missing = await request(server)
      .post('/api/golden-paths/templates/default/nope/dry-run')
      .set('authorization', user)
      .send({ values: {} });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'No template template:default/nope in the catalog',
    );
    const bad = await request(server)
      .post('/api/golden-paths/templates/default/nope/dry-run')
      .set('authorization', user)
      .send({ parameters: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid dry run: values:/);
  });
});
