import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Runbooks (`@internal/plugin-runbooks-backend`). */
  runbooks?: {
    /**
     * Where a Component's runbooks are, relative to its repository root
     * (`backstage.io/source-location`, else `github.com/project-slug`), when
     * it has no `paved.dev/runbooks` annotation. A directory (ending in `/`)
     * means every `.md` file below it.
     * @default "docs/runbooks/"
     */
    defaultPath?: string;
    /**
     * When to re-read every Component's runbooks. A repository whose head
     * commit has not moved is not read again (one request).
     * @default { frequency: { minutes: 30 }, timeout: { minutes: 25 }, initialDelay: { seconds: 10 } }
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * When the portal's global search re-collects runbooks.
     * @default { frequency: { minutes: 10 }, timeout: { minutes: 15 }, initialDelay: { seconds: 30 } }
     */
    searchSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * Repositories read at the same time.
     * @default 4
     */
    concurrency?: number;
    /**
     * Larger runbook files are reported (`too-large`) and not parsed.
     * @default 1048576
     */
    maxFileBytes?: number;
    /**
     * A runbook not reviewed (front-matter `last_reviewed`, else its last
     * commit) for more days than this is stale.
     * @default 180
     */
    staleDays?: number;
    /**
     * Components counted by the coverage page: production lifecycle and one
     * of these types.
     * @default ["service", "website"]
     */
    coverageTypes?: string[];
    /**
     * The scaffolder template the "no runbook" page offers, as an entity
     * ref, e.g. `template:default/add-runbook`.
     */
    addRunbookTemplate?: string;
    /**
     * Prometheus rule files (URLs the URL reader can read, e.g. a file on
     * GitHub) whose alerts' `runbook_url` annotations coverage checks.
     */
    prometheusRules?: Array<{
      /** e.g. `https://github.com/acme/monitoring/blob/main/rules/alerts.yaml` */
      url: string;
    }>;
  };
}
