import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { ingestionRunsServiceRef } from '@internal/plugin-catalog-ingestion-node';
import request from 'supertest';
import { catalogModuleIngestionRuns } from './module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/** Stands in for a provider: reports two runs through the shared service. */
const reportingProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-reporter',
  register(env) {
    env.registerInit({
      deps: { runs: ingestionRunsServiceRef },
      async init({ runs }) {
        await runs.report({
          provider: 'kubernetes-workloads:production',
          sourceKind: 'kubernetes',
          target: 'production (production)',
          startedAt: new Date('2026-11-23T10:00:00Z'),
          finishedAt: new Date('2026-11-23T10:00:04Z'),
          outcome: 'complete',
          counts: { workloads: 24, unowned: 2 },
          problems: [
            {
              subject: 'production/checkout/Deployment/broken',
              message: 'metadata.name is missing',
            },
          ],
        });
        await runs.report({
          provider: 'kubernetes-workloads:production',
          sourceKind: 'kubernetes',
          target: 'production (production)',
          startedAt: new Date('2026-11-23T10:05:00Z'),
          finishedAt: new Date('2026-11-23T10:05:01Z'),
          outcome: 'failed',
          counts: {},
          problems: [],
          error: 'GET /apis/apps/v1/deployments answered 503',
        });
      },
    });
  },
});

describe('GET /api/catalog/ingestion-runs', () => {
  async function start() {
    const knex = await databases.init('POSTGRES_15');
    const backend = await startTestBackend({
      features: [
        // Requests without a token are anonymous, as in production.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogPlugin,
        catalogModuleIngestionRuns,
        reportingProvider,
        mockServices.database.factory({ knex }),
      ],
    });
    return backend.server;
  }

  it('lists the latest run of each provider and one provider’s history', async () => {
    const server = await start();

    const latest = await request(server)
      .get('/api/catalog/ingestion-runs')
      .set('Authorization', mockCredentials.user.header());
    expect(latest.status).toBe(200);
    expect(latest.body.runs).toEqual([
      expect.objectContaining({
        provider: 'kubernetes-workloads:production',
        outcome: 'failed',
        error: 'GET /apis/apps/v1/deployments answered 503',
        finishedAt: '2026-11-23T10:05:01.000Z',
        durationMs: 1000,
      }),
    ]);

    const history = await request(server)
      .get('/api/catalog/ingestion-runs/kubernetes-workloads:production?limit=5')
      .set('Authorization', mockCredentials.user.header());
    expect(history.status).toBe(200);
    expect(history.body.runs.map((r: { outcome: string }) => r.outcome)).toEqual([
      'failed',
      'complete',
    ]);
    expect(history.body.runs[1]).toMatchObject({
      counts: { workloads: 24, unowned: 2 },
      problems: [
        {
          subject: 'production/checkout/Deployment/broken',
          message: 'metadata.name is missing',
        },
      ],
    });
  });

  it('answers 404 for an unknown provider and 400 for a bad limit, in JSON', async () => {
    const server = await start();
    const unknown = await request(server)
      .get('/api/catalog/ingestion-runs/nope')
      .set('Authorization', mockCredentials.user.header());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No runs recorded for provider "nope"',
    });

    const badLimit = await request(server)
      .get('/api/catalog/ingestion-runs/kubernetes-workloads:production?limit=0')
      .set('Authorization', mockCredentials.user.header());
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toMatch(/^Invalid query: limit: /);
  });

  it('refuses anonymous requests', async () => {
    const server = await start();
    const anonymous = await request(server).get('/api/catalog/ingestion-runs');
    expect(anonymous.status).toBe(401);
  });
});
