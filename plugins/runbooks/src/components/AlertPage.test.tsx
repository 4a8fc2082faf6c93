import { screen, within } from '@testing-library/react';
import {
  makeDetail,
  makeResolution,
  makeRunbooksApi,
  makeSummary,
  responseError,
} from '../__testUtils__/fixtures';
import { renderRunbooksAt } from '../__testUtils__/render';

// The tables (material-table) render slowly on a busy machine.
jest.setTimeout(30_000);

describe('the alert page', () => {
  it('shows the runbook right away when one service has it', async () => {
    const resolveAlert = jest.fn(async () => makeResolution());
    renderRunbooksAt(
      '/runbooks/alert/CheckoutHighErrorRate?service=checkout-service&namespace=checkout',
      makeRunbooksApi({ resolveAlert }),
    );

    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Checkout service',
      }),
    ).toBeInTheDocument();
    expect(resolveAlert).toHaveBeenCalledWith('CheckoutHighErrorRate', {
      service: 'checkout-service',
      namespace: 'checkout',
    });
    const about = screen.getByRole('region', { name: 'About this runbook' });
    expect(within(about).getByText('checkout-squad')).toBeInTheDocument();
    expect(within(about).getByText('critical')).toBeInTheDocument();
    expect(within(about).getByText('2026-10-01')).toBeInTheDocument();
    expect(
      within(about).getByRole('link', { name: /Edit on GitHub/ }),
    ).toHaveAttribute('href', makeSummary().url);
    expect(
      within(about).getByRole('link', { name: /On-call page/ }),
    ).toHaveAttribute('href', '/runbooks/oncall/default/checkout-service');

    const text = screen.getByRole('region', { name: 'Runbook' });
    expect(
      within(text).getByRole('heading', { name: 'Remediation' }),
    ).toBeInTheDocument();
    expect(
      within(text).getByText('kubectl rollout undo deploy/checkout'),
    ).toBeInTheDocument();
  });

  it('lists the candidates when several services have a runbook for the alert', async () => {
    renderRunbooksAt(
      '/runbooks/alert/KubePodCrashLooping',
      makeRunbooksApi({
        resolveAlert: async () =>
          makeResolution({
            alert: 'KubePodCrashLooping',
            status: 'ambiguous',
            runbook: undefined,
            candidates: [
              makeSummary({ id: 'rb-1', title: 'Pods crash-looping' }),
              makeSummary({
                id: 'rb-2',
                entityRef: 'component:default/cart-service',
                title: 'Cart: pods crash-looping',
                owner: 'group:default/cart-squad',
              }),
            ],
          }),
      }),
    );

    const candidates = await screen.findByRole('region', {
      name: 'Candidates',
    });
    expect(
      within(candidates).getByRole('heading', {
        name: '2 services have a runbook for KubePodCrashLooping',
      }),
    ).toBeInTheDocument();
    expect(
      within(candidates).getByRole('link', { name: 'checkout-service' }),
    ).toHaveAttribute(
      'href',
      '/runbooks/alert/KubePodCrashLooping?service=checkout-service',
    );
    expect(
      within(candidates).getByRole('link', { name: 'cart-service' }),
    ).toHaveAttribute(
      'href',
      '/runbooks/alert/KubePodCrashLooping?service=cart-service',
    );
    expect(
      within(candidates).getByText(/Cart: pods crash-looping/),
    ).toBeInTheDocument();
  });

  it('says there is no runbook, whose service it is, and links to the template that adds one', async () => {
    renderRunbooksAt(
      '/runbooks/alert/CartQueueBacklog?service=cart-service',
      makeRunbooksApi({
        resolveAlert: async () =>
          makeResolution({
            alert: 'CartQueueBacklog',
            status: 'not-found',
            runbook: undefined,
            entity: {
              entityRef: 'component:default/cart-service',
              title: 'Cart service',
              owner: 'group:default/cart-squad',
            },
            addRunbookTemplate: 'template:default/add-runbook',
          }),
      }),
    );

    const page = await screen.findByRole('region', { name: 'No runbook' });
    expect(
      within(page).getByRole('heading', {
        name: 'No runbook for CartQueueBacklog',
      }),
    ).toBeInTheDocument();
    expect(
      within(page).getByRole('link', { name: 'cart-squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/cart-squad');
    // The template's form opens prefilled with the Component and the alert.
    const addRunbook = within(page).getByRole('button', {
      name: 'Add a runbook',
    });
    const href = new URL(addRunbook.getAttribute('href')!, 'http://paved');
    expect(href.pathname).toBe('/create/templates/default/add-runbook');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      component: 'component:default/cart-service',
      alert: 'CartQueueBacklog',
    });
    expect(addRunbook).toHaveAttribute(
      'href',
      `/create/templates/default/add-runbook?formData=${encodeURIComponent(
        '{"component":"component:default/cart-service","alert":"CartQueueBacklog"}',
      )}`,
    );
    expect(
      within(page).getByRole('link', { name: 'on-call page' }),
    ).toHaveAttribute('href', '/runbooks/oncall/default/cart-service');
  });

  it('prefills only the alert when no service is known for it', async () => {
    renderRunbooksAt(
      '/runbooks/alert/OrphanAlert',
      makeRunbooksApi({
        resolveAlert: async () =>
          makeResolution({
            alert: 'OrphanAlert',
            status: 'not-found',
            runbook: undefined,
            addRunbookTemplate: 'template:default/add-runbook',
          }),
      }),
    );
    const page = await screen.findByRole('region', { name: 'No runbook' });
    expect(
      within(page).getByRole('button', { name: 'Add a runbook' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/add-runbook?formData=${encodeURIComponent(
        '{"alert":"OrphanAlert"}',
      )}`,
    );
  });

  it('has no "Add a runbook" button without a template, nor an owner without an entity', async () => {
    renderRunbooksAt(
      '/runbooks/alert/Unknown',
      makeRunbooksApi({
        resolveAlert: async () =>
          makeResolution({
            alert: 'Unknown',
            status: 'not-found',
            runbook: undefined,
          }),
      }),
    );
    const page = await screen.findByRole('region', { name: 'No runbook' });
    expect(page).toHaveTextContent('No runbook for Unknown');
    expect(page).toHaveTextContent('No service’s runbook names this alert');
    expect(
      within(page).queryByRole('button', { name: 'Add a runbook' }),
    ).toBeNull();
    expect(
      within(page).getByRole('link', { name: 'Search runbooks for Unknown' }),
    ).toHaveAttribute('href', '/runbooks?q=Unknown');
  });

  it('shows the backend’s error', async () => {
    const error = await responseError(
      400,
      'InputError',
      'Invalid query: service: must be at most 200 characters',
    );
    renderRunbooksAt(
      '/runbooks/alert/X',
      makeRunbooksApi({
        resolveAlert: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText(/service: must be at most 200 characters/),
    ).toBeInTheDocument();
  });
});

describe('the runbook page', () => {
  it('shows the runbook with its missing sections and problems', async () => {
    const getRunbook = jest.fn(async () =>
      makeDetail({
        missingSections: ['escalation'],
        problems: [
          {
            entityRef: 'component:default/checkout-service',
            repo: 'https://github.com/lumen-retail/checkout-service',
            path: 'docs/runbooks/checkout-service.md',
            code: 'broken-link',
            message: 'Link to ../dashboards.md leads nowhere',
            line: 12,
          },
        ],
      }),
    );
    renderRunbooksAt(
      '/runbooks/runbook/rb-checkout',
      makeRunbooksApi({ getRunbook }),
    );
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Checkout service',
      }),
    ).toBeInTheDocument();
    expect(getRunbook).toHaveBeenCalledWith('rb-checkout');
    expect(
      screen.getByRole('region', { name: 'Missing sections' }),
    ).toHaveTextContent('This runbook is missing: Escalation');
    const problem = screen
      .getByText('Link to ../dashboards.md leads nowhere')
      .closest('tr')!;
    expect(problem).toHaveTextContent('Broken link');
    expect(problem).toHaveTextContent('12');
  });

  it('says when the runbook is gone', async () => {
    const error = await responseError(404, 'NotFoundError', 'No runbook x');
    renderRunbooksAt(
      '/runbooks/runbook/x',
      makeRunbooksApi({
        getRunbook: async () => {
          throw error;
        },
      }),
    );
    expect(await screen.findByText('No such runbook')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Search runbooks' }),
    ).toHaveAttribute('href', '/runbooks');
  });
});
