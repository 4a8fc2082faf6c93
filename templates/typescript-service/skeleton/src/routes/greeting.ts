import { ErrorCode, type Client } from '@openfeature/server-sdk';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';

/** Create it in Paved (Component page → Feature flags); off until then. */
export const FRIENDLY_GREETING_FLAG = '${{ values.name }}-friendly-greeting';

const querySchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
});

export function greetingRoutes(app: FastifyInstance, opts: { flags: Client }): void {
  const { flags } = opts;

  // GET /v1/greeting?name=Ana → { "greeting": "Hello, Ana." }
  app.get('/v1/greeting', async (request, reply) => {
    const query = querySchema.safeParse(request.query);
    if (!query.success) {
      return reply.code(400).send({
        error: 'Bad Request',
        message: 'name must be one string of 1 to 100 characters',
      });
    }
    const name = query.data.name ?? 'world';
    const userId = request.headers['x-user-id'];
    const targetingKey = typeof userId === 'string' && userId !== '' ? userId : 'anonymous';

    const friendly = await evaluateFlag(flags, FRIENDLY_GREETING_FLAG, false, targetingKey, request.log);
    return { greeting: friendly ? `Hey ${name}, great to see you!` : `Hello, ${name}.` };
  });
}

/**
 * Evaluates a boolean flag. Never throws: on any problem (no provider, flag
 * not created yet, Paved unreachable) the code default is returned and the
 * reason logged with the request's correlation id.
 */
export async function evaluateFlag(
  flags: Client,
  key: string,
  defaultValue: boolean,
  targetingKey: string,
  log: FastifyBaseLogger,
): Promise<boolean> {
  try {
    const details = await flags.getBooleanDetails(key, defaultValue, { targetingKey });
    if (details.errorCode) {
      // Expected while no provider is configured or the flag is not created yet.
      const expected = details.errorCode === ErrorCode.FLAG_NOT_FOUND || details.errorCode === ErrorCode.PROVIDER_NOT_READY;
      const level = expected ? 'debug' : 'warn';
      log[level](
        { flag: key, errorCode: details.errorCode, errorMessage: details.errorMessage },
        'flag evaluation fell back to the code default',
      );
    }
    return details.value;
  } catch (err) {
    log.warn({ err, flag: key }, 'flag evaluation failed; using the code default');
    return defaultValue;
  }
}
