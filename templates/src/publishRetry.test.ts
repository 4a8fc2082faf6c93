import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import {
  FakeGithubServer,
  lumenRetailGithubOrg,
  startFakeGithub,
} from '@internal/fake-cloud';
import scaffolderModuleGoldenPaths from '@internal/plugin-scaffolder-backend-module-golden-paths';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { TEMPLATES_DIR } from './__testUtils__/dryRunTemplate';

/**
 * A publish that fails half-way — the repository is created on GitHub, the
 * push breaks — fails the task, and the task page's Retry finishes it on
 * the same repository, without a second one: the real scaffolder, catalog
 * and GitHub actions against the fake GitHub (real git push), on the local
 * PostgreSQL.
 */

jest.setTimeout(120_000);

const TOKEN = 'retry-test-token';
const POSTGRES_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
const PREFIX_ALL = 'paved_test_retry_';
const PREFIX = `${PREFIX_ALL}${process.pid}_`;
const USER = mockCredentials.user.header('user:default/guest');
const ROOT = join(TEMPLATES_DIR, '..');

let github: FakeGithubServer;
let backend: Awaited<ReturnType<typeof startTestBackend>>;

/** This run's databases, and any an interrupted earlier run left. */
async function dropDatabases() {
  const admin = new Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  const { rows } = await admin.query(
    'select datname from pg_database where datname like $1',
    [`${PREFIX_ALL}%`],
  );
  for (const { datname } of rows) {
    await admin.query(`drop database if exists "${datname}" with (force)`);
  }
  await admin.end();
}

beforeAll(async () => {
  await dropDatabases();
  github = await startFakeGithub(lumenRetailGithubOrg(), { token: TOKEN });
  const url = new URL(POSTGRES_URL);
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      scaffolderModuleGithub,
      scaffolderModuleGoldenPaths,
      // Each plugin in its own database, as in production.
      databaseServiceFactory,
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () =>
          mockServices.userInfo({
            ownershipEntityRefs: [
              'user:default/guest',
              'group:default/discovery-squad',
            ],
          }),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: 'http://localhost:7007',
            database: {
              client: 'pg',
              connection: {
                host: url.hostname,
                port: Number(url.port || 5432),
                user: decodeURIComponent(url.username || 'postgres'),
                password: decodeURIComponent(url.password),
              },
              prefix: PREFIX,
            },
          },
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: TOKEN,
              },
            ],
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Domain',
                  'Group',
                  'User',
                  'Template',
                  'Location',
                ],
              },
            ],
            locations: [
              { type: 'file', target: join(ROOT, 'catalog-info/org.yaml') },
              {
                type: 'file',
                target: join(ROOT, 'catalog-info/systems.yaml'),
              },
              {
                type: 'file',
                target: join(TEMPLATES_DIR, 'typescript-service/template.yaml'),
              },
            ],
          },
        },
      }),
    ],
  });
  // The catalog reads the template, squads and systems.
  for (const ref of [
    'template/default/typescript-service',
    'group/default/discovery-squad',
    'system/default/storefront',
  ]) {
    for (let i = 0; ; i++) {
      const res = await request(backend.server)
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set('authorization', USER);
      if (res.status === 200) break;
      if (i > 600) throw new Error(`${ref} never reached the catalog`);
      await new Promise(r => setTimeout(r, 100));
    }
  }
});

afterAll(async () => {
  await backend?.stop();
  await github?.close();
  // Upstream polled a completed recoverable task's events once a second
  // until restart (Paved patches that, .yarn/patches): were it back, this
  // drop would fail the suite on the poller's reconnects. One poll may
  // still be in flight.
  await new Promise(r => setTimeout(r, 1500));
  await dropDatabases();
});

async function waitForTask(id: string, status: 'failed' | 'completed') {
  for (let i = 0; i < 600; i++) {
    const res = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set('authorization', USER);
    if (res.body.status === status) return res.body;
    if (['failed', 'completed', 'cancelled'].includes(res.body.status)) {
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('authorization', USER);
      throw new Error(
        `task ${res.body.status}, expected ${status}: ${JSON.stringify(
          events.body
            .filter((e: { body: { stepId?: string } }) =>
              ['publish', undefined].includes(e.body.stepId),
            )
            .map((e: { body: { message: string } }) => e.body.message),
        ).slice(-3000)}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`task never ${status}`);
}

it('fails a half-done publish, and Retry finishes it on the same repository', async () => {
  const name = 'retried-service';
  const reposBefore = lumenRetailGithubOrg().repos.length;
  // GitHub refuses the push (say, the token lacked the `workflow` scope for
  // .github/workflows): not transient, so the step gives up at once — the
  // 5xx a flaky network gives is retried by the action itself, 6 times.
  github.failNext(new RegExp(`/${name}\\.git/git-receive-pack$`), {
    status: 403,
  });

  const created = await request(backend.server)
    .post('/api/scaffolder/v2/tasks')
    .set('authorization', USER)
    .send({
      templateRef: 'template:default/typescript-service',
      values: {
        name,
        description: 'Its first push breaks half-way.',
        owner: 'group:default/discovery-squad',
        system: 'system:default/storefront',
        createFeatureFlag: false,
      },
    });
  expect(created.status).toBe(201);
  const { id } = created.body;

  await waitForTask(id, 'failed');
  const events = await request(backend.server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set('authorization', USER);
  const completion = events.body.find(
    (e: { type: string }) => e.type === 'completion',
  );
  expect(completion.body.error.message).toMatch(/403/);
  // What exists: the repository, created and still empty.
  expect(github.repo(name)).toBeDefined();
  expect(github.repo(name)?.commits ?? []).toEqual([]);

  const retried = await request(backend.server)
    .post(`/api/scaffolder/v2/tasks/${id}/retry`)
    .set('authorization', USER)
    .send({});
  expect(retried.status).toBe(201);
  await waitForTask(id, 'completed');

  // One repository, now with the generated project, registered in the catalog.
  const repos = await fetch(
    `${github.apiBaseUrl}/orgs/lumen-retail/repos?per_page=100`,
    { headers: { authorization: `token ${TOKEN}` } },
  ).then(r => r.json());
  expect(repos.filter((r: { name: string }) => r.name === name)).toHaveLength(
    1,
  );
  expect(repos).toHaveLength(reposBefore + 1);
  expect(Object.keys(github.repo(name)?.files ?? {})).toEqual(
    expect.arrayContaining(['catalog-info.yaml', 'package.json']),
  );
  const creations = github.requests.filter(
    r => r.method === 'POST' && r.path === '/orgs/lumen-retail/repos',
  );
  expect(creations).toHaveLength(1);

  let entity = await request(backend.server)
    .get(`/api/catalog/entities/by-name/component/default/${name}`)
    .set('authorization', USER);
  for (let i = 0; entity.status !== 200 && i < 600; i++) {
    await new Promise(r => setTimeout(r, 100));
    entity = await request(backend.server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('authorization', USER);
  }
  expect(entity.status).toBe(200);
  expect(entity.body.spec.owner).toBe('group:default/discovery-squad');
});
