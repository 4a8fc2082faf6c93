import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import {
  LUMEN_RETAIL_AZURE_SUBSCRIPTION,
  lumenRetailAzureResources,
} from './lumenRetailAzure';
import { selfSignedCertificate } from './selfSignedCertificate';
import { startFakeAzureResourceGraph } from './startFakeAzureResourceGraph';
import { FakeAzureResourceGraphServer } from './types';

const TOKEN = 'fake-arm-token';
const QUERY =
  'Resources | project id, name, type, location, tags | order by id asc';

const staticToken = (token: string) => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

describe('startFakeAzureResourceGraph', () => {
  let server: FakeAzureResourceGraphServer;

  const client = (token = TOKEN) =>
    new ResourceGraphClient(staticToken(token), {
      endpoint: server.endpoint,
      // The fake's self-signed certificate, trusted for this client only.
      tlsOptions: { ca: server.caCertificate },
      retryOptions: { maxRetries: 2, retryDelayInMs: 50 },
    });

  const post = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const req = https.request(
        `${server.endpoint}${path}`,
        {
          method: 'POST',
          ca: server.caCertificate,
          headers: { 'content-type': 'application/json', ...headers },
        },
        res => {
          let text = '';
          res.on('data', chunk => {
            text += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode!, body: JSON.parse(text) }),
          );
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ query: QUERY }));
    });

  beforeEach(async () => {
    server = await startFakeAzureResourceGraph(lumenRetailAzureResources(), {
      token: TOKEN,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('serves HTTPS with a generated certificate for 127.0.0.1', () => {
    const cert = new X509Certificate(server.caCertificate);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(selfSignedCertificate('x').cert).not.toBe(server.caCertificate);
  });

  it('pages with $top and $skipToken, in the shape the SDK parses', async () => {
    const rows: Array<Record<string, unknown>> = [];
    let skipToken: string | undefined;
    do {
      const page = await client().resources({
        subscriptions: [LUMEN_RETAIL_AZURE_SUBSCRIPTION],
        query: QUERY,
        options: { top: 3, skipToken },
      });
      expect(page.totalRecords).toBe(8);
      expect(page.resultTruncated).toBe('false');
      rows.push(...page.data);
      skipToken = page.skipToken;
    } while (skipToken);

    expect(server.requests.map(r => r.status)).toEqual([200, 200, 200]);
    expect(server.requests[0].apiVersion).toBe('2024-04-01');
    expect(rows).toHaveLength(8);
    expect(rows.find(r => r.name === 'lumen-recommendations-cosmos')).toEqual({
      id: `/subscriptions/${LUMEN_RETAIL_AZURE_SUBSCRIPTION}/resourceGroups/rg-discovery-prod/providers/Microsoft.DocumentDB/databaseAccounts/lumen-recommendations-cosmos`,
      name: 'lumen-recommendations-cosmos',
      type: 'microsoft.documentdb/databaseaccounts',
      tenantId: expect.any(String),
      kind: 'GlobalDocumentDB',
      location: 'westeurope',
      resourceGroup: 'rg-discovery-prod',
      subscriptionId: LUMEN_RETAIL_AZURE_SUBSCRIPTION,
      tags: {
        service: 'recommendations-service',
        team: 'discovery-squad',
        env: 'production',
      },
    });
    expect(rows.find(r => r.name === 'lumenscratch01')?.tags).toBeNull();
  });

  it('returns nothing for a subscription it does not hold', async () => {
    const page = await client().resources({
      subscriptions: ['99999999-0000-0000-0000-000000000000'],
      query: QUERY,
    });
    expect(page).toMatchObject({ totalRecords: 0, count: 0, data: [] });
  });

  it('throttles with 429 and Retry-After, which the SDK waits out and retries', async () => {
    server.failNext({ status: 429, headers: { 'retry-after': '1' } });
    const page = await client().resources({
      subscriptions: [LUMEN_RETAIL_AZURE_SUBSCRIPTION],
      query: QUERY,
    });
    expect(page.count).toBe(8);
    const [throttled, retry] = server.requests;
    expect([throttled.status, throttled.errorCode, retry.status]).toEqual([
      429,
      'RateLimiting',
      200,
    ]);
    expect(retry.at - throttled.at).toBeGreaterThanOrEqual(900);
  });

  it('fails with the ARM error once retries run out on a 500', async () => {
    server.failNext({ status: 500, times: 3 });
    await expect(
      client().resources({
        subscriptions: [LUMEN_RETAIL_AZURE_SUBSCRIPTION],
        query: QUERY,
      }),
    ).rejects.toMatchObject({ statusCode: 500, code: 'InternalServerError' });
    expect(server.requests).toHaveLength(3);
  });

  it('rejects a missing or wrong bearer token with 401, and a request without api-version', async () => {
    await expect(
      client('not-the-token').resources({
        subscriptions: [LUMEN_RETAIL_AZURE_SUBSCRIPTION],
        query: QUERY,
      }),
    ).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
    });

    const anonymous = await post(
      '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01',
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      error: {
        code: 'AuthenticationFailed',
        message:
          "Authentication failed. The 'Authorization' header is missing.",
      },
    });

    const unversioned = await post(
      '/providers/Microsoft.ResourceGraph/resources',
      {
        authorization: `Bearer ${TOKEN}`,
      },
    );
    expect(unversioned.status).toBe(400);
    expect(unversioned.body).toMatchObject({
      error: { code: 'MissingApiVersionParameter' },
    });
  });
});
