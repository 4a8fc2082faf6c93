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
    };
    imports?: {
      /**
       * FOCUS CSV files (gzipped when the name ends in `.gz`) imported on
       * the scheduler, each under its own source: a file replaces its
       * source's billing periods that it holds. A file whose size and
       * modification time have not changed since its last import is skipped.
       */
      focusFiles?: Array<{
        /** Letters, digits, `.`, `_` and `-`; unique across files. */
        source: string;
        /** A path on the backend's file system, e.g. a mounted export bucket. */
        path: string;
        /** @default { frequency: { hours: 1 }, timeout: { hours: 1 }, initialDelay: { minutes: 1 } } */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      }>;
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
  };
}
