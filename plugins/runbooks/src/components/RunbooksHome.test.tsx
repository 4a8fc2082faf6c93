import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RunbookSearchRequest } from '../api/RunbooksApi';
import {
  makeCoverage,
  makeHit,
  makeRunbooksApi,
  responseError,
} from '../__testUtils__/fixtures';
import { renderRunbooksAt } from '../__testUtils__/render';

const hits = (request: RunbookSearchRequest) => ({
  query: request.q,
  total: 2,
  results: [
    makeHit({
      exactAlertMatch: true,
      snippet: [
        { text: 'When ', highlight: false },
        { text: 'checkout', highlight: true },
        { text: ' errors rise, roll back with ', highlight: false },
        { text: '<b>care</b><img src=x onerror=alert(1)>', highlight: false },
      ],
    }),
    makeHit({
      id: 'rb-cart',
      entityRef: 'component:default/cart-service',
      title: 'Cart service',
      alerts: [],
      severity: undefined,
      snippet: [{ text: 'Calls checkout', highlight: true }],
    }),
  ],
});

// The tables (material-table) render slowly on a busy machine.
jest.setTimeout(30_000);

describe('the runbooks page', () => {
  it('searches for the query in the URL and highlights the matched words', async () => {
    const search = jest.fn(async (request: RunbookSearchRequest) =>
      hits(request),
    );
    renderRunbooksAt(
      '/runbooks?q=checkout&severity=critical',
      makeRunbooksApi({ search }),
    );

    const results = await screen.findByRole('region', {
      name: 'Search results',
    });
    expect(
      await within(results).findByText(/2 runbooks match/),
    ).toHaveTextContent('2 runbooks match “checkout”');
    expect(search).toHaveBeenCalledWith(
      expect.objectContaining({
        q: 'checkout',
        severity: 'critical',
        offset: 0,
      }),
    );
    expect(screen.getByLabelText('Search runbooks')).toHaveValue('checkout');

    const [first, second] = within(results).getAllByRole('listitem');
    expect(
      within(first).getByRole('link', { name: 'Checkout service' }),
    ).toHaveAttribute('href', '/runbooks/runbook/rb-checkout');
    expect(within(first).getByText('alert')).toBeInTheDocument();
    expect(
      within(first).getByText('CheckoutHighErrorRate'),
    ).toBeInTheDocument();
    expect(within(first).getByText('severity: critical')).toBeInTheDocument();
    const marks = first.querySelectorAll('mark');
    expect(Array.from(marks).map(mark => mark.textContent)).toEqual([
      'checkout',
    ]);
    expect(within(second).queryByText('alert')).toBeNull();
    expect(
      within(second).getByRole('link', { name: 'cart-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/cart-service');
  });

  it('shows snippet text as text, never as HTML', async () => {
    renderRunbooksAt(
      '/runbooks?q=checkout',
      makeRunbooksApi({ search: async request => hits(request) }),
    );
    const results = await screen.findByRole('region', {
      name: 'Search results',
    });
    const first = (await within(results).findAllByRole('listitem'))[0];
    expect(first).toHaveTextContent(
      'roll back with <b>care</b><img src=x onerror=alert(1)>',
    );
    expect(first.querySelector('b')).toBeNull();
    expect(first.querySelector('img')).toBeNull();
  });

  it('searches as the user pauses typing, with the filters', async () => {
    const search = jest.fn(async (request: RunbookSearchRequest) =>
      hits(request),
    );
    renderRunbooksAt('/runbooks', makeRunbooksApi({ search }));
    expect(
      await screen.findByText(/, service, or words in a runbook/),
    ).toBeInTheDocument();
    expect(search).not.toHaveBeenCalled();

    fireEvent.change(
      within(
        screen.getByRole('region', { name: 'Runbook search' }),
      ).getByLabelText('Owner'),
      {
        target: { value: 'group:default/checkout-squad' },
      },
    );
    fireEvent.change(screen.getByLabelText('Search runbooks'), {
      target: { value: 'Checkout' },
    });
    await waitFor(() =>
      expect(search).toHaveBeenCalledWith(
        expect.objectContaining({
          q: 'Checkout',
          owner: 'group:default/checkout-squad',
        }),
      ),
    );
    expect(search).toHaveBeenCalledTimes(1);
  });

  it('offers the owners, systems and severities runbooks have as filters', async () => {
    const search = jest.fn(async (request: RunbookSearchRequest) =>
      hits(request),
    );
    renderRunbooksAt('/runbooks?q=checkout', makeRunbooksApi({ search }));
    const owner = await screen.findByRole('combobox', { name: 'Owner' });
    fireEvent.mouseDown(owner);
    fireEvent.click(
      await screen.findByRole('option', {
        name: 'group:default/checkout-squad',
      }),
    );
    await waitFor(() =>
      expect(search).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: 'group:default/checkout-squad' }),
      ),
    );
  });

  it('says when nothing matches', async () => {
    renderRunbooksAt('/runbooks?q=nothing', makeRunbooksApi());
    expect(
      await screen.findByText('No runbook matches “nothing”'),
    ).toBeInTheDocument();
  });

  it('shows the backend’s error for a search', async () => {
    const error = await responseError(
      400,
      'InputError',
      'Invalid query: severity: must be at most 200 characters',
    );
    renderRunbooksAt(
      '/runbooks?q=x',
      makeRunbooksApi({
        search: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText(/severity: must be at most 200 characters/),
    ).toBeInTheDocument();
  });

  it('shows coverage: the summary, components, alerts without a runbook and runbooks matching no alert', async () => {
    const getCoverage = jest.fn(async () => makeCoverage());
    renderRunbooksAt('/runbooks', makeRunbooksApi({ getCoverage }));

    const summary = await screen.findByRole('region', {
      name: 'Coverage summary',
    });
    expect(
      within(summary).getByRole('region', { name: 'With a runbook' }),
    ).toHaveTextContent('3With a runbook · 75%');
    expect(
      within(summary).getByRole('region', {
        name: 'Stale (not reviewed in 90 days or since an incident)',
      }),
    ).toHaveTextContent('1');

    const components = screen.getByRole('region', {
      name: 'Production components',
    });
    const cart = within(components).getByText('Cart service').closest('tr')!;
    expect(cart).toHaveTextContent('Escalation, External contacts');
    expect(cart).toHaveTextContent('2025-01-10');
    expect(cart).toHaveTextContent(
      'Not reviewed in 90 days; Reviewed before the last incident (2026-11-01)',
    );

    const uncovered = screen.getByRole('region', {
      name: 'Alerts without a runbook',
    });
    expect(
      within(uncovered).getByText('CartQueueBacklog').closest('tr'),
    ).toHaveTextContent('The rule has no runbook_url');

    const unmatched = screen.getByRole('region', {
      name: 'Runbooks matching no alert',
    });
    expect(
      within(unmatched).getByText('CheckoutLatencyHigh').closest('tr'),
    ).toHaveTextContent('Checkout service');

    expect(getCoverage).toHaveBeenCalledWith({
      staleDays: undefined,
      owner: undefined,
    });
    fireEvent.click(screen.getByRole('button', { name: '30 days' }));
    await waitFor(() =>
      expect(getCoverage).toHaveBeenLastCalledWith({
        staleDays: 30,
        owner: undefined,
      }),
    );
  });

  it('says when rules are not configured', async () => {
    renderRunbooksAt(
      '/runbooks',
      makeRunbooksApi({
        getCoverage: async () =>
          makeCoverage({
            rulesSources: [],
            alertsWithoutRunbook: [],
            runbooksMatchingNoAlert: [],
          }),
      }),
    );
    const uncovered = await screen.findByRole('region', {
      name: 'Alerts without a runbook',
    });
    expect(uncovered).toHaveTextContent('No Prometheus rules are configured');
    expect(
      screen.queryByRole('region', { name: 'Runbooks matching no alert' }),
    ).toBeNull();
  });

  it('lists every problem on the Problems tab', async () => {
    renderRunbooksAt(
      '/runbooks?tab=problems',
      makeRunbooksApi({
        getProblems: async () => ({
          problems: [
            {
              entityRef: 'component:default/cart-service',
              repo: 'https://github.com/lumen-retail/cart-service',
              path: 'docs/runbooks/cart.md',
              runbookId: '42',
              code: 'front-matter-field-invalid',
              message: 'last_reviewed: must be an ISO date such as 2024-03-01',
              line: 3,
            },
            {
              entityRef: 'component:default/search',
              repo: 'https://github.com/lumen-retail/search',
              code: 'source-unreadable',
              message: 'Repository not found',
            },
          ],
        }),
      }),
    );
    const problems = await screen.findByRole('region', { name: 'Problems' });
    const cart = (
      await within(problems).findByText(
        'last_reviewed: must be an ISO date such as 2024-03-01',
      )
    ).closest('tr')!;
    expect(cart).toHaveTextContent('cart-service');
    expect(cart).toHaveTextContent('lumen-retail/cart-service');
    expect(cart).toHaveTextContent('docs/runbooks/cart.md');
    expect(cart).toHaveTextContent('Front-matter field invalid');
    expect(cart).toHaveTextContent('3');
    expect(
      within(cart).getByRole('link', { name: 'docs/runbooks/cart.md' }),
    ).toHaveAttribute('href', '/runbooks/runbook/42');
    const search = within(problems)
      .getByText('Repository not found')
      .closest('tr')!;
    expect(search).toHaveTextContent('the whole source');
    expect(search).toHaveTextContent('Source unreadable');
  });

  it('says when there is no problem', async () => {
    renderRunbooksAt('/runbooks?tab=problems', makeRunbooksApi());
    expect(await screen.findByText('No problems')).toBeInTheDocument();
  });
});
