import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import { screen } from '@testing-library/react';
import { runbooksApiRef } from './api/RunbooksApi';
import { runbooksPlugin } from './plugin';
import { makeRunbooksApi } from './__testUtils__/fixtures';

jest.setTimeout(30_000);

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'checkout-service' },
  spec: {},
});

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

// The extensions load their components lazily: the first render compiles them.
describe('runbooksPlugin', () => {
  const runbooksApi = makeRunbooksApi();

  it('serves the alert page under /runbooks', async () => {
    renderTestApp({
      extensions: [runbooksPlugin.getExtension('page:runbooks')],
      initialRouteEntries: ['/runbooks/alert/CheckoutHighErrorRate'],
      apis: [[runbooksApiRef, runbooksApi]],
      mountedRoutes,
    });
    expect(
      await screen.findByRole(
        'region',
        { name: 'Runbook' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('kubectl rollout undo deploy/checkout');
    expect(
      screen.getAllByRole('link', { name: /On-call page/ })[0],
    ).toHaveAttribute('href', '/runbooks/oncall/default/checkout-service');
  });

  it('adds the Runbooks tab to a Component', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity('Component') }),
        runbooksPlugin.getExtension('entity-content:runbooks'),
      ],
      apis: [[runbooksApiRef, runbooksApi]],
      mountedRoutes,
    });
    expect(
      await screen.findByRole(
        'region',
        { name: 'Runbooks' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('Checkout service');
  });

  it('leaves the Runbooks tab off other kinds', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity('Group') }),
        runbooksPlugin.getExtension('entity-content:runbooks'),
      ],
      apis: [[runbooksApiRef, runbooksApi]],
      mountedRoutes,
    });
    await new Promise(resolve => setTimeout(resolve, 2000));
    expect(screen.queryByRole('button', { name: 'Re-read now' })).toBeNull();
  });

  it('renders search results of type runbook, and only those', () => {
    const item = createExtensionTester(
      runbooksPlugin.getExtension('search-result-list-item:runbooks'),
    ).get(SearchResultListItemBlueprint.dataRefs.item);
    const document = { title: 't', text: 'x', location: '/runbooks/runbook/1' };
    expect(item.predicate?.({ type: 'runbook', document })).toBe(true);
    expect(item.predicate?.({ type: 'software-catalog', document })).toBe(
      false,
    );
  });
});
