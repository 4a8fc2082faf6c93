import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** DORA metrics (`@internal/plugin-dora-backend`). */
  dora?: {
    /**
     * The DORA report whose performance bands rank the metrics.
     * @default "2023"
     */
    bands?: '2021' | '2023' | '2024';
    /**
     * Which environment names count as production or staging. Names are
     * matched case-insensitively; `*` matches any run of characters, so
     * `production-*` takes `production-eu` and `production-us-east-1`.
     * Every production environment counts: a service deployed to two
     * regions has two production deployments.
     */
    environments?: {
      /** @default ["production", "prod", "production-*", "prod-*"] */
      production?: string[];
      /** @default ["staging", "stage", "staging-*", "stage-*"] */
      staging?: string[];
    };
    /**
     * Reads deployments, merged pull requests and incidents from GitHub for
     * every Component with a `github.com/project-slug` annotation: a
     * scheduled backfill (incremental and resumable) plus live webhooks
     * (`events.modules.github.webhookSecret`). Off when absent.
     */
    github?: {
      /**
       * The `integrations.github` host whose API URL and token are used.
       * @default "github.com"
       */
      host?: string;
      /**
       * How many days back a repository's first pass reads.
       * @default 365
       */
      backfillDays?: number;
      /**
       * Repositories read at the same time.
       * @default 4
       */
      concurrency?: number;
      /**
       * Issues carrying one of these labels are incidents.
       * @default ["incident"]
       */
      incidentLabels?: string[];
      /**
       * Workflows whose completed runs are deployments, for repositories
       * that do not report GitHub Deployments: the workflow file name (or
       * its name) and the environment it deploys to.
       * @default [{ workflow: "deploy.yml", environment: "production" }]
       */
      deployWorkflows?: Array<{ workflow: string; environment?: string }>;
      /**
       * The environment a published release deploys to, for repositories
       * with neither GitHub Deployments nor a deploy workflow.
       * @default "production"
       */
      releaseEnvironment?: string;
      /** When the backfill runs. @default every 30 minutes */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
