import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { runbooksApiRef, RunbooksApi } from '../api/RunbooksApi';
import { RunbooksEntityContent } from '../components/RunbooksEntityContent';
import { RunbooksPage } from '../components/RunbooksPage';
import { rootRouteRef } from '../routes';
import { makeRunbooksApi } from './fixtures';

const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
  '/runbooks': rootRouteRef,
};

/** The pages under /runbooks, opened at `url` (e.g. `/runbooks/alert/X?service=y`). */
export function renderRunbooksAt(url: string, runbooksApi: RunbooksApi) {
  return renderInTestApp(<RunbooksPage />, {
    mountPath: '/runbooks/*',
    initialRouteEntries: [url],
    apis: [[runbooksApiRef, runbooksApi]],
    mountedRoutes,
  });
}

export const checkoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    annotations: { 'paved.dev/runbooks': 'docs/runbooks/' },
  },
  spec: { type: 'service', owner: 'checkout-squad', lifecycle: 'production' },
};

/** The Runbooks tab of an entity. */
export function renderEntityTab(
  runbooksApi: RunbooksApi = makeRunbooksApi(),
  entity: Entity = checkoutEntity,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <RunbooksEntityContent />
    </EntityProvider>,
    { apis: [[runbooksApiRef, runbooksApi]], mountedRoutes },
  );
}
