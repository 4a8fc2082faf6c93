import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { GENERATED_FROM_TEMPLATE_ANNOTATION } from '@internal/plugin-golden-paths-common';
import DirectionsIcon from '@material-ui/icons/Directions';
import { GoldenPathsClient, goldenPathsApiRef } from './api/GoldenPathsApi';
import { dryRunRouteRef, rootRouteRef, templatePageRouteRef } from './routes';

const goldenPathsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: goldenPathsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new GoldenPathsClient(deps),
    }),
});

/**
 * Everything under /golden-paths: the templates and who is behind at the
 * root, a template's dry run at /golden-paths/dry-run/:namespace/:name.
 */
const goldenPathsPage = PageBlueprint.make({
  params: {
    path: '/golden-paths',
    routeRef: rootRouteRef,
    loader: async () => {
      const { GoldenPathsPage } = await import('./components/GoldenPathsPage');
      return <GoldenPathsPage />;
    },
  },
});

/** The Golden path tab of Components generated from a template. */
const goldenPathEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/golden-path',
    title: 'Golden path',
    filter: {
      kind: 'component',
      [`metadata.annotations.${GENERATED_FROM_TEMPLATE_ANNOTATION}`]: {
        $exists: true,
      },
    },
    loader: async () => {
      const { GoldenPathEntityContent } = await import(
        './components/GoldenPathEntityContent'
      );
      return <GoldenPathEntityContent />;
    },
  },
});

/**
 * Golden paths: the templates with their versions and the services generated
 * from them (who is behind), a dry run of a stored template, and the Golden
 * path tab of generated Components.
 */
export const goldenPathsPlugin = createFrontendPlugin({
  pluginId: 'golden-paths',
  title: 'Golden paths',
  icon: <DirectionsIcon />,
  routes: { root: rootRouteRef, dryRun: dryRunRouteRef },
  externalRoutes: { templatePage: templatePageRouteRef },
  extensions: [goldenPathsApi, goldenPathsPage, goldenPathEntityContent],
});
