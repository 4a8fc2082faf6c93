import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import {
  WinstonLogger,
  WinstonLoggerLevelOverride,
  WinstonLoggerLevelOverrideMatchers,
} from '@backstage/backend-defaults/rootLogger';
import { Config } from '@backstage/config';
import { format, transports } from 'winston';
import { correlationIdFormat } from './correlationId';

const LEVELS = ['error', 'warn', 'info', 'debug'];

/** `backend.logger.overrides`, as the upstream root logger reads them. */
function readLevelOverrides(config: Config): WinstonLoggerLevelOverride[] {
  return (config.getOptionalConfigArray('backend.logger.overrides') ?? []).map(
    (override, index) => {
      const level = override.getString('level');
      if (!LEVELS.includes(level)) {
        throw new Error(
          `Invalid config at backend.logger.overrides[${index}].level: '${level}' is not one of ${LEVELS.join(
            ', ',
          )}`,
        );
      }
      return {
        matchers: override
          .getConfig('matchers')
          .get<WinstonLoggerLevelOverrideMatchers>(),
        level,
      };
    },
  );
}

/**
 * Backstage's root logger with two changes: every line carries the request's
 * correlation id, and production lines are JSON with a timestamp. Level
 * overrides (`backend.logger.overrides`) work as upstream.
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
    logger.setLevelOverrides(readLevelOverrides(config));
    config.subscribe?.(() =>
      logger.setLevelOverrides(readLevelOverrides(config)),
    );
    return logger;
  },
});
