import { screen, within } from '@testing-library/react';
import {
  makeOncall,
  makeRunbooksApi,
  responseError,
} from '../__testUtils__/fixtures';
import { renderRunbooksAt } from '../__testUtils__/render';

const regionNames = () =>
  screen
    .getAllByRole('region')
    .map(region => region.getAttribute('aria-label'))
    .filter(name => name !== '0 notifications.');

describe('the on-call page', () => {
  it('shows the service, owner, escalation, runbooks, links, workloads and deployments, in that order, from one request', async () => {
    const getOncall = jest.fn(async () =>
      makeOncall({
        recentDeployments: [
          {
            environment: 'production-eu',
            sha: 'ffffffffffffffffffffffffffffffffffffffff',
            finishedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
            status: 'succeeded',
            url: 'https://github.com/lumen-retail/checkout-service/commit/ffff',
          },
        ],
      }),
    );
    const api = makeRunbooksApi({ getOncall });
    const otherCalls = jest.spyOn(api, 'getRunbook');
    renderRunbooksAt('/runbooks/oncall/default/checkout-service', api);

    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Checkout service',
      }),
    ).toBeInTheDocument();
    expect(getOncall).toHaveBeenCalledTimes(1);
    expect(getOncall).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'checkout-service',
    });
    expect(otherCalls).not.toHaveBeenCalled();
    expect(regionNames()).toEqual([
      'Service',
      'Escalation',
      'Escalation path',
      'Runbooks',
      'Links',
      'Kubernetes workloads',
      'Recent deployments',
    ]);

    const service = screen.getByRole('region', { name: 'Service' });
    expect(
      within(service).getByRole('link', { name: 'Checkout squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/checkout-squad');
    expect(
      within(service).getByRole('link', { name: 'checkout@lumen.example' }),
    ).toHaveAttribute('href', 'mailto:checkout@lumen.example');
    expect(
      within(service).getByRole('link', { name: /#checkout/ }),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('region', { name: 'Escalation path' }),
    ).toHaveTextContent('Page the checkout on-callThen the head of payments');
    expect(
      within(screen.getByRole('region', { name: 'Runbooks' })).getByRole(
        'link',
        { name: 'Checkout service' },
      ),
    ).toHaveAttribute('href', '/runbooks/runbook/rb-checkout');
    expect(
      within(screen.getByRole('region', { name: 'Links' })).getByRole('link', {
        name: /Grafana dashboard/,
      }),
    ).toHaveAttribute('href', 'https://grafana.example/d/checkout');
    expect(
      screen.getByRole('region', { name: 'Kubernetes workloads' }),
    ).toHaveTextContent(
      'checkout (Deployment)kubernetes-deployment · cluster prod-eu · namespace checkout',
    );
    const deployments = screen.getByRole('region', {
      name: 'Recent deployments',
    });
    expect(deployments).toHaveTextContent(
      /^Recent deployments3 h ago · production-eu · fffffff.* · succeeded/,
    );
    expect(
      within(deployments).getByRole('link', { name: /fffffff/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/lumen-retail/checkout-service/commit/ffff',
    );
  });

  it('leaves out deployments when the DORA plugin gave none', async () => {
    renderRunbooksAt(
      '/runbooks/oncall/default/checkout-service',
      makeRunbooksApi({
        getOncall: async () => makeOncall({ recentDeployments: undefined }),
      }),
    );
    await screen.findByRole('region', { name: 'Service' });
    expect(
      screen.queryByRole('region', { name: 'Recent deployments' }),
    ).toBeNull();
    expect(screen.queryByText(/recent deployments/i)).toBeNull();
  });

  it('shows each kill switch’s state per environment, or leaves the block out without the flags plugin', async () => {
    const { unmount } = renderRunbooksAt(
      '/runbooks/oncall/default/checkout-service',
      makeRunbooksApi({
        getOncall: async () =>
          makeOncall({
            killSwitches: [
              {
                key: 'payments-provider',
                description: 'Turns the external payment provider off',
                environments: [
                  {
                    environment: 'staging',
                    state: 'DISABLED',
                    targeted: false,
                  },
                  {
                    environment: 'production',
                    state: 'ENABLED',
                    defaultVariant: 'on',
                    targeted: true,
                  },
                ],
              },
            ],
          }),
      }),
    );
    const block = await screen.findByRole('region', { name: 'Kill switches' });
    expect(block).toHaveTextContent('payments-provider');
    expect(block).toHaveTextContent('Turns the external payment provider off');
    expect(block).toHaveTextContent(
      "staging: disabled (the code's default applies)",
    );
    expect(block).toHaveTextContent(
      'production: serves on (targeting decides for some users)',
    );
    unmount();

    renderRunbooksAt(
      '/runbooks/oncall/default/checkout-service',
      makeRunbooksApi({
        getOncall: async () => makeOncall({ killSwitches: undefined }),
      }),
    );
    await screen.findByRole('region', { name: 'Service' });
    expect(screen.queryByRole('region', { name: 'Kill switches' })).toBeNull();
  });

  it('says plainly what is missing', async () => {
    renderRunbooksAt(
      '/runbooks/oncall/default/legacy',
      makeRunbooksApi({
        getOncall: async () =>
          makeOncall({
            owner: undefined,
            escalationHtml: undefined,
            runbooks: [],
            links: [],
            workloads: [],
            recentDeployments: [],
          }),
      }),
    );
    const service = await screen.findByRole('region', { name: 'Service' });
    expect(service).toHaveTextContent('No owner is named in the catalog.');
    expect(
      screen.getByRole('region', { name: 'Escalation' }),
    ).toHaveTextContent('The runbooks have no escalation section.');
    expect(screen.getByRole('region', { name: 'Runbooks' })).toHaveTextContent(
      'This service has no runbook.',
    );
    expect(screen.queryByRole('region', { name: 'Links' })).toBeNull();
    expect(
      screen.getByRole('region', { name: 'Recent deployments' }),
    ).toHaveTextContent('None recently.');
  });

  it('says when there is no such component', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No entity component:default/nope',
    );
    renderRunbooksAt(
      '/runbooks/oncall/default/nope',
      makeRunbooksApi({
        getOncall: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText('No component default/nope'),
    ).toBeInTheDocument();
  });
});
