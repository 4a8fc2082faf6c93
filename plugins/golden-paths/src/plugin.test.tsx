import { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { makeGoldenPathsApi, permissionApi } from './__testUtils__/fixtures';
import { goldenPathsApiRef } from './api/GoldenPathsApi';
import { goldenPathsPlugin } from './plugin';

jest.setTimeout(30_000);

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'loyalty-service', annotations },
  spec: {},
});

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

// The extensions load their components lazily: the first render compiles them.
describe('goldenPathsPlugin', () => {
  const api = makeGoldenPathsApi();

  it('serves the golden paths page at /golden-paths', async () => {
    renderTestApp({
      extensions: [goldenPathsPlugin.getExtension('page:golden-paths')],
      initialRouteEntries: ['/golden-paths'],
      apis: [[goldenPathsApiRef, api], permissionApi('ALLOW')],
      mountedRoutes,
    });
    expect(
      await screen.findByRole(
        'table',
        { name: 'Templates' },
        { timeout: 15_000 },
      ),
    ).toHaveTextContent('TypeScript HTTP service');
    expect(
      (await screen.findAllByRole('button', { name: 'Dry run' }))[0],
    ).toHaveAttribute(
      'href',
      '/golden-paths/dry-run/default/typescript-service',
    );
  });

  it('adds the Golden path tab to a Component generated from a template', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: component({
            'paved.dev/template': 'template:default/typescript-service',
            'paved.dev/template-version': '1.2.7',
          }),
        }),
        goldenPathsPlugin.getExtension('entity-content:golden-paths'),
      ],
      apis: [[goldenPathsApiRef, api]],
      mountedRoutes,
    });
    expect(
      await screen.findByText('Generated from version', undefined, {
        timeout: 15_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('minor behind')).toBeInTheDocument();
  });

  it('leaves the tab off Components not generated from a template', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component({}) }),
        goldenPathsPlugin.getExtension('entity-content:golden-paths'),
      ],
      apis: [[goldenPathsApiRef, api]],
      mountedRoutes,
    });
    await new Promise(resolve => setTimeout(resolve, 2000));
    expect(screen.queryByText('Generated from version')).toBeNull();
    expect(screen.queryByText('Not generated from a template')).toBeNull();
  });
});
