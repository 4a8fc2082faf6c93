import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import unprocessedModule from '@backstage/plugin-catalog-backend-module-unprocessed';
import { waitFor } from '@internal/fake-cloud';
import request from 'supertest';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

// app-config.yaml loads catalog-info/ one location per file, so that a bad
// file blocks only itself. This test holds that layout to its promise.
describe('catalog locations laid out like catalog-info/', () => {
  const mockDir = createMockDirectory();

  it('reports a malformed and a missing file by name, and still loads the rest', async () => {
    mockDir.setContent({
      'good.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: good-service
spec:
  type: service
  lifecycle: production
  owner: group:default/checkout-squad
`,
      // A YAML syntax error: the flow mapping is never closed.
      'broken.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: broken-service
spec:
  type: service
`,
    });

    const knex = await databases.init('POSTGRES_15');
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        unprocessedModule,
        // The real URL reader: the portal reads real files, and so does this test.
        urlReaderServiceFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: ['good.yaml', 'broken.yaml', 'missing.yaml'].map(
                file => ({ type: 'file', target: mockDir.resolve(file) }),
              ),
            },
          },
        }),
      ],
    });

    const get = (path: string) =>
      request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());

    const good = await waitFor('good-service', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/component/default/good-service',
      );
      return res.status === 200 ? res.body : undefined;
    });
    expect(good.spec.owner).toBe('group:default/checkout-squad');

    // Entities the catalog could not process are listed, with their errors,
    // by the unprocessed-entities API (pending: never processed; failed:
    // processed before, failing now) that the portal's page shows.
    const messages = await waitFor('errors for both bad files', async () => {
      const lists = await Promise.all(
        ['pending', 'failed'].map(reason =>
          get(`/api/catalog/entities/unprocessed/${reason}`),
        ),
      );
      const found: string[] = lists.flatMap(res =>
        (res.body?.entities ?? []).flatMap(
          (entity: { errors?: Array<{ message: string }> }) =>
            (entity.errors ?? []).map(error => error.message),
        ),
      );
      return found.length >= 2 ? found : undefined;
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/broken\.yaml/),
        expect.stringMatching(/missing\.yaml/),
      ]),
    );

    const broken = await get(
      '/api/catalog/entities/by-name/component/default/broken-service',
    );
    expect(broken.status).toBe(404);
  });
});
