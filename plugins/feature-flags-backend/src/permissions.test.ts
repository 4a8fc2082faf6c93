import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { featureFlagsManagePermission } from '@internal/plugin-feature-flags-common';
import request from 'supertest';
import { featureFlagsPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-squad' },
});

describe('who may change flags', () => {
  it('asks the permission policy about the owning Component before every change, and reading stays open', async () => {
    // What Paved's policy decides for a user who does not own shipping-service.
    const denied = new Set<string>();
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r && r.resourceRef && denied.has(r.resourceRef)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const backend = await startTestBackend({
      features: [
        featureFlagsPlugin,
        permissions.factory,
        catalogServiceMock.factory({
          entities: [component('shipping-service')],
        }),
        mockServices.database.factory({
          knex: await databases.init('POSTGRES_15'),
        }),
      ],
    });
    const base = '/api/feature-flags/entities/default/shipping-service';
    const as = mockCredentials.user.header();

    await request(backend.server)
      .post(`${base}/flags`)
      .set('Authorization', as)
      .send({ key: 'label-printer', kind: 'kill-switch' })
      .expect(201);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: featureFlagsManagePermission,
          resourceRef: 'component:default/shipping-service',
        },
      ],
      expect.objectContaining({ credentials: expect.anything() }),
    );

    denied.add('component:default/shipping-service');
    const refused = await request(backend.server)
      .put(`${base}/flags/label-printer/environments/production`)
      .set('Authorization', as)
      .send({
        version: 1,
        reason: 'printer offline',
        definition: {
          state: 'DISABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
        },
      })
      .expect(403);
    expect(refused.body.error.message).toBe(
      'Only the owners of component:default/shipping-service and the platform squad change its flags and API keys',
    );
    await request(backend.server)
      .post(`${base}/flags`)
      .set('Authorization', as)
      .send({ key: 'another', kind: 'release' })
      .expect(403);
    // Refused before the definition is looked at: no validation hints.
    await request(backend.server)
      .put(`${base}/flags/label-printer/environments/production`)
      .set('Authorization', as)
      .send({ version: 1, reason: 'x', definition: { state: 'MAYBE' } })
      .expect(403);
    await request(backend.server)
      .post(`${base}/api-keys`)
      .set('Authorization', as)
      .send({ environment: 'production', name: 'shipping' })
      .expect(403);

    // Nothing changed, and anyone signed in still reads the flags.
    const { body } = await request(backend.server)
      .get(`${base}/flags`)
      .set('Authorization', as)
      .expect(200);
    expect(body.flags.map((f: any) => f.key)).toEqual(['label-printer']);
    expect(body.flags[0].environments.production).toMatchObject({
      version: 1,
      definition: { state: 'ENABLED' },
    });
    await backend.stop();
  });
});
