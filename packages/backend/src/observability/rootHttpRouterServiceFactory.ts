import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { rootHttpRouterServiceFactory as upstreamRootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { correlationIdMiddleware } from './correlationId';

const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/**
 * Backstage's root router with two additions:
 * - the correlation-id middleware in front of everything else (including the
 *   request logger), so that the access log line and every line a plugin
 *   logs for the request carry the same id;
 * - a deadline for draining on shutdown: in production the server waits for
 *   open requests, and long-polling ones (event-bus subscriptions) would keep
 *   it alive for a minute; after `paved.shutdown.drainTimeout` the remaining
 *   connections are closed.
 */
export const rootHttpRouterServiceFactory =
  upstreamRootHttpRouterServiceFactory({
    configure({ app, applyDefaults, config, lifecycle, server }) {
      app.use(correlationIdMiddleware());
      applyDefaults();
      const drainTimeoutMs = config.has('paved.shutdown.drainTimeout')
        ? durationToMilliseconds(
            readDurationFromConfig(config, { key: 'paved.shutdown.drainTimeout' }),
          )
        : DEFAULT_DRAIN_TIMEOUT_MS;
      lifecycle.addShutdownHook(() => {
        setTimeout(() => server.closeAllConnections(), drainTimeoutMs).unref();
      });
    },
  });
