import { parseEntityRef } from '@backstage/catalog-model';
import { OncallKillSwitch } from '@internal/plugin-runbooks-common';
import { z } from 'zod';
import { PluginApi, PluginApiDeps } from './PluginApi';

const flagsSchema = z.object({
  flags: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      description: z.string().optional(),
      environments: z.record(
        z.string(),
        z.object({
          definition: z.looseObject({
            state: z.enum(['ENABLED', 'DISABLED']),
            defaultVariant: z.string().nullable().optional(),
            targeting: z.unknown().optional(),
          }),
          updatedAt: z.string().optional(),
        }),
      ),
    }),
  ),
});

/** Reads a service's kill switches from the feature-flags plugin, when it is installed. */
export class FeatureFlagsReader {
  private readonly api: PluginApi;

  constructor(deps: PluginApiDeps) {
    this.api = new PluginApi('feature-flags', 'kill switches', deps);
  }

  /** The Component's `kill-switch` flags, each environment's state; undefined when the plugin does not answer. */
  async killSwitches(
    entityRef: string,
  ): Promise<OncallKillSwitch[] | undefined> {
    const { namespace, name } = parseEntityRef(entityRef);
    const body = await this.api.get(
      `/entities/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/flags`,
      flagsSchema,
    );
    if (!body) return undefined;
    return body.flags
      .filter(flag => flag.kind === 'kill-switch')
      .map(flag => ({
        key: flag.key,
        description: flag.description || undefined,
        environments: Object.entries(flag.environments).map(
          ([environment, { definition, updatedAt }]) => ({
            environment,
            state: definition.state,
            defaultVariant: definition.defaultVariant ?? undefined,
            targeted:
              definition.targeting !== undefined &&
              definition.targeting !== null &&
              Object.keys(definition.targeting as object).length > 0,
            updatedAt,
          }),
        ),
      }));
  }
}
