import { rootHttpRouterServiceFactory as upstreamRootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { correlationIdMiddleware } from './correlationId';

/**
 * Backstage's root router, with the correlation-id middleware in front of
 * everything else (including the request logger), so that the access log
 * line and every line a plugin logs for the request carry the same id.
 */
export const rootHttpRouterServiceFactory =
  upstreamRootHttpRouterServiceFactory({
    configure({ app, applyDefaults }) {
      app.use(correlationIdMiddleware());
      applyDefaults();
    },
  });
