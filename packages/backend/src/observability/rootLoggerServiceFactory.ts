import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import { format, transports } from 'winston';
import { correlationIdFormat } from './correlationId';

/**
 * Backstage's root logger with two changes: every line carries the request's
 * correlation id, and production lines are JSON with a timestamp.
 */
export const rootLoggerServiceFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const production = process.env.NODE_ENV === 'production';
    const logger = WinstonLogger.create({
      meta: { service: 'paved' },
      level:
        process.env.LOG_LEVEL ??
        config.getOptionalString('backend.logger.level') ??
        'info',
      format: format.combine(
        correlationIdFormat(),
        production
          ? format.combine(format.timestamp(), format.json())
          : WinstonLogger.colorFormat(),
      ),
      transports: [new transports.Console()],
    });
    const secretEnumerator = await createConfigSecretEnumerator({ logger });
    logger.addRedactions(secretEnumerator(config));
    config.subscribe?.(() => logger.addRedactions(secretEnumerator(config)));
    return logger;
  },
});
