import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import { RunbooksClient, runbooksApiRef } from './api/RunbooksApi';
import {
  alertRouteRef,
  createFromTemplateRouteRef,
  oncallRouteRef,
  rootRouteRef,
  runbookRouteRef,
} from './routes';

const runbooksApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: runbooksApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new RunbooksClient(deps),
    }),
});

/**
 * Everything under /runbooks: search, coverage and problems at the root;
 * the alert page Alertmanager links to, single runbooks and the on-call
 * page below it.
 */
const runbooksPage = PageBlueprint.make({
  params: {
    path: '/runbooks',
    routeRef: rootRouteRef,
    loader: async () => {
      const { RunbooksPage } = await import('./components/RunbooksPage');
      return <RunbooksPage />;
    },
  },
});

/** The Runbooks tab of Components. */
const runbooksEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/runbooks',
    title: 'Runbooks',
    filter: { kind: 'component' },
    loader: async () => {
      const { RunbooksEntityContent } = await import(
        './components/RunbooksEntityContent'
      );
      return <RunbooksEntityContent />;
    },
  },
});

/** Runbooks in global search results (documents of type `runbook`). */
const runbookSearchResultListItem = SearchResultListItemBlueprint.make({
  params: {
    icon: <MenuBookIcon />,
    predicate: result => result.type === 'runbook',
    component: async () => {
      const { RunbookSearchResultListItem } = await import(
        './components/RunbookSearchResultListItem'
      );
      return RunbookSearchResultListItem;
    },
  },
});

/** "Runbooks" in the search page's result-type filter. */
const runbookSearchResultType = SearchFilterResultTypeBlueprint.make({
  params: {
    value: 'runbook',
    name: 'Runbooks',
    icon: <MenuBookIcon />,
  },
});

/**
 * Runbooks: the alert and on-call pages, search and coverage, the Runbooks
 * tab of Components, and runbooks in global search.
 */
export const runbooksPlugin = createFrontendPlugin({
  pluginId: 'runbooks',
  title: 'Runbooks',
  icon: <MenuBookIcon />,
  routes: {
    root: rootRouteRef,
    alert: alertRouteRef,
    runbook: runbookRouteRef,
    oncall: oncallRouteRef,
  },
  externalRoutes: { createFromTemplate: createFromTemplateRouteRef },
  extensions: [
    runbooksApi,
    runbooksPage,
    runbooksEntityContent,
    runbookSearchResultListItem,
    runbookSearchResultType,
  ],
});
