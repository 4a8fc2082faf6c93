import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { makeDryRunResult, makeTemplates } from '../__testUtils__/fixtures';
import { GoldenPathsClient } from './GoldenPathsApi';

const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `http://localhost/api/${pluginId}`,
};

function clientAnswering(status: number, body: unknown) {
  const fetch = jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    jsonResponse(status, body),
  );
  return {
    fetch,
    client: new GoldenPathsClient({ discoveryApi, fetchApi: { fetch } }),
  };
}

const template = { namespace: 'default', name: 'typescript-service' };

describe('GoldenPathsClient', () => {
  it('lists the templates, every lag counted', async () => {
    const { fetch, client } = clientAnswering(200, {
      templates: makeTemplates(),
    });
    const list = await client.listTemplates();
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/golden-paths/templates',
    );
    expect(list.templates.map(t => t.name)).toEqual([
      'typescript-service',
      'python-worker',
      'java-service',
    ]);
    expect(list.templates.map(t => t.lagCounts)).toEqual([
      { current: 2, patch: 1, minor: 1, major: 1, unknown: 1 },
      { current: 0, patch: 0, minor: 0, major: 0, unknown: 0 },
      { current: 0, patch: 0, minor: 0, major: 0, unknown: 1 },
    ]);
  });

  it('POSTs a dry run with the values as JSON, the name encoded', async () => {
    const { fetch, client } = clientAnswering(200, makeDryRunResult());
    const result = await client.dryRun(
      { namespace: 'team a', name: 'typescript/service' },
      { values: { name: 'my-service', port: 8080 } },
    );
    expect(result.files).toHaveLength(4);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/golden-paths/templates/team%20a/typescript%2Fservice/dry-run',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ values: { name: 'my-service', port: 8080 } }),
      },
    );
  });

  it.each([
    [400, 'InputError', 'name: does not match pattern "^[a-z][a-z0-9-]+$"'],
    [
      403,
      'NotAllowedError',
      'Only the platform squad may dry-run stored templates',
    ],
    [404, 'NotFoundError', 'No template template:default/typescript-service'],
  ])(
    'throws a ResponseError carrying the backend’s %s message',
    async (status, name, message) => {
      const { client } = clientAnswering(
        status,
        errorBody(status, name, message),
      );
      const error = await client.dryRun(template, { values: {} }).catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause.name).toBe(name);
      expect(error.cause.message).toBe(message);
    },
  );

  it('names the fields when the template list breaks the contract', async () => {
    const { client } = clientAnswering(200, {
      templates: [
        { ...makeTemplates()[0], inCatalog: 'yes', lagCounts: { late: 1 } },
      ],
    });
    await expect(client.listTemplates()).rejects.toThrow(
      /answered \/templates with an unexpected response: templates\.0\.inCatalog: /,
    );
  });

  it('names the fields when a dry run result breaks the contract', async () => {
    const { client } = clientAnswering(200, {
      ...makeDryRunResult(),
      files: [{ path: 'a.txt', size: '12' }],
    });
    await expect(client.dryRun(template, { values: {} })).rejects.toThrow(
      /dry-run with an unexpected response: files\.0\.size: .*files\.0\.executable: /,
    );
  });
});
