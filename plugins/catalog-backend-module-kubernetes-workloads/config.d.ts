import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** Like `@backstage/types`' HumanDuration; an ISO 8601 duration string also works. */
type Duration =
  | string
  | {
      days?: number;
      hours?: number;
      minutes?: number;
      seconds?: number;
      milliseconds?: number;
    };

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Deployments, StatefulSets, DaemonSets, CronJobs, Services and
       * Ingresses of Kubernetes clusters as Resources. How to reach each
       * cluster (url, service account token, TLS) comes from the
       * `kubernetes.clusterLocatorMethods` entries of `type: config`.
       */
      kubernetesWorkloads?: {
        /**
         * When runs start; one replica at a time runs each cluster's task.
         * @default { frequency: { minutes: 10 }, timeout: { minutes: 15 }, initialDelay: { seconds: 15 } }
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * How long each run keeps watching for changes after its list (the
         * next run relists: the resync). Must be shorter than
         * `schedule.timeout`; 0 lists only. Defaults to 90% of the shorter
         * of `schedule.frequency` and `schedule.timeout`.
         */
        watchFor?: Duration;
        /**
         * Longest wait for one list page before the run fails (and keeps
         * what the catalog had).
         * @default { seconds: 30 }
         */
        requestTimeout?: Duration;
        /** Objects per list page (`limit`). @default 500 */
        pageSize?: number;
        /** Owner of objects no Component or owner label claims. @default group:default/unowned */
        unownedOwner?: string;
        clusters: Array<{
          /**
           * The `name` of a cluster in the kubernetes config; also the
           * provider's name (`kubernetes-workloads:<name>`), so never rename it.
           */
          name: string;
          /** E.g. `staging`, `production`; set on every entity. */
          environment: string;
          namespaces?: {
            /** Regular expressions (whole-name match) of namespaces to read; all when unset. */
            include?: string[];
            /** Regular expressions (whole-name match) of namespaces to leave out. */
            exclude?: string[];
          };
        }>;
      };
    };
  };
}
