import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SpeedIcon from '@material-ui/icons/Speed';
import { DoraClient, doraApiRef } from './api/DoraApi';

const doraApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: doraApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DoraClient(deps),
    }),
});

const doraRouteRef = createRouteRef();

/** The squads page for leads, at /dora. */
const doraPage = PageBlueprint.make({
  params: {
    path: '/dora',
    routeRef: doraRouteRef,
    loader: async () => {
      const { DoraPage } = await import('./components/DoraPage');
      return <DoraPage />;
    },
  },
});

/** The DORA tab of Components and Groups. */
const doraEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/dora',
    title: 'DORA',
    filter: { kind: { $in: ['component', 'group'] } },
    loader: async () => {
      const { DoraEntityContent } = await import(
        './components/DoraEntityContent'
      );
      return <DoraEntityContent />;
    },
  },
});

/** DORA metrics: the squads page and the DORA tab of Components and Groups. */
export const doraPlugin = createFrontendPlugin({
  pluginId: 'dora',
  title: 'DORA',
  icon: <SpeedIcon />,
  routes: { root: doraRouteRef },
  extensions: [doraApi, doraPage, doraEntityContent],
});
