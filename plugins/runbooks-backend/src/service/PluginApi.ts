import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { z } from 'zod';

const TIMEOUT_MS = 3000;

export type PluginApiDeps = {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
};

/**
 * GETs from another Paved plugin's API as this plugin (a plugin-to-plugin
 * token), for what the runbook pages show beside the runbooks. Every
 * failure — the plugin not installed, a timeout, an unexpected answer — is
 * logged once and answered with undefined: the page leaves that part out.
 */
export class PluginApi {
  private warned = false;

  constructor(
    private readonly pluginId: string,
    /** What is left out when it does not answer, for the log. */
    private readonly leftOut: string,
    private readonly deps: PluginApiDeps,
  ) {}

  async get<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      const base = await this.deps.discovery.getBaseUrl(this.pluginId);
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: this.pluginId,
      });
      const response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return schema.parse(await response.json());
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        this.deps.logger.warn(
          `Runbooks could not read the ${this.pluginId} plugin (${path}); ${this.leftOut} are left out: ${error}`,
        );
      }
      return undefined;
    }
  }
}
