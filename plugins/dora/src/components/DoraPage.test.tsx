import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { doraApiRef } from '../api/DoraApi';
import {
  makeDoraApi,
  makeEmptyMetrics,
  makeMetrics,
  makeSquad,
} from '../testing/fixtures';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { DoraPage } from './DoraPage';

const HOUR = 3600;

function render(doraApi = makeDoraApi()) {
  return renderInTestApp(<DoraPage />, {
    apis: [[doraApiRef, doraApi]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

const elite = makeMetrics({
  deploymentFrequency: {
    deployments: 90,
    perDay: 3,
    medianDeployDaysPerWeek: 5,
    level: 'elite',
  },
  leadTime: {
    ...makeMetrics().leadTime,
    medianSeconds: 5 * HOUR,
    level: 'elite',
  },
  changeFailureRate: {
    deployments: 90,
    failedDeployments: 2,
    rate: 2 / 90,
    level: 'elite',
  },
  failedDeploymentRecoveryTime: {
    count: 2,
    medianSeconds: 40 * 60,
    p90Seconds: 50 * 60,
    level: 'elite',
  },
});

const slow = makeMetrics({
  deploymentFrequency: {
    deployments: 2,
    perDay: 2 / 30,
    medianDeployDaysPerWeek: 0,
    level: 'medium',
  },
  leadTime: {
    ...makeMetrics().leadTime,
    medianSeconds: 12 * 86400,
    level: 'medium',
  },
  changeFailureRate: {
    deployments: 2,
    failedDeployments: 1,
    rate: 0.5,
    level: 'low',
  },
  failedDeploymentRecoveryTime: {
    count: 0,
    medianSeconds: null,
    p90Seconds: null,
    level: null,
  },
});

const squadNames = () =>
  within(screen.getByRole('region', { name: 'Squads' }))
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[1].textContent);

describe('DoraPage', () => {
  beforeEach(() => window.history.replaceState(null, '', '/dora'));

  it('ranks squads best first, squads without deployments last', async () => {
    render(
      makeDoraApi({
        squads: async () => ({
          squads: [
            makeSquad('warehouse', 'Warehouse', makeEmptyMetrics(), 1),
            makeSquad('search', 'Search', slow, 2),
            makeSquad('checkout-squad', 'Checkout', elite, 4),
            makeSquad('payments', 'Payments', makeMetrics(), 3),
          ],
        }),
      }),
    );
    await screen.findByRole('region', { name: 'Squads' });
    expect(squadNames()).toEqual([
      'Checkout',
      'Payments',
      'Search',
      'Warehouse',
    ]);

    const checkout = screen.getByText('Checkout').closest('tr')!;
    const cells = within(checkout).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('1');
    expect(cells[2]).toHaveTextContent('4');
    expect(cells[3]).toHaveTextContent('3 / dayElite');
    expect(cells[4]).toHaveTextContent('5 hElite');
    expect(cells[5]).toHaveTextContent('2.2 %Elite');
    expect(cells[6]).toHaveTextContent('40 minElite');
    expect(
      within(checkout).getByRole('link', { name: 'DORA of Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/checkout-squad/dora');

    const search = screen.getByText('Search').closest('tr')!;
    expect(search).toHaveTextContent('0.067 / dayMedium');
    expect(search).toHaveTextContent('50 %Low');
    expect(within(search).getAllByRole('cell')[6]).toHaveTextContent(
      '—No data',
    );

    // Never deployed in the window: not ranked.
    const warehouse = screen.getByText('Warehouse').closest('tr')!;
    expect(within(warehouse).getAllByRole('cell')[0]).toHaveTextContent('—');
  });

  it('sorts by a column when asked', async () => {
    render(
      makeDoraApi({
        squads: async () => ({
          squads: [
            makeSquad('search', 'Search', slow),
            makeSquad('checkout-squad', 'Checkout', elite),
            makeSquad('payments', 'Payments', makeMetrics()),
          ],
        }),
      }),
    );
    await screen.findByRole('region', { name: 'Squads' });
    fireEvent.click(screen.getByText('Change failure rate'));
    await waitFor(() =>
      expect(squadNames()).toEqual(['Checkout', 'Payments', 'Search']),
    );
    fireEvent.click(screen.getByText('Lead time (median)'));
    await waitFor(() =>
      expect(squadNames()).toEqual(['Checkout', 'Payments', 'Search']),
    );
    fireEvent.click(screen.getByText('Lead time (median)'));
    await waitFor(() =>
      expect(squadNames()).toEqual(['Search', 'Payments', 'Checkout']),
    );
  });

  it('carries the filters to each squad’s DORA tab and into the request', async () => {
    window.history.replaceState(
      null,
      '',
      '/dora?window=90&environment=prod-eu',
    );
    const squads = jest.fn(async () => ({
      squads: [makeSquad('checkout-squad', 'Checkout', elite)],
    }));
    render(makeDoraApi({ squads }));
    expect(
      await screen.findByRole('link', { name: 'DORA of Checkout' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/group/checkout-squad/dora?window=90&environment=prod-eu',
    );
    expect(squads).toHaveBeenCalledWith(
      expect.objectContaining({ windowDays: 90, environment: 'prod-eu' }),
    );
    expect(screen.getByRole('button', { name: '90 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByLabelText('Environment')).toHaveValue('prod-eu');
  });

  it('says so when no squad owns a component', async () => {
    render();
    expect(
      await screen.findByText('No squad owns a component yet'),
    ).toBeInTheDocument();
  });

  it('says what Paved needs when no squad deployed', async () => {
    render(
      makeDoraApi({
        squads: async () => ({
          squads: [makeSquad('warehouse', 'Warehouse', makeEmptyMetrics())],
        }),
      }),
    );
    const hint = await screen.findByRole('region', {
      name: 'Why is this empty',
    });
    expect(hint).toHaveTextContent(
      'No production deployment in the last 30 days',
    );
    expect(screen.getByRole('region', { name: 'Squads' })).toHaveTextContent(
      'Warehouse',
    );
  });

  it('shows the backend’s error', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(
        400,
        errorBody(400, 'InputError', 'Invalid query: from: must be before to'),
      ),
    );
    render(
      makeDoraApi({
        squads: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText(/Invalid query: from: must be before to/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Squads' })).toBeNull();
  });
});
