import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SyncIcon from '@material-ui/icons/Sync';
import { IngestionClient, ingestionApiRef } from './api/IngestionApi';

const ingestionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ingestionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new IngestionClient(deps),
    }),
});

const ingestionRouteRef = createRouteRef();

const ingestionPage = PageBlueprint.make({
  params: {
    path: '/ingestion',
    routeRef: ingestionRouteRef,
    loader: async () => {
      const { IngestionPage } = await import('./components/IngestionPage');
      return <IngestionPage />;
    },
  },
});

/** On every entity: which provider or catalog file it came from, and when. */
const provenanceCard = EntityCardBlueprint.make({
  name: 'provenance',
  params: {
    loader: async () => {
      const { ProvenanceCard } = await import('./components/ProvenanceCard');
      return <ProvenanceCard />;
    },
  },
});

/** On components: the workloads and cloud resources linked to them. */
const runtimeResourcesCard = EntityCardBlueprint.make({
  name: 'runtime-resources',
  params: {
    filter: 'kind:component',
    loader: async () => {
      const { RuntimeResourcesCard } = await import(
        './components/RuntimeResourcesCard'
      );
      return <RuntimeResourcesCard />;
    },
  },
});

/** Where catalog entities come from: the ingestion page and entity cards. */
export const ingestionPlugin = createFrontendPlugin({
  pluginId: 'ingestion',
  title: 'Ingestion',
  icon: <SyncIcon />,
  routes: { root: ingestionRouteRef },
  extensions: [
    ingestionApi,
    ingestionPage,
    provenanceCard,
    runtimeResourcesCard,
  ],
});
