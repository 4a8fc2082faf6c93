import { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { makeCostApi } from './__testUtils__/fixtures';
import { costApiRef } from './api/CostApi';
import { costPlugin } from './plugin';

jest.setTimeout(30_000);

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'checkout' },
  spec: {},
});

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

// The extensions load their components lazily: the first render compiles them.
describe('costPlugin', () => {
  const costApi = makeCostApi();

  it('serves the cost page at /cost', async () => {
    renderTestApp({
      extensions: [costPlugin.getExtension('page:cost')],
      initialRouteEntries: ['/cost'],
      apis: [[costApiRef, costApi]],
      mountedRoutes,
    });
    expect(
      await screen.findByRole(
        'table',
        { name: 'Cost by squad' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('checkout-squad');
  });

  it.each(['Component', 'Group'])('adds the Cost tab to a %s', async kind => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity(kind) }),
        costPlugin.getExtension('entity-content:cost'),
      ],
      apis: [[costApiRef, costApi]],
      mountedRoutes,
    });
    expect(
      await screen.findByRole(
        'table',
        { name: 'Cost by environment' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('production');
  });
});
