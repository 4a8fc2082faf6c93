import { addMonths, formatMonth } from '@internal/plugin-cost-common';
import { screen, within } from '@testing-library/react';
import { cost, makeCostApi } from '../__testUtils__/fixtures';
import { checkoutSquad, renderEntityTab } from '../__testUtils__/render';
import { CostApi } from '../api/CostApi';

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

describe('CostEntityContent', () => {
  it('shows a component’s month totals and breakdowns', async () => {
    const now = new Date();
    const base = makeCostApi();
    const api: CostApi = {
      ...base,
      entityCost: jest.fn(async (entity, range) => ({
        ...(await base.entityCost(entity, range)),
        byMonth: [
          {
            period: formatMonth(addMonths(now, -1)),
            costs: [cost('USD', '600.00'), cost('EUR', '20.00')],
          },
          { period: formatMonth(now), costs: [cost('USD', '300.00')] },
        ],
        daily: [
          { period: `${formatMonth(now)}-01`, costs: [cost('USD', '150.00')] },
          { period: `${formatMonth(now)}-02`, costs: [cost('USD', '150.00')] },
          { period: `${formatMonth(now)}-03`, costs: [] },
        ],
      })),
    };
    await renderEntityTab(api);
    expect(
      await screen.findByText('This month so far (USD)'),
    ).toBeInTheDocument();
    expect(screen.getByText('$300.00')).toBeInTheDocument();
    expect(screen.getByText('$600.00')).toBeInTheDocument();
    // One block per currency.
    expect(
      screen.getAllByText('Change of the daily average (2 days so far)'),
    ).toHaveLength(2);
    // EUR is shown on its own, never added to USD.
    expect(screen.getByText('€20.00')).toBeInTheDocument();
    expect(api.entityCost).toHaveBeenCalledWith(
      { namespace: 'default', name: 'checkout-service', kind: 'component' },
      expect.objectContaining({ from: expect.any(String) }),
    );
    const environments = screen.getByRole('table', {
      name: 'Cost by environment',
    });
    expect(within(environments).getByText('production')).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Cost by category' }),
    ).toBeInTheDocument();
    const providers = screen.getByRole('table', { name: 'Cost by provider' });
    expect(within(providers).getByText('Kubernetes')).toBeInTheDocument();
    expect(within(providers).getByText('AWS')).toBeInTheDocument();
  });

  it('asks the backend for what a group owns', async () => {
    const api = makeCostApi();
    await renderEntityTab(api, checkoutSquad);
    await screen.findByRole('table', { name: 'Cost by environment' });
    expect(api.entityCost).toHaveBeenCalledWith(
      { namespace: 'default', name: 'checkout-squad', kind: 'group' },
      expect.anything(),
    );
  });

  it('says when there is no cost data', async () => {
    const base = makeCostApi();
    await renderEntityTab({
      ...base,
      entityCost: jest.fn(async (entity, range) => ({
        ...(await base.entityCost(entity, range)),
        totals: [],
        byEnvironment: [],
        byCategory: [],
        byProvider: [],
      })),
    });
    expect(
      await screen.findByText('No cost data yet for this component'),
    ).toBeInTheDocument();
  });

  it('shows the error', async () => {
    await renderEntityTab(
      makeCostApi({
        entityCost: jest.fn(async () => {
          throw new Error('cost backend down');
        }),
      }),
    );
    expect(
      (await screen.findAllByText(/cost backend down/)).length,
    ).toBeGreaterThan(0);
  });
});
