import { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { doraApiRef } from './api/DoraApi';
import { doraPlugin } from './plugin';
import { makeDoraApi, makeMetrics, makeSquad } from './testing/fixtures';

jest.setTimeout(30_000);

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'checkout' },
  spec: {},
});

// The extensions load their components lazily: the first render compiles them.
describe('doraPlugin', () => {
  const doraApi = makeDoraApi({
    squads: async () => ({
      squads: [makeSquad('checkout-squad', 'Checkout', makeMetrics())],
    }),
  });

  it('serves the squads page at /dora', async () => {
    renderTestApp({
      extensions: [doraPlugin.getExtension('page:dora')],
      initialRouteEntries: ['/dora'],
      apis: [[doraApiRef, doraApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole(
        'region',
        { name: 'Squads' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('Checkout');
  });

  it.each(['Component', 'Group'])('adds the DORA tab to a %s', async kind => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity(kind) }),
        doraPlugin.getExtension('entity-content:dora'),
      ],
      apis: [[doraApiRef, doraApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole(
        'region',
        { name: 'DORA metrics' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('1.4 / day');
  });

  it('leaves the DORA tab off other kinds', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity('Resource') }),
        doraPlugin.getExtension('entity-content:dora'),
      ],
      apis: [[doraApiRef, doraApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    await new Promise(resolve => setTimeout(resolve, 2000));
    expect(screen.queryByRole('region', { name: 'DORA filters' })).toBeNull();
  });
});
