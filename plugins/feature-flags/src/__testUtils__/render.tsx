import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { FeatureFlagsApi, featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { FeatureFlagsEntityContent } from '../components/FeatureFlagsEntityContent';
import { FeatureFlagsPage } from '../components/FeatureFlagsPage';
import { makeFeatureFlagsApi } from './fixtures';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

export const checkoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service' },
  spec: { type: 'service', owner: 'checkout-squad', lifecycle: 'production' },
};

/** The Feature flags tab of the checkout service, at `?flag=…` when `search` says. */
export function renderEntityTab(
  api: FeatureFlagsApi = makeFeatureFlagsApi(),
  search = '',
) {
  return renderInTestApp(
    <EntityProvider entity={checkoutEntity}>
      <FeatureFlagsEntityContent />
    </EntityProvider>,
    {
      apis: [[featureFlagsApiRef, api]],
      mountedRoutes,
      initialRouteEntries: [`/${search}`],
    },
  );
}

/** The org page at /feature-flags. */
export function renderOrgPage(api: FeatureFlagsApi = makeFeatureFlagsApi()) {
  return renderInTestApp(<FeatureFlagsPage />, {
    apis: [[featureFlagsApiRef, api]],
    mountedRoutes,
  });
}
