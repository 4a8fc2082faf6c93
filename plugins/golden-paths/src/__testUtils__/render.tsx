import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { act } from '@testing-library/react';
import { GoldenPathsApi, goldenPathsApiRef } from '../api/GoldenPathsApi';
import { GoldenPathEntityContent } from '../components/GoldenPathEntityContent';
import { GoldenPathsPage } from '../components/GoldenPathsPage';
import { rootRouteRef } from '../routes';
import { catalogEntities, makeGoldenPathsApi, permissionApi } from './fixtures';

const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
  '/golden-paths': rootRouteRef,
};

/** Lets the fake APIs' answers (already resolved promises) reach the page. */
export async function settle() {
  await act(async () => {
    await new Promise(resolve => setTimeout(resolve, 0));
  });
}

/** The pages under /golden-paths, opened at `url`. */
export async function renderGoldenPathsAt(
  url: string,
  options: {
    api?: GoldenPathsApi;
    permission?: 'ALLOW' | 'DENY';
    entities?: Entity[];
  } = {},
) {
  const rendered = await renderInTestApp(<GoldenPathsPage />, {
    mountPath: '/golden-paths/*',
    initialRouteEntries: [url],
    apis: [
      [goldenPathsApiRef, options.api ?? makeGoldenPathsApi()],
      catalogApiMock({ entities: options.entities ?? catalogEntities }),
      permissionApi(options.permission ?? 'ALLOW'),
    ],
    mountedRoutes,
  });
  await settle();
  return rendered;
}

/** A Component generated from the TypeScript service template at `version`. */
export function generatedComponent(
  name: string,
  annotations: Record<string, string> = {
    'paved.dev/template': 'template:default/typescript-service',
    'paved.dev/template-version': '1.2.7',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', owner: 'checkout-squad', lifecycle: 'production' },
  };
}

/** The Golden path tab of an entity. */
export async function renderEntityTab(
  entity: Entity,
  api: GoldenPathsApi = makeGoldenPathsApi(),
) {
  const rendered = await renderInTestApp(
    <EntityProvider entity={entity}>
      <GoldenPathEntityContent />
    </EntityProvider>,
    { apis: [[goldenPathsApiRef, api]], mountedRoutes },
  );
  await settle();
  return rendered;
}
