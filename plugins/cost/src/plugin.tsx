import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import MoneyIcon from '@material-ui/icons/AttachMoney';
import { CostClient, costApiRef } from './api/CostApi';

const costApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CostClient(deps),
    }),
});

const costRouteRef = createRouteRef();

/** The cost page for leads, at /cost. */
const costPage = PageBlueprint.make({
  params: {
    path: '/cost',
    routeRef: costRouteRef,
    loader: async () => {
      const { CostPage } = await import('./components/CostPage');
      return <CostPage />;
    },
  },
});

/** The Cost tab of Components and Groups. */
const costEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/cost',
    title: 'Cost',
    filter: { kind: { $in: ['component', 'group'] } },
    loader: async () => {
      const { CostEntityContent } = await import(
        './components/CostEntityContent'
      );
      return <CostEntityContent />;
    },
  },
});

/** Cost views: the cost page for leads and the Cost tab of Components and Groups. */
export const costPlugin = createFrontendPlugin({
  pluginId: 'cost',
  title: 'Cost',
  icon: <MoneyIcon />,
  routes: { root: costRouteRef },
  extensions: [costApi, costPage, costEntityContent],
});
