import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Cost views (`@internal/plugin-cost-backend`). */
  cost?: {
    /** How line items are allocated to Components, owners and environments. */
    allocation?: {
      /**
       * Tag keys per dimension, tried in order (case-insensitive; a key with
       * a provider prefix such as `user:team` also answers to `team`).
       * The first service tag whose value names a catalog Component (by
       * `paved.dev/cost-allocation-id`, `backstage.io/kubernetes-id`, entity
       * ref or name) gives the Component and its owner; without one, the
       * first team tag naming a catalog Group gives the owner.
       * @default { service: [service, app, component], team: [team, squad, owner], environment: [environment, env, stage] }
       */
      tagKeys?: {
        service?: string[];
        team?: string[];
        environment?: string[];
      };
      /**
       * Environment tag values and the environment they mean, e.g.
       * `prod: production`. Matched case-insensitively.
       * @default { prod: production, prd: production, live: production, stage: staging, stg: staging, dev: development }
       */
      environmentAliases?: { [value: string]: string };
      /**
       * Shared costs: unallocated line items a rule matches (any of its
       * ServiceNames, tag sets or ResourceIds) are split among the
       * Components with cost in the same month and currency — in
       * proportion to their EffectiveCost, or evenly — as line items of
       * the source `paved-shared-costs`. Totals by provider, category and
       * currency do not change. Rules apply in order; an item is split by
       * the first that matches. Rebuilt at every import and at start-up.
       */
      sharedCosts?: Array<{
        /** Lower-case letters, digits and `-`; tagged on the split items as `paved.dev/shared-cost`. */
        name: string;
        serviceNames?: string[];
        /** Each entry matches items carrying all its tags, e.g. `{ shared: 'true' }`. */
        tags?: Array<{ [key: string]: string }>;
        resourceIds?: string[];
        /** @default cost */
        splitBy?: 'cost' | 'even';
      }>;
    };
    imports?: {
      /**
       * FOCUS files — Parquet when the name ends in `.parquet`, else CSV
       * (gzipped when it ends in `.gz`) — imported on
       * the scheduler, each under its own source: a file replaces its
       * source's billing periods that it holds. A file whose size and
       * modification time have not changed since its last import is skipped.
       */
      focusFiles?: Array<{
        /** Letters, digits, `.`, `_` and `-`; unique across files. */
        source: string;
        /**
         * A path on the backend's file system, or an S3 object
         * (`s3://bucket/key`: CSV streamed, Parquet read by byte ranges;
         * skipped while its ETag is unchanged).
         */
        path: string;
        /** How to reach S3 for an `s3://` path; credentials from the SDK's default chain unless given. */
        s3?: {
          /** @default us-east-1 */
          region?: string;
          /** Another endpoint (a VPC endpoint, MinIO), addressed path-style. */
          endpoint?: string;
          credentials?: {
            accessKeyId: string;
            /** @visibility secret */
            secretAccessKey: string;
          };
        };
        /** @default { frequency: { hours: 1 }, timeout: { hours: 1 }, initialDelay: { minutes: 1 } } */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      }>;
      /**
       * OpenCost of each Kubernetes cluster: its `/allocation` API per
       * pod and container, by day. Each run re-imports whole months (this
       * one and `months - 1` before), asking for `windowDays` at a time and
       * for smaller windows when OpenCost times out (504). Workloads join
       * the catalog's (`paved.dev/kubernetes-cluster` = `cluster`); the
       * same run stores container usage for right-sizing.
       */
      openCost?: Array<{
        /** Letters, digits, `.`, `_` and `-`; unique across imports. */
        source: string;
        /** e.g. `http://opencost.opencost:9003`. */
        baseUrl: string;
        /** The cluster's name in the catalog. */
        cluster: string;
        /** The environment of workloads the catalog does not place. */
        environment?: string;
        /**
         * The currency of OpenCost's prices.
         * @default USD
         */
        currency?: string;
        /**
         * Sent as a bearer token, for OpenCost behind an auth proxy.
         * @visibility secret
         */
        token?: string;
        /** @default 2 */
        months?: number;
        /**
         * Days asked for at once (per pod, a busy cluster's day is tens of MB).
         * @default 2
         */
        windowDays?: number;
        /**
         * Attempts of one request (timeouts, 5xx) before the import fails.
         * @default 4
         */
        maxAttempts?: number;
        /** @default { frequency: { hours: 6 }, timeout: { hours: 1 }, initialDelay: { minutes: 1 } } */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      }>;
      /**
       * AWS Cost Explorer (`GetCostAndUsage`) of an account (the management
       * account for a whole organisation): daily, by service and one
       * cost-allocation tag. Credentials from the SDK's default chain
       * unless given.
       */
      awsCostExplorer?: Array<{
        source: string;
        /** @default us-east-1 */
        region?: string;
        /** Another endpoint, e.g. a VPC endpoint. */
        endpoint?: string;
        /**
         * The cost-allocation tag whose values name Components.
         * @default service
         */
        tagKey?: string;
        credentials?: {
          accessKeyId: string;
          /** @visibility secret */
          secretAccessKey: string;
        };
        /** @default 2 */
        months?: number;
        /** @default 31 */
        windowDays?: number;
        /**
         * Attempts of one request (throttling, 5xx) before the import fails.
         * @default 4
         */
        maxAttempts?: number;
        /** @default { frequency: { hours: 6 }, timeout: { hours: 1 }, initialDelay: { minutes: 1 } } */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      }>;
      /**
       * A source whose last good import is older than this, or whose last
       * import failed, is shown as stale with the reason.
       * @default 36
       */
      staleAfterHours?: number;
    };
    monthOverMonth?: {
      /**
       * A group whose daily average EffectiveCost moved by more than this
       * (either way) from the previous month is flagged.
       * @default 20
       */
      thresholdPercent?: number;
    };
    /** The non-production share and the saving from shutting it down outside working hours. */
    offHours?: {
      /**
       * Environments (after the aliases) that are production; every other
       * environment is non-production, cost without one is neither.
       * Matched case-insensitively.
       * @default [production]
       */
      productionEnvironments?: string[];
      /**
       * When non-production has to run: these days (`mon` … `sun`), from
       * `start` to `end` (`HH:MM`, UTC; `end` after `start`, `24:00` allowed).
       * @default { days: [mon, tue, wed, thu, fri], start: '08:00', end: '19:00' }
       */
      workingHours?: {
        days?: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>;
        start?: string;
        end?: string;
      };
    };
    /** How long cost data is kept. */
    retention?: {
      /**
       * Months kept, this one included (25: two years to compare with, and
       * this month). Older month partitions of the line items, and the
       * months' sums, container usage and anomaly reviews, are dropped
       * daily.
       * @default 25
       */
      months?: number;
    };
    /** Kubernetes requests against use (from OpenCost), per container. */
    rightSizing?: {
      /**
       * Added to the CPU peak (the median of daily peaks: a typical day's) a request is sized to.
       * @default 20
       */
      cpuHeadroomPercent?: number;
      /**
       * Added to the memory peak (the highest daily peak) a request is sized to.
       * @default 20
       */
      memoryHeadroomPercent?: number;
      /**
       * A request within this share of the suggestion is kept.
       * @default 20
       */
      minChangePercent?: number;
      /**
       * Days of usage read, up to the last day with data.
       * @default 14
       */
      days?: number;
      /**
       * Days of data a container needs before anything is suggested.
       * @default 7
       */
      minDays?: number;
    };
  };
}
