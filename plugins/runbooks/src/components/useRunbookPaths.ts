import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useMemo } from 'react';
import {
  alertRouteRef,
  createFromTemplateRouteRef,
  oncallRouteRef,
  rootRouteRef,
  runbookRouteRef,
} from '../routes';
import { AlertHints } from '../api/RunbooksApi';

/** Where the plugin is mounted by default; used when a route is not bound. */
const DEFAULT_ROOT = '/runbooks';

function withQuery(path: string, values: Record<string, string | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export type RunbookPaths = {
  root(query?: { q?: string }): string;
  runbook(id: string): string;
  alert(alertName: string, hints?: AlertHints): string;
  /** The on-call page of a Component, from its ref. */
  oncall(entityRef: string): string;
  /**
   * The scaffolder page of a template, from its ref
   * (`template:default/add-runbook`); `formData` prefills its form, through
   * the scaffolder's `?formData=<JSON>` (empty values left out).
   */
  template(
    templateRef: string,
    formData?: Record<string, string | undefined>,
  ): string;
};

/**
 * The links between the plugin's pages. They go through the route refs, so
 * a different mount path in app-config is followed; outside the app's
 * routing (a test, a search result rendered elsewhere) they fall back to
 * the default paths.
 */
export function useRunbookPaths(): RunbookPaths {
  const root = useRouteRef(rootRouteRef);
  const runbook = useRouteRef(runbookRouteRef);
  const alert = useRouteRef(alertRouteRef);
  const oncall = useRouteRef(oncallRouteRef);
  const template = useRouteRef(createFromTemplateRouteRef);

  return useMemo(
    () => ({
      root: query => withQuery(root?.() ?? DEFAULT_ROOT, { q: query?.q }),
      runbook: id =>
        runbook?.({ id }) ??
        `${DEFAULT_ROOT}/runbook/${encodeURIComponent(id)}`,
      alert: (alertName, hints = {}) =>
        withQuery(
          alert?.({ alertName }) ??
            `${DEFAULT_ROOT}/alert/${encodeURIComponent(alertName)}`,
          { service: hints.service, namespace: hints.namespace },
        ),
      oncall: entityRef => {
        const { namespace, name } = parseEntityRef(entityRef, {
          defaultKind: 'component',
        });
        return (
          oncall?.({ namespace, name }) ??
          `${DEFAULT_ROOT}/oncall/${encodeURIComponent(
            namespace,
          )}/${encodeURIComponent(name)}`
        );
      },
      template: (templateRef, formData = {}) => {
        const { namespace, name } = parseEntityRef(templateRef, {
          defaultKind: 'template',
        });
        const values = Object.fromEntries(
          Object.entries(formData).filter(([, value]) => value),
        );
        return withQuery(
          template?.({ namespace, templateName: name }) ??
            `/create/templates/${encodeURIComponent(
              namespace,
            )}/${encodeURIComponent(name)}`,
          {
            formData:
              Object.keys(values).length > 0
                ? JSON.stringify(values)
                : undefined,
          },
        );
      },
    }),
    [root, runbook, alert, oncall, template],
  );
}
