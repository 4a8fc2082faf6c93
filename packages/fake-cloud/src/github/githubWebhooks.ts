import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';

/**
 * The `X-Hub-Signature-256` header GitHub sends with a webhook delivery:
 * HMAC-SHA256 of the raw body with the webhook's secret.
 */
export function signGithubWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The two backend modules of @backstage/plugin-events-backend-module-github
 * (the HMAC-verified ingress at /api/events/http/github and the
 * github.<event> router), for test backends that receive webhooks. Its
 * default export loads them with a dynamic import(), which Jest cannot run
 * without --experimental-vm-modules, so they are required by path.
 *
 * @returns BackendFeature[] (typed loosely: this package does not depend on the backend API)
 */
export function githubWebhookModules(): any[] {
  const root = dirname(
    require.resolve(
      '@backstage/plugin-events-backend-module-github/package.json',
    ),
  );
  return ['eventsModuleGithubWebhook', 'eventsModuleGithubEventRouter'].map(
    name =>
      // eslint-disable-next-line @backstage/no-relative-monorepo-imports
      require(join(root, 'dist', 'service', `${name}.cjs.js`)).default,
  );
}
