import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useMemo } from 'react';
import { dryRunRouteRef, rootRouteRef, templatePageRouteRef } from '../routes';

/** Where the plugin is mounted by default; used when a route is not bound. */
const DEFAULT_ROOT = '/golden-paths';

export type GoldenPathsPaths = {
  root(): string;
  /** The dry-run page of a template, from its ref (`template:default/x`). */
  dryRun(templateRef: string): string;
  /** The scaffolder page of a template, from its ref. */
  templatePage(templateRef: string): string;
};

const encoded = (...parts: string[]) =>
  parts.map(part => encodeURIComponent(part)).join('/');

/**
 * The links between the plugin's pages and to the scaffolder. They go
 * through the route refs, so a different mount path in app-config is
 * followed; outside the app's routing (a test, the entity page without the
 * plugin's page) they fall back to the default paths.
 */
export function useGoldenPathsPaths(): GoldenPathsPaths {
  const root = useRouteRef(rootRouteRef);
  const dryRun = useRouteRef(dryRunRouteRef);
  const templatePage = useRouteRef(templatePageRouteRef);

  return useMemo(
    () => ({
      root: () => root?.() ?? DEFAULT_ROOT,
      dryRun: templateRef => {
        const { namespace, name } = parseEntityRef(templateRef, {
          defaultKind: 'template',
        });
        return (
          dryRun?.({ namespace, name }) ??
          `${DEFAULT_ROOT}/dry-run/${encoded(namespace, name)}`
        );
      },
      templatePage: templateRef => {
        const { namespace, name } = parseEntityRef(templateRef, {
          defaultKind: 'template',
        });
        return (
          templatePage?.({ namespace, templateName: name }) ??
          `/create/templates/${encoded(namespace, name)}`
        );
      },
    }),
    [root, dryRun, templatePage],
  );
}
