import { BackendFeature } from '@backstage/backend-plugin-api';
import { dirname, join } from 'node:path';

/**
 * The two modules of @backstage/plugin-events-backend-module-github (HMAC
 * webhook ingress and the github.<event> router). Its default export loads
 * them with a dynamic import(), which Jest cannot run without
 * --experimental-vm-modules, so tests require them by path.
 */
export function githubWebhookModules(): BackendFeature[] {
  const root = dirname(
    require.resolve('@backstage/plugin-events-backend-module-github/package.json'),
  );
  return ['eventsModuleGithubWebhook', 'eventsModuleGithubEventRouter'].map(
    name =>
      // eslint-disable-next-line @backstage/no-relative-monorepo-imports
      require(join(root, 'dist', 'service', `${name}.cjs.js`)).default,
  );
}
