import { ResponseError } from '@backstage/errors';
import {
  makeCoverage,
  makeDetail,
  makeEntityRunbooks,
  makeOncall,
  makeResolution,
} from '../__testUtils__/fixtures';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { RunbooksClient } from './RunbooksApi';

const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `http://localhost/api/${pluginId}`,
};

function clientAnswering(status: number, body: unknown) {
  const fetch = jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    jsonResponse(status, body),
  );
  return {
    fetch,
    client: new RunbooksClient({ discoveryApi, fetchApi: { fetch } }),
  };
}

const calledUrl = (fetch: jest.Mock) => new URL(String(fetch.mock.calls[0][0]));

describe('RunbooksClient', () => {
  it('searches with the query and the filters that are set', async () => {
    const { fetch, client } = clientAnswering(200, {
      query: 'checkout',
      total: 0,
      results: [],
    });
    await client.search({
      q: ' checkout ',
      owner: 'group:default/checkout-squad',
      system: '  ',
      limit: 20,
      offset: 40,
    });
    const url = calledUrl(fetch);
    expect(url.pathname).toBe('/api/runbooks/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'checkout',
      owner: 'group:default/checkout-squad',
      limit: '20',
      offset: '40',
    });
  });

  it('asks for an alert with its hints, the name encoded', async () => {
    const { fetch, client } = clientAnswering(200, makeResolution());
    const resolution = await client.resolveAlert('Checkout/HighErrorRate', {
      service: 'checkout-service',
    });
    expect(resolution.runbook?.title).toBe('Checkout service');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/runbooks/alerts/Checkout%2FHighErrorRate?service=checkout-service',
    );
  });

  it('addresses entities by kind, namespace and name', async () => {
    const entity = clientAnswering(200, makeEntityRunbooks());
    await entity.client.getEntityRunbooks('component:default/checkout-service');
    expect(entity.fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/runbooks/entity/component/default/checkout-service',
    );

    const oncall = clientAnswering(200, makeOncall());
    // Kinds are case-insensitive; the client sends them as the catalog spells refs.
    await oncall.client.getOncall({
      kind: 'Component',
      namespace: 'team-a',
      name: 'cart',
    });
    expect(oncall.fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/runbooks/oncall/component/team-a/cart',
    );
  });

  it('reads a runbook, coverage and problems', async () => {
    const runbook = clientAnswering(200, makeDetail());
    expect((await runbook.client.getRunbook('a b')).html).toContain('Overview');
    expect(runbook.fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/runbooks/runbooks/a%20b',
    );

    const coverage = clientAnswering(200, makeCoverage());
    await coverage.client.getCoverage({ staleDays: 30 });
    expect(coverage.fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/runbooks/coverage?staleDays=30',
    );

    const problems = clientAnswering(200, { problems: [] });
    await problems.client.getProblems({
      entityRef: 'component:default/cart',
    });
    expect(problems.fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/runbooks/problems?entityRef=component%3Adefault%2Fcart',
    );
  });

  it('POSTs a refresh of one entity', async () => {
    const run = {
      startedAt: '2026-11-23T12:00:00Z',
      sourcesRead: 1,
      sourcesUnchanged: 0,
      sourcesFailed: 0,
      runbooks: 2,
      problems: 1,
    };
    const { fetch, client } = clientAnswering(200, { run });
    expect(
      await client.refresh({ entityRef: 'component:default/checkout-service' }),
    ).toEqual({ run });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/runbooks/refresh',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({
          entityRef: 'component:default/checkout-service',
        }),
      }),
    );
    expect(fetch.mock.calls[0][1]?.headers).toEqual({
      'Content-Type': 'application/json',
    });
  });

  it('throws a ResponseError carrying the backend’s message', async () => {
    const { client } = clientAnswering(
      400,
      errorBody(400, 'InputError', 'Invalid query: q: must not be empty'),
    );
    const error = await client.search({ q: 'x' }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe('Invalid query: q: must not be empty');
  });

  it('names the fields when a response breaks the contract', async () => {
    const { client } = clientAnswering(200, { alert: 'X', status: 'maybe' });
    await expect(client.resolveAlert('X')).rejects.toThrow(
      /unexpected response: status: .*candidates: /,
    );
  });
});
