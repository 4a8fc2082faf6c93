import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { FLAG_KINDS } from '@internal/plugin-feature-flags-common';
import { examples } from './createFeatureFlagsAction.examples';
import { FeatureFlagsClient } from './FeatureFlagsClient';
import {
  DEFAULT_WAIT_FOR_ENTITY_SECONDS,
  MAX_FLAGS_PER_STEP,
  MAX_WAIT_FOR_ENTITY_SECONDS,
  parseCreateFlagsInput,
} from './parseCreateFlagsInput';

export const CREATE_FEATURE_FLAGS_ACTION_ID = 'paved:feature-flags:create';

/** How long to wait between attempts while the catalog has not got the Component yet. */
export type EntityWaitBackoff = {
  /** The first wait; each next one doubles. */
  initialDelayMs: number;
  maxDelayMs: number;
};

const DEFAULT_BACKOFF: EntityWaitBackoff = {
  initialDelayMs: 1000,
  maxDelayMs: 10_000,
};

/** The Component's feature flags tab in the portal. */
export function featureFlagsTabUrl(
  appBaseUrl: string,
  entity: CompoundEntityRef,
): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/catalog/${encodeURIComponent(
    entity.namespace,
  )}/component/${encodeURIComponent(entity.name)}/feature-flags`;
}

/**
 * `paved:feature-flags:create`: creates a Component's first feature flags,
 * as the user who runs the template (the feature-flags backend lets only
 * the Component's owners create flags).
 *
 * A template usually registers the Component in the step before, and the
 * catalog processes it asynchronously: until it has, the backend answers
 * 404, which is retried with backoff for up to `waitForEntitySeconds`. A
 * flag that already exists (the task was retried) counts as done.
 */
export function createFeatureFlagsCreateAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  /** The portal's `app.baseUrl`, for the link to the Component's flags. */
  appBaseUrl: string;
  backoff?: EntityWaitBackoff;
}) {
  const client = new FeatureFlagsClient(options);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;

  return createTemplateAction({
    id: CREATE_FEATURE_FLAGS_ACTION_ID,
    description:
      "Creates feature flags on a Component, as the user who runs the template (who must own it). Waits for the catalog to have the Component; flags that already exist are left as they are. Every environment starts with the flag's definition.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The Component, such as `component:default/my-service` — usually `${{ steps.register.output.entityRef }}`',
          }),
        flags: z =>
          z
            .array(
              z.object({
                key: z.string({
                  description:
                    'What the code asks for: 1 to 100 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
                }),
                kind: z.enum(FLAG_KINDS, {
                  description:
                    'What the flag is for; decides when it counts as stale',
                }),
                description: z
                  .string({ description: 'Why the flag exists' })
                  .optional(),
                definition: z
                  .record(z.unknown(), {
                    description:
                      'The flagd flag definition every environment starts with (state, variants, defaultVariant, targeting); by default a boolean flag that is off',
                  })
                  .optional(),
              }),
              { description: 'The flags to create' },
            )
            .min(1)
            .max(MAX_FLAGS_PER_STEP),
        waitForEntitySeconds: z =>
          z
            .number({
              description:
                'How long to wait for the catalog to have the Component (it processes a just-registered one asynchronously)',
            })
            .min(0)
            .max(MAX_WAIT_FOR_ENTITY_SECONDS)
            .default(DEFAULT_WAIT_FOR_ENTITY_SECONDS)
            .optional(),
      },
      output: {
        created: z =>
          z.array(z.string(), { description: 'The keys of the flags created' }),
        existing: z =>
          z.array(z.string(), {
            description: 'The keys of the flags that already existed',
          }),
        flagsUrl: z =>
          z.string({ description: "The Component's feature flags tab" }),
      },
    },
    async handler(ctx) {
      const input = parseCreateFlagsInput(ctx.input);
      const { entity, entityRef, flags } = input;
      const flagsUrl = featureFlagsTabUrl(options.appBaseUrl, entity);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create ${
            flags.length
          } flag(s) on ${entityRef}: ${flags.map(f => f.key).join(', ')}`,
        );
        ctx.output(
          'created',
          flags.map(f => f.key),
        );
        ctx.output('existing', []);
        ctx.output('flagsUrl', flagsUrl);
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      const created: string[] = [];
      const existing: string[] = [];
      // Set at the first 404: the whole step waits at most this long for the Component.
      let deadline: number | undefined;
      let delayMs = backoff.initialDelayMs;

      for (const [index, flag] of flags.entries()) {
        for (;;) {
          const result = await client
            .createFlag(entity, flag, credentials, ctx.signal)
            .catch(error => {
              error.message = `Could not create flag "${flag.key}" (flags[${index}]) on ${entityRef}: ${error.message}`;
              throw error;
            });
          if (result.status === 'created') {
            ctx.logger.info(`Created flag "${flag.key}" on ${entityRef}`);
            created.push(flag.key);
            break;
          }
          if (result.status === 'exists') {
            ctx.logger.info(
              `Flag "${flag.key}" already exists on ${entityRef}; left as it is`,
            );
            existing.push(flag.key);
            break;
          }

          deadline ??= Date.now() + input.waitForEntitySeconds * 1000;
          const remainingMs = deadline - Date.now();
          if (remainingMs <= 0) {
            throw new Error(
              `${entityRef} is still not in the catalog after ${
                input.waitForEntitySeconds
              } s, so flag "${flag.key}" could not be created (${
                result.message
              })${
                created.length ? `; created before: ${created.join(', ')}` : ''
              }. If the template registers it in an earlier step, check that catalog:register succeeded and that the catalog can process the entity, or raise waitForEntitySeconds.`,
            );
          }
          const waitMs = Math.min(delayMs, remainingMs);
          ctx.logger.info(
            `${entityRef} is not in the catalog yet; trying again in ${Math.ceil(
              waitMs / 1000,
            )} s`,
          );
          await sleep(waitMs, undefined, { signal: ctx.signal });
          delayMs = Math.min(delayMs * 2, backoff.maxDelayMs);
        }
      }

      ctx.output('created', created);
      ctx.output('existing', existing);
      ctx.output('flagsUrl', flagsUrl);
    },
  });
}
