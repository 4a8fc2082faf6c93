import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  FakeAwsTaggingServer,
  FakeAzureResourceGraphServer,
  lumenRetailCloud,
  startFakeAwsTagging,
  startFakeAzureResourceGraph,
  waitFor,
} from '@internal/fake-cloud';
import { Knex } from 'knex';
import path from 'node:path';
import request from 'supertest';
import { catalogModuleCloudResources } from './module';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const TASK_ID = 'cloud-resources:lumen-retail:refresh';
const AWS_CREDENTIALS = {
  accessKeyId: 'AKIAFAKE000000000001',
  secretAccessKey: 'fake-secret',
};
const AZURE_TOKEN = 'fake-arm-token';
// The demo organisation the fixtures are written for.
// eslint-disable-next-line no-restricted-syntax
const CATALOG_INFO = path.resolve(__dirname, '../../../catalog-info');

const cloud = lumenRetailCloud();
const visibleAws = cloud.aws.resources.filter(r => !r.neverTagged);
const EXPECTED = visibleAws.length + cloud.azure.resources.length;

describe('cloud resources, against fake AWS and Azure serving Lumen Retail', () => {
  let aws: FakeAwsTaggingServer;
  let azure: FakeAzureResourceGraphServer;
  let scheduler: SchedulerService;
  let server: Parameters<typeof request>[0];
  let knex: Knex;

  beforeEach(async () => {
    // Small pages, so that every run pages.
    aws = await startFakeAwsTagging(cloud.aws.resources, {
      credentials: AWS_CREDENTIALS,
      maxResourcesPerPage: 10,
    });
    azure = await startFakeAzureResourceGraph(cloud.azure.resources, {
      token: AZURE_TOKEN,
      maxPageSize: 5,
    });
    knex = await databases.init('POSTGRES_15');
    const captureScheduler = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-scheduler',
      register(env) {
        env.registerInit({
          deps: { s: coreServices.scheduler },
          async init({ s }) {
            scheduler = s;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleCloudResources,
        captureScheduler,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Group',
                    'User',
                    'Location',
                  ],
                },
              ],
              locations: [
                'org.yaml',
                'resources.yaml',
                'components/checkout.yaml',
                'components/developer-platform.yaml',
                'components/fulfilment.yaml',
                'components/identity.yaml',
                'components/storefront.yaml',
              ].map(file => ({
                type: 'file',
                target: path.join(CATALOG_INFO, file),
              })),
              providers: {
                cloudResources: {
                  'lumen-retail': {
                    // The delay keeps the test scheduler from running at start-up.
                    schedule: {
                      frequency: { hours: 1 },
                      timeout: { minutes: 5 },
                      initialDelay: { seconds: 1 },
                    },
                    aws: {
                      accountId: cloud.aws.accountId,
                      regions: cloud.aws.regions,
                      endpoint: aws.endpoint,
                      ...AWS_CREDENTIALS,
                      maxAttempts: 3,
                      requestTimeoutMs: 2000,
                    },
                    azure: {
                      subscriptionIds: [cloud.azure.subscriptionId],
                      endpoint: azure.endpoint,
                      accessToken: AZURE_TOKEN,
                      caCertificate: azure.caCertificate,
                      maxRetries: 2,
                    },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    // Owners are looked up in the catalog: let the organisation land first.
    await waitFor('the Lumen Retail components', async () => {
      const components = await entities('kind=component');
      return components.length === 17 ? true : undefined;
    });
  });

  afterEach(async () => {
    await aws.close();
    await azure.close();
  });

  async function entities(filter: string): Promise<Entity[]> {
    const res = await request(server)
      .get(`/api/catalog/entities?filter=${filter}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  }
  const cloudResources = () =>
    entities(
      'kind=resource,metadata.annotations.paved.dev/ingested-by=cloud-resources:lumen-retail',
    );
  const names = (list: Entity[]) => list.map(e => e.metadata.name).sort();
  const runs = () => knex('paved_ingestion_runs').orderBy('id');

  async function entity(ref: string): Promise<Entity | undefined> {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${ref}`)
      .set('Authorization', mockCredentials.user.header());
    return res.status === 200 ? res.body : undefined;
  }
  const relations = (e: Entity | undefined, type: string) =>
    (e?.relations ?? [])
      .filter(r => r.type === type)
      .map(r => r.targetRef)
      .sort();

  const completeRun = async () => {
    await scheduler.triggerTask(TASK_ID);
    return waitFor(`${EXPECTED} cloud resources`, async () => {
      const found = await cloudResources();
      return found.length === EXPECTED ? found : undefined;
    });
  };

  it('turns the Lumen Retail cloud into Resources owned by Groups and linked to Components', async () => {
    const found = await completeRun();

    const ordersDb = await waitFor(
      'stitched relations of aws-rds-orders-prod',
      async () => {
        const e = await entity('resource/default/aws-rds-orders-prod');
        return relations(e, 'dependencyOf').length > 0 ? e : undefined;
      },
    );
    expect(ordersDb.spec).toMatchObject({
      type: 'database',
      owner: 'group:default/fulfilment-squad',
      system: 'system:default/fulfilment',
    });
    expect(relations(ordersDb, 'ownedBy')).toEqual([
      'group:default/fulfilment-squad',
    ]);
    expect(relations(ordersDb, 'dependencyOf')).toEqual([
      'component:default/order-service',
    ]);
    expect(ordersDb.metadata.annotations).toMatchObject({
      'paved.dev/source-kind': 'aws',
      'paved.dev/source-location': '210987654321/eu-west-1',
      'paved.dev/cloud-resource-id':
        'arn:aws:rds:eu-west-1:210987654321:db:orders-prod',
      'paved.dev/environment': 'production',
    });
    const orderService = await waitFor(
      'order-service to depend on it',
      async () => {
        const e = await entity('component/default/order-service');
        return relations(e, 'dependsOn').includes(
          'resource:default/aws-rds-orders-prod',
        )
          ? e
          : undefined;
      },
    );
    expect(relations(orderService, 'dependsOn')).toContain(
      'resource:default/orders-db',
    );

    const cosmos = await entity(
      'resource/default/azure-documentdb-lumen-recommendations-cosmos',
    );
    expect(cosmos?.spec).toMatchObject({
      type: 'database',
      owner: 'group:default/discovery-squad',
      dependencyOf: ['component:default/recommendations-service'],
    });
    // No team tag, or one naming no group: the owner is the component's.
    expect(
      (await entity('resource/default/aws-sqs-shipping-label-requests'))?.spec
        ?.owner,
    ).toBe('group:default/fulfilment-squad');
    expect(
      (await entity('resource/default/aws-lambda-identity-token-cleanup'))?.spec
        ?.owner,
    ).toBe('group:default/identity-squad');
    // The same function name in two regions: two entities.
    expect(
      names(found).filter(n => n.startsWith('aws-lambda-image-resizer-')),
    ).toHaveLength(2);

    const unowned = await entities(
      'kind=resource,metadata.annotations.paved.dev/unowned=true',
    );
    expect(names(unowned)).toEqual([
      'aws-ec2-i-0a1b2c3d4e5f67890',
      'aws-rds-analytics-sandbox',
      'aws-s3-lumen-retail-tmp-exports',
      'aws-sqs-legacy-newsletter',
      'azure-sql-lumen-bi-sandbox',
      'azure-storage-lumenscratch01',
    ]);
    expect(unowned.every(e => e.spec?.owner === 'group:default/unowned')).toBe(
      true,
    );
    // Never tagged: the Tagging API does not know it.
    expect(names(found)).not.toContain('aws-lambda-ops-scratch');
    // The hand-written resources are untouched.
    expect((await entity('resource/default/orders-db'))?.spec?.owner).toBe(
      'group:default/fulfilment-squad',
    );

    const [run] = await runs();
    expect(run).toMatchObject({
      provider: 'cloud-resources:lumen-retail',
      source_kind: 'cloud',
      target: `aws 210987654321/eu-west-1, aws 210987654321/us-east-1, azure ${cloud.azure.subscriptionId}`,
      outcome: 'complete',
      error: null,
    });
    expect(run.counts).toEqual({
      sources: 3,
      resources: EXPECTED,
      aws: visibleAws.length,
      azure: cloud.azure.resources.length,
      unowned: 6,
      skipped: 0,
      // eu-west-1: 26 resources in pages of 10; us-east-1: 4; Azure: 8 in pages of 5.
      requests: 3 + 1 + 2,
    });
  });

  it('waits out throttling on a later page and completes the run', async () => {
    aws.failNext({
      status: 400,
      region: 'eu-west-1',
      continuation: true,
      headers: { 'retry-after': '1' },
    });
    azure.failNext({
      status: 429,
      continuation: true,
      headers: { 'retry-after': '1' },
    });
    await completeRun();

    const throttled = aws.requests.findIndex(
      r => r.errorType === 'ThrottledException',
    );
    const sameToken = aws.requests.filter(
      r => r.paginationToken === aws.requests[throttled].paginationToken,
    );
    expect(sameToken.map(r => r.status)).toEqual([400, 200]);
    expect(sameToken[1].at - sameToken[0].at).toBeGreaterThanOrEqual(900);

    const azureRetried = azure.requests.filter(r => r.skipToken);
    expect(azureRetried.map(r => r.status)).toEqual([429, 200]);
    expect(azureRetried[1].at - azureRetried[0].at).toBeGreaterThanOrEqual(900);

    const [run] = await runs();
    expect(run.outcome).toBe('complete');
    expect(run.counts.requests).toBe(6 + 2);
  });

  it('keeps what it had when a run fails, and drops a deleted resource after a complete run', async () => {
    await completeRun();

    // Deleted upstream, but Azure fails past its retries: nothing is applied.
    aws.setResources(
      cloud.aws.resources.filter(r => !r.arn.endsWith(':db:orders-prod')),
    );
    azure.failNext({ status: 500, times: 3 });
    await scheduler.triggerTask(TASK_ID);
    const [, failed] = await waitFor('the failed run', async () => {
      const all = await runs();
      return all.length === 2 ? all : undefined;
    });
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toBe(
      `Error: 1 of 3 sources could not be listed completely, so nothing was applied: azure ${cloud.azure.subscriptionId}: InternalServerError (HTTP 500): Internal Server Error`,
    );
    expect(failed.problems).toEqual([
      {
        subject: `azure:${cloud.azure.subscriptionId}`,
        message: expect.stringMatching(/^listing failed: /),
      },
    ]);
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(names(await cloudResources())).toContain('aws-rds-orders-prod');

    await scheduler.triggerTask(TASK_ID);
    const after = await waitFor('aws-rds-orders-prod to go', async () => {
      const found = await cloudResources();
      return names(found).includes('aws-rds-orders-prod') ? undefined : found;
    });
    expect(after).toHaveLength(EXPECTED - 1);
    expect((await runs()).map(r => r.outcome)).toEqual([
      'complete',
      'failed',
      'complete',
    ]);
  });

  it('skips and reports a malformed record, and applies nothing after a malformed page', async () => {
    aws.setResources([
      ...cloud.aws.resources,
      {
        arn: 'orders-replica',
        region: 'eu-west-1',
        tags: { service: 'order-service' },
      },
    ]);
    azure.setResources([
      ...cloud.azure.resources,
      {
        id: `/subscriptions/${cloud.azure.subscriptionId}/resourceGroups/rg/providers/Microsoft.Cache/Redis/ghost`,
        location: 'westeurope',
        overrides: { id: null },
      },
    ]);
    await completeRun();
    const [run] = await runs();
    expect(run.counts).toMatchObject({ resources: EXPECTED, skipped: 2 });
    expect(run.problems).toEqual([
      {
        subject: 'aws:210987654321/eu-west-1:orders-replica',
        message: 'skipped not an ARN: "orders-replica"',
      },
      {
        subject: expect.stringMatching(
          new RegExp(`^azure:${cloud.azure.subscriptionId}:page \\d row \\d$`),
        ),
        message: 'skipped a row without id',
      },
    ]);

    // A truncated document, on every attempt: the run fails, nothing goes.
    aws.setResources(
      cloud.aws.resources.filter(r => !r.arn.includes('us-east-1')),
    );
    aws.failNext({
      status: 200,
      region: 'us-east-1',
      body: '{"ResourceTagMappingList": [{"ResourceARN": ',
      times: 3,
    });
    await scheduler.triggerTask(TASK_ID);
    await waitFor('the failed run', async () =>
      (await runs()).length === 2 ? true : undefined,
    );
    expect((await runs())[1]).toMatchObject({
      outcome: 'failed',
      error: expect.stringContaining('aws 210987654321/us-east-1'),
    });
    expect(await cloudResources()).toHaveLength(EXPECTED);
  });
});
