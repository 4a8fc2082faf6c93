import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  featureFlagsApprovePermission,
  featureFlagsManagePermission,
} from '@internal/plugin-feature-flags-common';
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

  describe('four eyes in production', () => {
    const PLATFORM = 'user:default/priya.natarajan';
    const OWNER = 'user:default/ana.silva';
    const OUTSIDER = 'user:default/sam.jones';
    const base = '/api/feature-flags/entities/default/shipping-service';
    const off = {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
    };
    const on = { ...off, defaultVariant: 'on' };

    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    beforeEach(async () => {
      // Paved's policy: the platform squad manages every Component's flags,
      // but only owners change production without approval and approve.
      const permissions = mockServices.permissions.mock({
        authorize: async (requests, options) => {
          const user = (
            options.credentials.principal as { userEntityRef: string }
          ).userEntityRef;
          return requests.map(r => {
            const owner = user === OWNER;
            const allowed =
              r.permission.name === featureFlagsManagePermission.name
                ? owner || user === PLATFORM
                : r.permission.name === featureFlagsApprovePermission.name &&
                  owner;
            return {
              result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            };
          });
        },
      });
      backend = await startTestBackend({
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
      await request(backend.server)
        .post(`${base}/flags`)
        .set('Authorization', mockCredentials.user.header(OWNER))
        .send({ key: 'new-rates', kind: 'release' })
        .expect(201);
    });
    afterEach(() => backend.stop());

    const as = (user: string) => mockCredentials.user.header(user);
    const change = (
      user: string,
      environment: string,
      definition: object,
      version: number,
    ) =>
      request(backend.server)
        .put(`${base}/flags/new-rates/environments/${environment}`)
        .set('Authorization', as(user))
        .send({ definition, version, reason: `${user} turns it on` });
    const decide = (
      user: string,
      id: string,
      decision: 'approve' | 'reject',
      comment = '',
    ) =>
      request(backend.server)
        .post(`${base}/change-requests/${id}/${decision}`)
        .set('Authorization', as(user))
        .send({ comment });
    const production = async () =>
      (
        await request(backend.server)
          .get(`${base}/flags`)
          .set('Authorization', as(OUTSIDER))
          .expect(200)
      ).body.flags[0].environments.production;

    it('holds a non-owner’s production change until an owner approves it, and audits both', async () => {
      // Staging needs no approval.
      await change(PLATFORM, 'staging', on, 1).expect(200);
      const pending = await change(PLATFORM, 'production', on, 1).expect(202);
      expect(pending.body.changeRequest).toMatchObject({
        flagKey: 'new-rates',
        environment: 'production',
        baseVersion: 1,
        before: off,
        after: on,
        requestedBy: PLATFORM,
        status: 'pending',
      });
      expect(await production()).toMatchObject({ version: 1, definition: off });
      const id = pending.body.changeRequest.id;
      const listed = await request(backend.server)
        .get('/api/feature-flags/change-requests?status=pending')
        .set('Authorization', as(OUTSIDER))
        .expect(200);
      expect(listed.body.changeRequests.map((c: any) => c.id)).toEqual([id]);

      // Neither the requester nor someone who is not an owner approves it.
      expect(
        (await decide(PLATFORM, id, 'approve').expect(403)).body.error.message,
      ).toBe(
        'A change needs a second pair of eyes: someone other than its requester approves it',
      );
      expect(
        (await decide(OUTSIDER, id, 'approve').expect(403)).body.error.message,
      ).toBe(
        'Only the owners of component:default/shipping-service approve changes to its flags in production',
      );
      expect(await production()).toMatchObject({ version: 1 });

      const approved = await decide(
        OWNER,
        id,
        'approve',
        'checked the rates table',
      ).expect(200);
      expect(approved.body.changeRequest).toMatchObject({
        status: 'approved',
        decidedBy: OWNER,
        decisionComment: 'checked the rates table',
      });
      expect(approved.body.definition).toMatchObject({
        version: 2,
        updatedBy: PLATFORM,
      });
      expect(await production()).toMatchObject({ version: 2, definition: on });
      await decide(OWNER, id, 'approve').expect(409);

      const audit = await request(backend.server)
        .get(`${base}/flags/new-rates/audit`)
        .set('Authorization', as(OUTSIDER))
        .expect(200);
      expect(audit.body.entries[0]).toMatchObject({
        environment: 'production',
        actor: PLATFORM,
        approvedBy: OWNER,
        reason: `${PLATFORM} turns it on`,
        before: off,
        after: on,
      });
      const csv = await request(backend.server)
        .get(`${base}/flags/new-rates/audit.csv`)
        .set('Authorization', as(OUTSIDER))
        .expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'at,environment,actor,approvedBy,reason,before,after',
      );
      expect(lines[1]).toContain(`,production,${PLATFORM},${OWNER},`);
      expect(lines).toHaveLength(1 + 3 + 2); // header, 3 created, staging, production
    });

    it('lets an owner change production directly, which supersedes older requests', async () => {
      const pending = await change(PLATFORM, 'production', on, 1).expect(202);
      await change(OWNER, 'production', on, 1).expect(200);
      const id = pending.body.changeRequest.id;
      const { body } = await request(backend.server)
        .get(`${base}/change-requests`)
        .set('Authorization', as(OUTSIDER))
        .expect(200);
      expect(body.changeRequests).toEqual([
        expect.objectContaining({ id, status: 'superseded' }),
      ]);
      expect(
        (await decide(OWNER, id, 'approve').expect(409)).body.error.message,
      ).toMatch(/is superseded/);
      expect(await production()).toMatchObject({
        version: 2,
        updatedBy: OWNER,
      });
      // A request on a stale version is refused outright.
      await change(PLATFORM, 'production', off, 1).expect(409);
    });

    it('records rejections and withdrawals, and refuses outsiders', async () => {
      const first = (await change(PLATFORM, 'production', on, 1).expect(202))
        .body.changeRequest.id;
      const rejected = await decide(
        OWNER,
        first,
        'reject',
        'not before Black Friday',
      ).expect(200);
      expect(rejected.body.changeRequest).toMatchObject({
        status: 'rejected',
        decidedBy: OWNER,
        decisionComment: 'not before Black Friday',
      });
      await decide(OWNER, first, 'approve').expect(409);

      const second = (await change(PLATFORM, 'production', on, 1).expect(202))
        .body.changeRequest.id;
      await decide(OUTSIDER, second, 'reject').expect(403);
      // The requester withdraws their own request.
      await decide(PLATFORM, second, 'reject', 'wrong flag').expect(200);

      await change(OUTSIDER, 'production', on, 1).expect(403);
      await decide(OWNER, '999', 'approve').expect(404);
      expect(await production()).toMatchObject({ version: 1, definition: off });
    });

    it('lets owners archive a flag: services get their code default, the audit log stays, the key is not reused', async () => {
      const key = await request(backend.server)
        .post(`${base}/api-keys`)
        .set('Authorization', as(OWNER))
        .send({ environment: 'production', name: 'shipping pods' })
        .expect(201);
      const evaluate = () =>
        request(backend.server)
          .post('/api/feature-flags/ofrep/v1/evaluate/flags/new-rates')
          .set('Authorization', `Bearer ${key.body.secret}`)
          .send({ context: {} });
      await evaluate().expect(200);
      const pending = await change(PLATFORM, 'production', on, 1).expect(202);

      const archive = (user: string, reason = 'shipped in March') =>
        request(backend.server)
          .post(`${base}/flags/new-rates/archive`)
          .set('Authorization', as(user))
          .send({ reason });
      expect((await archive(PLATFORM).expect(403)).body.error.message).toBe(
        'Only the owners of component:default/shipping-service archive its flags: archiving removes a flag from production too',
      );
      await archive(OWNER, ' ').expect(400);
      await archive(OWNER).expect(204);

      expect((await evaluate().expect(404)).body.errorCode).toBe(
        'FLAG_NOT_FOUND',
      );
      const list = await request(backend.server)
        .get(`${base}/flags`)
        .set('Authorization', as(OUTSIDER))
        .expect(200);
      expect(list.body.flags).toEqual([]);
      const audit = await request(backend.server)
        .get(`${base}/flags/new-rates/audit`)
        .set('Authorization', as(OUTSIDER))
        .expect(200);
      expect(audit.body.entries.slice(0, 3)).toEqual(
        expect.arrayContaining(
          ['development', 'staging', 'production'].map(environment =>
            expect.objectContaining({
              environment,
              actor: OWNER,
              before: off,
              after: null,
              reason: 'archived: shipped in March',
            }),
          ),
        ),
      );
      await decide(OWNER, pending.body.changeRequest.id, 'approve').expect(409);
      await change(OWNER, 'production', on, 1).expect(404);
      await archive(OWNER).expect(404);
      const again = await request(backend.server)
        .post(`${base}/flags`)
        .set('Authorization', as(OWNER))
        .send({ key: 'new-rates', kind: 'release' })
        .expect(409);
      expect(again.body.error.message).toContain('a key is never reused');
    });
  });
});
