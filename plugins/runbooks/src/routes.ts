import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** `/runbooks`: search, coverage and problems. */
export const rootRouteRef = createRouteRef();

/**
 * `/runbooks/alert/:alertName`: the stable URL Alertmanager `runbook_url`s
 * point at. Keep its shape: alert rules in other repositories link to it.
 */
export const alertRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/alert/:alertName',
});

/** `/runbooks/runbook/:id`: one runbook; the search collator links here too. */
export const runbookRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/runbook/:id',
});

/** `/runbooks/oncall/:namespace/:name`: the on-call page of a Component. */
export const oncallRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/oncall/:namespace/:name',
});

/** A scaffolder template's page, for the "Add a runbook" button. */
export const createFromTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
