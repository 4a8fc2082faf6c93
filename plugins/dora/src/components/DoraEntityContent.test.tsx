import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { doraApiRef } from '../api/DoraApi';
import {
  makeDoraApi,
  makeEmptyMetrics,
  makeMetrics,
} from '../testing/fixtures';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { DoraEntityContent } from './DoraEntityContent';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    annotations: { 'github.com/project-slug': 'lumen-retail/checkout-service' },
  },
  spec: { type: 'service', owner: 'checkout-squad' },
};

const squad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'checkout-squad' },
  spec: { type: 'team', children: [] },
};

function render(entity: Entity, doraApi = makeDoraApi()) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <DoraEntityContent />
    </EntityProvider>,
    {
      apis: [[doraApiRef, doraApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('DoraEntityContent', () => {
  beforeEach(() => window.history.replaceState(null, '', '/'));

  it('shows the tiles of the current entity over the last 30 days', async () => {
    const metrics = jest.fn(async () => makeMetrics());
    render(checkout, makeDoraApi({ metrics }));

    const tiles = await screen.findByRole('region', { name: 'DORA metrics' });
    expect(within(tiles).getByText('1.4 / day')).toBeInTheDocument();
    expect(within(tiles).getByText('2.1 days')).toBeInTheDocument();
    expect(metrics).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/checkout-service',
        windowDays: 30,
        environment: undefined,
      }),
    );
    expect(
      screen.queryByRole('region', { name: 'Why is this empty' }),
    ).toBeNull();
    expect(screen.getByRole('region', { name: 'Trend' })).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Drill-down' }),
    ).toBeInTheDocument();
  });

  it('asks again when the window or the environment changes', async () => {
    const metrics = jest.fn(async () => makeMetrics());
    render(checkout, makeDoraApi({ metrics }));
    await screen.findByRole('region', { name: 'DORA metrics' });

    fireEvent.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() =>
      expect(metrics).toHaveBeenLastCalledWith(
        expect.objectContaining({ windowDays: 90 }),
      ),
    );
    expect(window.location.search).toBe('?window=90');

    fireEvent.change(screen.getByLabelText('Environment'), {
      target: { value: 'production-eu' },
    });
    fireEvent.keyDown(screen.getByLabelText('Environment'), { key: 'Enter' });
    await waitFor(() =>
      expect(metrics).toHaveBeenLastCalledWith(
        expect.objectContaining({
          windowDays: 90,
          environment: 'production-eu',
        }),
      ),
    );
    expect(await screen.findByText(/production-eu only/)).toBeInTheDocument();
  });

  it('says what Paved needs when there is no deployment', async () => {
    render(
      { ...checkout, metadata: { name: 'checkout-service' } },
      makeDoraApi({ metrics: async () => makeEmptyMetrics() }),
    );
    const hint = await screen.findByRole('region', {
      name: 'Why is this empty',
    });
    expect(
      within(hint).getByText('No production deployment in the last 30 days'),
    ).toBeInTheDocument();
    expect(
      within(hint).getByText('POST /api/dora/deployments'),
    ).toBeInTheDocument();
    expect(
      within(hint).getByText('entityRef: component:default/checkout-service'),
    ).toBeInTheDocument();
    expect(
      within(hint).getByText('github.com/project-slug'),
    ).toBeInTheDocument();
    expect(
      within(hint).getByText('this component has none'),
    ).toBeInTheDocument();
    expect(
      within(hint).getByText('dora.environments.production'),
    ).toBeInTheDocument();
    // The tiles still show, ranked "No data" where nothing is measured.
    expect(
      within(
        screen.getByRole('region', { name: 'Change failure rate' }),
      ).getByText('No data'),
    ).toBeInTheDocument();
  });

  it('shows the backend’s error', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(
        404,
        errorBody(
          404,
          'NotFoundError',
          'No entity group:default/checkout-squad',
        ),
      ),
    );
    render(
      squad,
      makeDoraApi({
        metrics: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText(/No entity group:default\/checkout-squad/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'DORA metrics' })).toBeNull();
  });

  it('lists the records behind a group’s numbers: failed deployments with why, changes, incidents', async () => {
    render(
      squad,
      makeDoraApi({
        deployments: async () => ({
          deployments: [
            {
              id: 'argocd:41',
              entityRef: 'component:default/checkout-service',
              environment: 'production-eu',
              sha: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
              source: 'argocd',
              finishedAt: '2026-11-20T10:00:00Z',
              failed: true,
              failedBecause: ['incident', 'reverted'],
              changeIds: ['lumen-retail/checkout-service#12'],
              incidentIds: ['pagerduty:P1'],
            },
            {
              id: 'argocd:42',
              repository: 'lumen-retail/legacy-batch',
              environment: 'production-eu',
              sha: 'ffffffffffffffffffffffffffffffffffffffff',
              source: 'argocd',
              finishedAt: '2026-11-20T12:00:00Z',
              unplannedReason: 'revert',
              failed: false,
              failedBecause: [],
              changeIds: [],
              incidentIds: [],
            },
          ],
        }),
        changes: async () => ({
          changes: [
            {
              id: 'lumen-retail/checkout-service#12',
              entityRef: 'component:default/checkout-service',
              repository: 'lumen-retail/checkout-service',
              number: 12,
              title: 'Pay by invoice',
              firstCommitAt: '2026-11-18T09:00:00Z',
              openedAt: '2026-11-19T09:00:00Z',
              mergedAt: '2026-11-20T09:00:00Z',
              mergeSha: '0a1b2c3',
              deploymentId: 'argocd:41',
              deployedAt: '2026-11-20T10:00:00Z',
              method: 'time',
              leadTimeSeconds: 2 * 86400 + 3600,
            },
          ],
        }),
        incidents: async () => ({
          incidents: [
            {
              id: 'pagerduty:P1',
              entityRef: 'component:default/checkout-service',
              title: 'Checkout returns 500',
              source: 'pagerduty',
              openedAt: '2026-11-20T10:30:00Z',
              resolvedAt: '2026-11-20T11:15:00Z',
              deploymentId: 'argocd:41',
              attribution: 'named-sha',
              restoreSeconds: 45 * 60,
            },
            {
              id: 'pagerduty:P2',
              title: 'Search is slow',
              source: 'pagerduty',
              openedAt: '2026-11-21T10:30:00Z',
              attribution: 'unattributed',
            },
          ],
        }),
      }),
    );
    const drillDown = within(
      await screen.findByRole('region', { name: 'Drill-down' }),
    );
    const failed = (await drillDown.findByText('0a1b2c3')).closest('tr')!;
    expect(failed).toHaveTextContent('Failed');
    expect(failed).toHaveTextContent(
      'because an incident is attributed to it; the next deployment reverted or rolled it back',
    );
    expect(failed).toHaveTextContent('checkout-service');
    const revert = drillDown.getByText('fffffff').closest('tr')!;
    expect(revert).toHaveTextContent('Succeeded');
    expect(revert).toHaveTextContent('Unplanned: Revert');
    expect(revert).toHaveTextContent('lumen-retail/legacy-batch (unlinked)');

    fireEvent.click(drillDown.getByRole('tab', { name: 'Changes' }));
    const change = (await drillDown.findByText('Pay by invoice')).closest(
      'tr',
    )!;
    expect(change).toHaveTextContent('2 days');
    expect(change).toHaveTextContent('First deployment after the merge');
    expect(change).toHaveTextContent(
      'coding 1 day · review 1 day · deploy 1 h',
    );

    fireEvent.click(drillDown.getByRole('tab', { name: 'Incidents' }));
    const named = (await drillDown.findByText('Checkout returns 500')).closest(
      'tr',
    )!;
    expect(named).toHaveTextContent('Named SHA');
    expect(named).toHaveTextContent('after 45 min');
    const open = drillDown.getByText('Search is slow').closest('tr')!;
    expect(open).toHaveTextContent('Unattributed');
    expect(open).toHaveTextContent('Open');
  });
});
