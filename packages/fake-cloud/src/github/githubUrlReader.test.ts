import {
  GithubUrlReader,
  UrlReaders,
} from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { lumenRetailGithubOrg } from './lumenRetailGithubOrg';
import { startFakeGithub } from './startFakeGithub';
import { FakeGithubServer } from './types';

/**
 * Backstage's own GithubUrlReader against the fake: `search()` of a glob
 * asks for the combined status of the ref (for the commit SHA, the etag, and
 * the repository's trees_url), the recursive tree at that commit, and each
 * matching blob.
 */

const TOKEN = 'ghs_fake_reader_token';

type Logger = Parameters<typeof UrlReaders.create>[0]['logger'];
const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

describe('GithubUrlReader against the fake GitHub', () => {
  const org = lumenRetailGithubOrg();
  let server: FakeGithubServer;
  let reader: ReturnType<typeof UrlReaders.create>;

  beforeEach(async () => {
    server = await startFakeGithub(org, { token: TOKEN });
    reader = UrlReaders.create({
      config: new ConfigReader({
        integrations: {
          github: [
            { host: 'github.com', apiBaseUrl: server.apiBaseUrl, token: TOKEN },
          ],
        },
      }),
      logger: silentLogger,
      factories: [GithubUrlReader.factory],
    });
  });

  afterEach(async () => {
    await server.close();
  });

  const runbooksOf = (name: string) =>
    `https://github.com/lumen-retail/${name}/tree/HEAD/docs/runbooks/**`;

  async function contents(
    files: Array<{ url: string; content(): Promise<Buffer> }>,
  ) {
    return Object.fromEntries(
      await Promise.all(
        files.map(
          async f => [f.url, (await f.content()).toString('utf8')] as const,
        ),
      ),
    );
  }

  it('finds the runbooks of a repository with their content', async () => {
    const payments = org.repos.find(r => r.name === 'payments-service')!;
    const result = await reader.search(runbooksOf('payments-service'));

    const base = 'https://github.com/lumen-retail/payments-service/tree/HEAD';
    expect(await contents(result.files)).toEqual({
      [`${base}/docs/runbooks/alerts/PaymentsProviderTimeouts.md`]:
        payments.files!['docs/runbooks/alerts/PaymentsProviderTimeouts.md'],
      [`${base}/docs/runbooks/alerts/PaymentsWebhookBacklog.md`]:
        payments.files!['docs/runbooks/alerts/PaymentsWebhookBacklog.md'],
      [`${base}/docs/runbooks/payments-service.md`]:
        payments.files!['docs/runbooks/payments-service.md'],
    });
    // The etag is the head commit's SHA, as GitHub's combined status gives it.
    const status = await fetch(
      `${server.apiBaseUrl}/repos/lumen-retail/payments-service/commits/HEAD/status`,
      { headers: { authorization: `token ${TOKEN}` } },
    );
    expect(result.etag).toBe((await status.json()).sha);
    expect(result.etag).toMatch(/^[0-9a-f]{40}$/);

    // The reader asked what the brief of the fake says it asks, with the token.
    expect(server.requests.map(r => `${r.status} ${r.path}`)).toEqual(
      expect.arrayContaining([
        '200 /repos/lumen-retail/payments-service/commits/HEAD/status',
        `200 /repos/lumen-retail/payments-service/git/trees/${result.etag}`,
      ]),
    );
    expect(
      server.requests.filter(r => r.path.includes('/git/blobs/')),
    ).toHaveLength(3);
  });

  it('finds nothing for a repository without runbooks', async () => {
    const result = await reader.search(runbooksOf('shipping-service'));
    expect(result.files).toEqual([]);
  });

  it('answers NotModified for an unchanged repository, and a new etag after a change', async () => {
    const first = await reader.search(runbooksOf('cart-service'));
    await expect(
      reader.search(runbooksOf('cart-service'), { etag: first.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });

    const path = 'docs/runbooks/cart-service.md';
    server.setRepos(
      org.repos.map(r =>
        r.name === 'cart-service'
          ? {
              ...r,
              files: {
                ...r.files,
                [path]: `${r.files![path]}\nReviewed again.\n`,
              },
            }
          : r,
      ),
    );
    const second = await reader.search(runbooksOf('cart-service'), {
      etag: first.etag,
    });
    expect(second.etag).not.toBe(first.etag);
    const [file] = second.files;
    expect((await file.content()).toString('utf8')).toMatch(
      /Reviewed again\.\n$/,
    );
  });

  it('reads one file by URL as well', async () => {
    const buffer = await reader.readUrl(
      'https://github.com/lumen-retail/order-service/blob/main/docs/runbooks/order-service.md',
    );
    expect((await buffer.buffer()).toString('utf8')).toContain(
      '# Order Service runbook',
    );
  });
});
