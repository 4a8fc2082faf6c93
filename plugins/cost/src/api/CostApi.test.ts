import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { makeNonProduction } from '../__testUtils__/fixtures';
import { CostClient } from './CostApi';

function client(response: Response) {
  const fetch = jest.fn(async (_url: string) => response);
  return {
    fetch,
    client: new CostClient({
      discoveryApi: { getBaseUrl: async () => 'http://portal/api/cost' },
      fetchApi: { fetch } as any,
    }),
  };
}

const range = { from: '2026-10-01', to: '2026-11-01' };

describe('CostClient', () => {
  it('asks for the summary of a range, grouped', async () => {
    const { client: api, fetch } = client(
      jsonResponse(200, { totals: [], groups: [] }),
    );
    await api.summary(range, 'environment');
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/summary?from=2026-10-01&to=2026-11-01&groupBy=environment',
    );
  });

  it('asks for a group’s cost by its kind and encodes the name', async () => {
    const { client: api, fetch } = client(jsonResponse(200, {}));
    await api.entityCost(
      { namespace: 'default', name: 'checkout squad', kind: 'group' },
      range,
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/entities/default/checkout%20squad/cost?from=2026-10-01&to=2026-11-01&kind=group',
    );
  });

  it('leaves out filters not given', async () => {
    const { client: api, fetch } = client(jsonResponse(200, { points: [] }));
    await api.trend(range, 'month', { owner: 'group:default/a' });
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/trend?from=2026-10-01&to=2026-11-01&interval=month&owner=group%3Adefault%2Fa',
    );
  });

  it('throws a ResponseError with the backend’s message', async () => {
    const { client: api } = client(
      jsonResponse(
        400,
        errorBody(400, 'InputError', 'Invalid query: month: must be a month'),
      ),
    );
    const error = await api.monthOverMonth('2026-13', 'owner').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toContain('must be a month');
  });

  it('validates the anomalies it is answered', async () => {
    const anomaly = {
      key: 'group:default/checkout-squad',
      currency: 'USD',
      date: '2026-10-20',
      actual: { currency: 'USD', amount: '300.00' },
      expected: { currency: 'USD', amount: '100.00' },
      delta: { currency: 'USD', amount: '200.00' },
      z: 40.5,
      kind: 'spike',
      days: 1,
      review: null,
    };
    const body = {
      groupBy: 'owner',
      asOf: '2026-10-23',
      from: '2026-08-25',
      anomalies: [anomaly],
    };
    const { client: api, fetch } = client(jsonResponse(200, body));
    expect(await api.anomalies('entity')).toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/anomalies?groupBy=entity&days=60',
    );
    const { client: broken } = client(
      jsonResponse(200, { ...body, anomalies: [{ ...anomaly, kind: 'blip' }] }),
    );
    await expect(broken.anomalies('owner')).rejects.toThrow(/kind/);
  });

  it('validates the non-production report it is answered', async () => {
    const body = makeNonProduction();
    const { client: api, fetch } = client(jsonResponse(200, body));
    expect(await api.nonProduction(range)).toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/non-production?from=2026-10-01&to=2026-11-01',
    );
    const { client: broken } = client(
      jsonResponse(200, { ...body, hoursOnPerWeek: '55' }),
    );
    await expect(broken.nonProduction(range)).rejects.toThrow(/hoursOnPerWeek/);
  });

  it('PUTs a review as JSON', async () => {
    const review = {
      key: 'group:default/checkout-squad',
      currency: 'USD',
      date: '2026-10-20',
      status: 'dismissed' as const,
    };
    const { client: api, fetch } = client(
      jsonResponse(200, {
        ...review,
        snoozedUntil: null,
        note: null,
        reviewedBy: 'user:default/lead',
        reviewedAt: '2026-10-24T08:00:00.000Z',
      }),
    );
    expect(await api.reviewAnomaly(review)).toMatchObject({
      status: 'dismissed',
      reviewedBy: 'user:default/lead',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/anomalies/review',
      {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(review),
      },
    );
  });

  it('posts a file as CSV, gzipped by its name, and answers a refused file with its problems', async () => {
    const refused = {
      status: 'failed',
      problemCount: 1,
      problems: [{ line: 3, message: 'bad' }],
    };
    const { client: api, fetch } = client(jsonResponse(422, refused));
    const file = new File(['a,b\n'], 'aws focus.csv.gz');
    expect(await api.importFile({ source: 'aws', file })).toEqual(refused);
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/imports?source=aws&fileName=aws+focus.csv.gz',
      expect.objectContaining({
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', 'Content-Encoding': 'gzip' },
        body: file,
      }),
    );
  });

  it('posts a Parquet file as Parquet', async () => {
    const { client: api, fetch } = client(
      jsonResponse(201, { status: 'succeeded' }),
    );
    await api.importFile({
      source: 'gcp',
      file: new File(['PAR1'], 'gcp.parquet'),
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/cost/imports?source=gcp&fileName=gcp.parquet',
      expect.objectContaining({
        headers: { 'Content-Type': 'application/vnd.apache.parquet' },
      }),
    );
  });

  it('throws the backend’s message when an import is not allowed', async () => {
    const { client: api } = client(
      jsonResponse(
        403,
        errorBody(
          403,
          'NotAllowedError',
          'Only the platform squad imports cost data',
        ),
      ),
    );
    const error = await api
      .importFile({ source: 'aws', file: new File(['x'], 'f.csv') })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toContain('platform squad');
  });
});
