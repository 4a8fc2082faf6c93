import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { csvResponse } from '../testing/responses';
import { makeMetrics } from '../testing/fixtures';
import {
  DoraClient,
  doraQuery,
  fileNameFromContentDisposition,
} from './DoraApi';

describe('doraQuery', () => {
  const to = new Date('2026-11-23T12:00:00.000Z');

  it('turns the window into from/to and names the time zone', () => {
    const query = doraQuery({
      entityRef: 'group:default/checkout-squad',
      environment: ' production-eu ',
      windowDays: 90,
      to,
      timeZone: 'Europe/Berlin',
    });
    expect(Object.fromEntries(query)).toEqual({
      entityRef: 'group:default/checkout-squad',
      environment: 'production-eu',
      from: '2026-08-25T12:00:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
  });

  it('defaults to 30 days, every environment and the browser’s zone', () => {
    const query = doraQuery({ environment: '  ', to });
    expect(query.get('from')).toBe('2026-10-24T12:00:00.000Z');
    expect(query.has('environment')).toBe(false);
    expect(query.has('entityRef')).toBe(false);
    expect(query.get('timeZone')).toBe(
      new Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  });
});

describe('fileNameFromContentDisposition', () => {
  it('reads the quoted, bare or RFC 5987 file name', () => {
    expect(
      fileNameFromContentDisposition('attachment; filename="dora-a.csv"'),
    ).toBe('dora-a.csv');
    expect(
      fileNameFromContentDisposition('attachment; filename=dora-b.csv'),
    ).toBe('dora-b.csv');
    expect(
      fileNameFromContentDisposition(
        'attachment; filename="caf?.csv"; filename*=UTF-8\'\'caf%C3%A9.csv',
      ),
    ).toBe('café.csv');
    expect(
      fileNameFromContentDisposition('attachment; filename="a \\"b\\".csv"'),
    ).toBe('a "b".csv');
    expect(fileNameFromContentDisposition('attachment')).toBeUndefined();
    expect(fileNameFromContentDisposition(null)).toBeUndefined();
  });
});

describe('DoraClient', () => {
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => `http://localhost/api/${pluginId}`,
  };

  it('GETs /api/dora with the query', async () => {
    const fetch = jest.fn(async () => jsonResponse(200, makeMetrics()));
    const client = new DoraClient({ discoveryApi, fetchApi: { fetch } });
    const metrics = await client.metrics({
      entityRef: 'component:default/checkout',
      windowDays: 7,
      to: new Date('2026-11-23T00:00:00Z'),
      timeZone: 'UTC',
    });
    expect(metrics.deploymentFrequency.deployments).toBe(42);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/dora/metrics?entityRef=component%3Adefault%2Fcheckout&from=2026-11-16T00%3A00%3A00.000Z&to=2026-11-23T00%3A00%3A00.000Z&timeZone=UTC',
    );

    await client.series(
      { entityRef: 'group:default/a', timeZone: 'UTC' },
      'month',
    );
    expect(String(fetch.mock.calls[1])).toMatch(
      /\/api\/dora\/series\?entityRef=group%3Adefault%2Fa&.*&granularity=month$/,
    );
  });

  it('asks /squads without an entity', async () => {
    const fetch = jest.fn(async () => jsonResponse(200, { squads: [] }));
    const client = new DoraClient({ discoveryApi, fetchApi: { fetch } });
    await client.squads({ entityRef: 'group:default/x', windowDays: 365 });
    const url = new URL(String(fetch.mock.calls[0]));
    expect(url.pathname).toBe('/api/dora/squads');
    expect(url.searchParams.has('entityRef')).toBe(false);
  });

  it('throws a ResponseError carrying the backend’s message', async () => {
    const fetch = jest.fn(async () =>
      jsonResponse(
        400,
        errorBody(
          400,
          'InputError',
          'Invalid query: entityRef: must be a Component or Group entity ref',
        ),
      ),
    );
    const client = new DoraClient({ discoveryApi, fetchApi: { fetch } });
    const error = await client.changes({}).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe(
      'Invalid query: entityRef: must be a Component or Group entity ref',
    );
  });

  it('downloads a list as CSV, named by Content-Disposition', async () => {
    const csv = 'id,entityRef\r\nargocd:41,component:default/checkout\r\n';
    const fetch = jest.fn(async () =>
      csvResponse(
        csv,
        'attachment; filename="dora-changes-component_default_checkout-2026-11-16-2026-11-23.csv"',
      ),
    );
    const client = new DoraClient({ discoveryApi, fetchApi: { fetch } });
    const file = await client.downloadCsv('changes', {
      entityRef: 'component:default/checkout',
      environment: 'production-eu',
      windowDays: 7,
      to: new Date('2026-11-23T00:00:00Z'),
      timeZone: 'UTC',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/dora/changes.csv?entityRef=component%3Adefault%2Fcheckout&environment=production-eu&from=2026-11-16T00%3A00%3A00.000Z&to=2026-11-23T00%3A00%3A00.000Z&timeZone=UTC',
    );
    expect(file.fileName).toBe(
      'dora-changes-component_default_checkout-2026-11-16-2026-11-23.csv',
    );
    expect(file.blob.type).toBe('text/csv; charset=utf-8');
    expect(file.blob.size).toBe(csv.length);
  });

  it('names a CSV after its list when the backend does not', async () => {
    const fetch = jest.fn(async () => csvResponse('id\r\n'));
    const client = new DoraClient({ discoveryApi, fetchApi: { fetch } });
    const file = await client.downloadCsv('incidents', {
      entityRef: 'group:default/a',
    });
    expect(new URL(String(fetch.mock.calls[0])).pathname).toBe(
      '/api/dora/incidents.csv',
    );
    expect(file.fileName).toBe('dora-incidents.csv');
  });

  it('throws the backend’s message when a CSV is refused', async () => {
    const fetch = jest.fn(async () =>
      jsonResponse(
        400,
        errorBody(400, 'InputError', 'Invalid query: entityRef: Required'),
      ),
    );
    const client = new DoraClient({ discoveryApi, fetchApi: { fetch } });
    const error = await client.downloadCsv('deployments', {}).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe('Invalid query: entityRef: Required');
  });

  it('GETs the GitHub backfill status', async () => {
    const fetch = jest.fn(async () => jsonResponse(200, { enabled: false }));
    const client = new DoraClient({ discoveryApi, fetchApi: { fetch } });
    expect(await client.githubSync()).toEqual({ enabled: false });
    expect(fetch).toHaveBeenCalledWith('http://localhost/api/dora/github/sync');
  });
});
