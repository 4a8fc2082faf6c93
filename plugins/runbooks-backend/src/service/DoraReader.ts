import { z } from 'zod';
import { PluginApi, PluginApiDeps } from './PluginApi';

const DAY_MS = 24 * 60 * 60 * 1000;

const deploymentsSchema = z.object({
  deployments: z.array(
    z.object({
      environment: z.string(),
      sha: z.string(),
      finishedAt: z.string(),
      failed: z.boolean(),
      unplannedReason: z.string().optional(),
      url: z.string().optional(),
    }),
  ),
});

const incidentsSchema = z.object({
  incidents: z.array(
    z.object({ entityRef: z.string().optional(), openedAt: z.string() }),
  ),
});

export type RecentDeployment = {
  environment: string;
  sha: string;
  finishedAt: string;
  status: string;
  url?: string;
};

/**
 * Reads the DORA plugin's API (when it is installed) for what the runbook
 * pages show beside the runbooks: a service's recent deployments and the
 * last incident of each service.
 */
export class DoraReader {
  private readonly api: PluginApi;

  constructor(deps: PluginApiDeps) {
    this.api = new PluginApi('dora', 'deployments and incidents', deps);
  }

  private get<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    return this.api.get(path, schema);
  }

  /** The service's last production and staging deployments, newest first. */
  async recentDeployments(
    entityRef: string,
    limit = 5,
  ): Promise<RecentDeployment[] | undefined> {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * DAY_MS);
    const query = new URLSearchParams({
      entityRef,
      from: from.toISOString(),
      to: to.toISOString(),
    });
    const body = await this.get(`/deployments?${query}`, deploymentsSchema);
    if (!body) return undefined;
    return body.deployments
      .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))
      .slice(0, limit)
      .map(d => ({
        environment: d.environment,
        sha: d.sha,
        finishedAt: d.finishedAt,
        status: d.failed ? 'failed' : d.unplannedReason ?? 'succeeded',
        url: d.url,
      }));
  }

  /** Entity ref → when its last incident of the past year opened, over the Groups given. */
  async lastIncidents(groupRefs: string[]): Promise<Map<string, string>> {
    const to = new Date();
    const from = new Date(to.getTime() - 365 * DAY_MS);
    const last = new Map<string, string>();
    for (const group of groupRefs) {
      const query = new URLSearchParams({
        entityRef: group,
        from: from.toISOString(),
        to: to.toISOString(),
      });
      const body = await this.get(`/incidents?${query}`, incidentsSchema);
      if (!body) break;
      for (const incident of body.incidents) {
        if (!incident.entityRef) continue;
        const seen = last.get(incident.entityRef);
        if (!seen || seen < incident.openedAt) {
          last.set(incident.entityRef, incident.openedAt);
        }
      }
    }
    return last;
  }
}
