import { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { featureFlagsApiRef } from './api/FeatureFlagsApi';
import { featureFlagsPlugin } from './plugin';
import { makeFeatureFlagsApi } from './__testUtils__/fixtures';

jest.setTimeout(30_000);

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'checkout-service' },
  spec: {},
});

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

// The extensions load their components lazily: the first render compiles them.
describe('featureFlagsPlugin', () => {
  const api = makeFeatureFlagsApi();

  it('serves the org page at /feature-flags', async () => {
    renderTestApp({
      extensions: [featureFlagsPlugin.getExtension('page:feature-flags')],
      initialRouteEntries: ['/feature-flags'],
      apis: [[featureFlagsApiRef, api]],
      mountedRoutes,
    });
    expect(
      await screen.findByRole(
        'region',
        { name: 'Stale flags' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('No stale flags');
  });

  it('adds the Feature flags tab to Components', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity('Component') }),
        featureFlagsPlugin.getExtension('entity-content:feature-flags'),
      ],
      apis: [[featureFlagsApiRef, api]],
      mountedRoutes,
    });
    expect(
      await screen.findByRole('table', { name: 'Flags' }, { timeout: 15_000 }),
    ).toHaveTextContent('new-checkout');
  });

  it('leaves the tab off other kinds', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity('Group') }),
        featureFlagsPlugin.getExtension('entity-content:feature-flags'),
      ],
      apis: [[featureFlagsApiRef, api]],
      mountedRoutes,
    });
    await new Promise(resolve => setTimeout(resolve, 2000));
    expect(screen.queryByRole('table', { name: 'Flags' })).toBeNull();
  });
});
