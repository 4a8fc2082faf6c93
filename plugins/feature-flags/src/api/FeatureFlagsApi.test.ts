import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { FeatureFlagsClient } from './FeatureFlagsApi';

const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `http://localhost/api/${pluginId}`,
};

function clientAnswering(status: number, body: unknown) {
  const fetch = jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    jsonResponse(status, body),
  );
  return {
    fetch,
    client: new FeatureFlagsClient({ discoveryApi, fetchApi: { fetch } }),
  };
}

describe('FeatureFlagsClient', () => {
  it('fills in the settings an older backend leaves out', async () => {
    const { fetch, client } = clientAnswering(200, {
      environments: ['staging', 'production'],
    });
    expect(await client.getSettings()).toEqual({
      environments: ['staging', 'production'],
      approvalEnvironments: [],
      evaluators: {},
      rollout: {},
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/feature-flags/environments',
    );
  });

  it('addresses a Component’s flags by namespace and name, encoded', async () => {
    const { fetch, client } = clientAnswering(200, { entries: [] });
    await client.getAudit('component:team-a/cart service', 'new.checkout');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/feature-flags/entities/team-a/cart%20service/flags/new.checkout/audit',
    );
  });

  it('archives a flag with a POST carrying the reason', async () => {
    const { fetch, client } = clientAnswering(204, undefined);
    await client.archiveFlag(
      'component:default/cart-service',
      'save-for-later',
      'Code removed in March',
    );
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/feature-flags/entities/default/cart-service/flags/save-for-later/archive',
    );
    expect(fetch.mock.calls[0][1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ reason: 'Code removed in March' }),
    });
  });

  it('PUTs a definition with its version and reason', async () => {
    const saved = {
      definition: {
        state: 'ENABLED',
        variants: { on: true },
        defaultVariant: 'on',
      },
      version: 4,
      updatedAt: '2026-11-21T10:00:00Z',
      updatedBy: 'user:default/guest',
    };
    const { fetch, client } = clientAnswering(200, saved);
    const request = {
      definition: saved.definition,
      version: 3,
      reason: 'Launch',
    };
    expect(
      await client.saveDefinition(
        'component:default/checkout-service',
        'new-checkout',
        'production',
        request,
      ),
    ).toEqual({ status: 'applied', definition: saved });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/feature-flags/entities/default/checkout-service/flags/new-checkout/environments/production',
      {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
  });

  it('tells a change waiting for approval (202) from an applied one', async () => {
    const changeRequest = { id: 'cr-1', status: 'pending' };
    const { client } = clientAnswering(202, { changeRequest });
    expect(
      await client.saveDefinition('component:default/x', 'f', 'production', {
        definition: {},
        version: 1,
        reason: 'r',
      }),
    ).toEqual({ status: 'pending', changeRequest });
  });

  it('asks for change requests of a Component or of everyone', async () => {
    const one = clientAnswering(200, { changeRequests: [] });
    await one.client.getChangeRequests({
      entityRef: 'component:default/x',
      status: 'pending',
    });
    expect(one.fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/feature-flags/entities/default/x/change-requests?status=pending',
    );
    const all = clientAnswering(200, { changeRequests: [] });
    await all.client.getChangeRequests({ status: 'pending' });
    expect(all.fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/feature-flags/change-requests?status=pending',
    );
  });

  it('approves at the request’s own Component, with the comment', async () => {
    const { fetch, client } = clientAnswering(200, {
      changeRequest: {},
      definition: {},
    });
    await client.approveChangeRequest(
      { entityRef: 'component:default/x', id: 'cr 1' },
      '  ok ',
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/feature-flags/entities/default/x/change-requests/cr%201/approve',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ comment: 'ok' }),
      }),
    );
  });

  it('asks for evaluations of one environment and window', async () => {
    const { fetch, client } = clientAnswering(200, { points: [] });
    await client.getEvaluations('component:default/x', 'f', {
      environment: 'staging',
      hours: 168,
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost/api/feature-flags/entities/default/x/flags/f/evaluations?environment=staging&hours=168',
    );
  });

  it('names the CSV file as the backend does', async () => {
    const fetch = jest.fn(async () => ({
      ok: true,
      status: 200,
      headers: {
        get: (name: string) =>
          name === 'content-disposition'
            ? 'attachment; filename="x-new-checkout-audit.csv"'
            : null,
      },
      blob: async () => new Blob(['a,b\n']),
    }));
    const client = new FeatureFlagsClient({
      discoveryApi,
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    });
    const file = await client.downloadAuditCsv('component:default/x', 'f');
    expect(file.fileName).toBe('x-new-checkout-audit.csv');
  });

  it('throws a ResponseError carrying the backend’s message', async () => {
    const { client } = clientAnswering(
      409,
      errorBody(409, 'ConflictError', 'The flag new-checkout already exists'),
    );
    const error = await client
      .createFlag('component:default/x', {
        key: 'new-checkout',
        kind: 'release',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('The flag new-checkout already exists');
  });
});
