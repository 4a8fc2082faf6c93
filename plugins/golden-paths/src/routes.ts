import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** `/golden-paths`: every template, its version and who is behind. */
export const rootRouteRef = createRouteRef();

/** `/golden-paths/dry-run/:namespace/:name`: a dry run of one stored template. */
export const dryRunRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/dry-run/:namespace/:name',
});

/** A template's page in the scaffolder (`/create/templates/:namespace/:templateName`). */
export const templatePageRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
