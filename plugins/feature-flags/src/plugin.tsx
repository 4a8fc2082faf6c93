import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import FlagIcon from '@material-ui/icons/Flag';
import { FeatureFlagsClient, featureFlagsApiRef } from './api/FeatureFlagsApi';
import { rootRouteRef } from './routes';

const featureFlagsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: featureFlagsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new FeatureFlagsClient(deps),
    }),
});

/** The org page at /feature-flags: every squad's flags, approvals, stale flags. */
const featureFlagsPage = PageBlueprint.make({
  params: {
    path: '/feature-flags',
    routeRef: rootRouteRef,
    loader: async () => {
      const { FeatureFlagsPage } = await import(
        './components/FeatureFlagsPage'
      );
      return <FeatureFlagsPage />;
    },
  },
});

/** The Feature flags tab of Components. */
const featureFlagsEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/feature-flags',
    title: 'Feature flags',
    filter: { kind: 'component' },
    loader: async () => {
      const { FeatureFlagsEntityContent } = await import(
        './components/FeatureFlagsEntityContent'
      );
      return <FeatureFlagsEntityContent />;
    },
  },
});

/**
 * Feature flags: the Feature flags tab of Components (rollout, kill switch,
 * approvals, evaluations, audit log, API keys) and the org page.
 */
export const featureFlagsPlugin = createFrontendPlugin({
  pluginId: 'feature-flags',
  title: 'Feature flags',
  icon: <FlagIcon />,
  routes: { root: rootRouteRef },
  extensions: [featureFlagsApi, featureFlagsPage, featureFlagsEntityContent],
});
