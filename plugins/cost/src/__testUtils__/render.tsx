import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { act } from '@testing-library/react';
import { CostApi, costApiRef } from '../api/CostApi';
import { CostEntityContent } from '../components/CostEntityContent';
import { CostPage } from '../components/CostPage';
import { makeCostApi } from './fixtures';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

export const checkoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service' },
  spec: { type: 'service', owner: 'checkout-squad', lifecycle: 'production' },
};

export const checkoutSquad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'checkout-squad' },
  spec: { type: 'team', children: [] },
};

/** Lets the fake API's answers (already resolved promises) reach the page. */
export async function settle() {
  await act(async () => {
    await new Promise(resolve => setTimeout(resolve, 0));
  });
}

/** The Cost tab of an entity (the checkout service unless told). */
export async function renderEntityTab(
  api: CostApi = makeCostApi(),
  entity: Entity = checkoutEntity,
) {
  const rendered = await renderInTestApp(
    <EntityProvider entity={entity}>
      <CostEntityContent />
    </EntityProvider>,
    { apis: [[costApiRef, api]], mountedRoutes },
  );
  await settle();
  return rendered;
}

/** The cost page at /cost; imports only when `mayImport`. */
export async function renderCostPage(
  api: CostApi = makeCostApi(),
  options: { mayImport?: boolean } = {},
) {
  const rendered = await renderInTestApp(<CostPage />, {
    apis: [
      [costApiRef, api],
      mockApis.permission({
        authorize: options.mayImport
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }),
    ],
    mountedRoutes,
  });
  await settle();
  return rendered;
}
