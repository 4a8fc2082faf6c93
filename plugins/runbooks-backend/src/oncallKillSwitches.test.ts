import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// Both plugins in one test backend, as in the portal: not a runtime dependency.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import featureFlagsPlugin from '@internal/plugin-feature-flags-backend';
import request from 'supertest';
import { runbooksPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('the on-call view with the feature-flags plugin', () => {
  it('lists the service’s kill switches and their state per environment', async () => {
    const backend = await startTestBackend({
      features: [
        runbooksPlugin,
        featureFlagsPlugin,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'checkout-service', namespace: 'default' },
              spec: {
                type: 'service',
                lifecycle: 'production',
                owner: 'group:default/checkout-squad',
              },
            },
          ],
        }),
        // Each plugin its own database, as in production.
        createServiceFactory({
          service: coreServices.database,
          deps: { plugin: coreServices.pluginMetadata },
          factory: async () =>
            mockServices.database({
              knex: await databases.init('POSTGRES_15'),
            }),
        }),
      ],
    });
    const flags = '/api/feature-flags/entities/default/checkout-service/flags';
    const as = mockCredentials.user.header();

    // Before any flag: an empty list, not "unknown".
    const before = await request(backend.server)
      .get('/api/runbooks/oncall/component/default/checkout-service')
      .set('Authorization', as)
      .expect(200);
    expect(before.body.killSwitches).toEqual([]);

    await request(backend.server)
      .post(flags)
      .set('Authorization', as)
      .send({ key: 'payments-provider', kind: 'kill-switch' })
      .expect(201);
    await request(backend.server)
      .post(flags)
      .set('Authorization', as)
      .send({ key: 'new-basket', kind: 'release' })
      .expect(201);
    await request(backend.server)
      .put(`${flags}/payments-provider/environments/production`)
      .set('Authorization', as)
      .send({
        version: 1,
        reason: 'provider outage',
        definition: {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'on',
        },
      })
      .expect(200);

    const { body } = await request(backend.server)
      .get('/api/runbooks/oncall/component/default/checkout-service')
      .set('Authorization', as)
      .expect(200);
    expect(body.killSwitches).toHaveLength(1);
    expect(body.killSwitches[0].key).toBe('payments-provider');
    expect(
      body.killSwitches[0].environments.find(
        (e: any) => e.environment === 'production',
      ),
    ).toMatchObject({
      state: 'ENABLED',
      defaultVariant: 'on',
      targeted: false,
    });
    await backend.stop();
  });
});
