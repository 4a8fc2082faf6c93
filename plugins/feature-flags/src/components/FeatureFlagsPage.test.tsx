import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  makeChangeRequest,
  makeFeatureFlagsApi,
  makeFlag,
  makeSettings,
  OFF,
} from '../__testUtils__/fixtures';
import { renderOrgPage } from '../__testUtils__/render';

jest.setTimeout(30_000);

const api = makeFeatureFlagsApi({
  getOrgFlags: async () => ({
    environments: makeSettings().environments,
    flags: [
      {
        ...makeFlag({}, { production: { ...OFF, defaultVariant: 'on' } }),
        owner: 'group:default/checkout-squad',
      },
      {
        ...makeFlag({
          entityRef: 'component:default/search-service',
          key: 'fuzzy-search',
          kind: 'experiment',
        }),
        owner: 'group:default/discovery-squad',
      },
    ],
  }),
  getStaleFlags: async () => ({
    noEvaluationsDays: 30,
    flags: [
      {
        entityRef: 'component:default/checkout-service',
        owner: 'group:default/checkout-squad',
        key: 'new-checkout',
        kind: 'release',
        createdAt: '2026-07-01T00:00:00Z',
        reasons: [
          {
            code: 'fully-rolled-out',
            environment: 'production',
            servedVariant: 'on',
            since: '2026-09-01T00:00:00Z',
            lifetimeDays: 40,
          },
        ],
      },
      {
        entityRef: 'component:default/search-service',
        owner: 'group:default/discovery-squad',
        key: 'old-ranking',
        kind: 'operational',
        createdAt: '2026-01-01T00:00:00Z',
        reasons: [{ code: 'no-evaluations', days: 30 }],
      },
    ],
  }),
  getChangeRequests: async () => [makeChangeRequest()],
});

describe('the Feature flags page', () => {
  it('spells out why each squad’s stale flags are stale', async () => {
    renderOrgPage(api);
    const checkout = await screen.findByRole('region', {
      name: 'Stale flags of checkout-squad',
    });
    expect(checkout).toHaveTextContent(
      'fully rolled out in production (serves `on` to everyone) since 2026-09-01 — release flags are expected to live 40 days',
    );
    expect(
      within(checkout).getByRole('link', { name: 'new-checkout' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/feature-flags?flag=new-checkout',
    );
    expect(
      screen.getByRole('region', { name: 'Stale flags of discovery-squad' }),
    ).toHaveTextContent('old-ranking in search-service · operational');
    expect(
      screen.getByRole('region', { name: 'Stale flags of discovery-squad' }),
    ).toHaveTextContent('no evaluations for 30 days');
  });

  it('lists every flag with its rollout, and filters by squad', async () => {
    const user = userEvent.setup();
    renderOrgPage(api);
    const table = await screen.findByRole('table', { name: 'All flags' });
    const newCheckout = within(table)
      .getByRole('link', { name: 'new-checkout' })
      .closest('tr')!;
    expect(within(newCheckout).getByLabelText('production: All')).toBeVisible();
    expect(newCheckout).toHaveTextContent('release');
    expect(
      within(table).getByRole('link', { name: 'fuzzy-search' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/search-service/feature-flags?flag=fuzzy-search',
    );

    await user.click(screen.getByRole('combobox', { name: /Squad/ }));
    await user.click(
      await screen.findByRole('option', { name: 'discovery-squad' }),
    );
    expect(
      within(table).queryByRole('link', { name: 'new-checkout' }),
    ).toBeNull();
    expect(
      screen.queryByRole('region', { name: 'Stale flags of checkout-squad' }),
    ).toBeNull();
    expect(screen.getByRole('heading', { name: 'Flags (1)' })).toBeVisible();
  });

  it('lists the changes waiting for approval, with the way to their flag', async () => {
    renderOrgPage(api);
    const approvals = await screen.findByRole('region', {
      name: 'Pending approvals',
    });
    expect(
      await within(approvals).findByRole('link', { name: 'new-checkout' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/feature-flags?flag=new-checkout',
    );
    expect(approvals).toHaveTextContent('Launch day');
  });
});
