import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Components inferred for GitHub repositories that have no
       * catalog-info.yaml, one entry per organisation. The key is the
       * provider id and must never change (renaming deletes what it created).
       */
      githubInference?: {
        [providerId: string]: {
          /** The GitHub organisation, e.g. `lumen-retail`. */
          organization: string;
          /**
           * Host of an `integrations.github` entry, whose `apiBaseUrl` and
           * token are used.
           * @default github.com
           */
          host?: string;
          /** How often to run a full pass. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
          filters?: {
            /** Regular expression repository names must match. */
            repository?: string;
            /** Regular expression of repository names to leave out. */
            excludeRepository?: string;
            /** Only repositories with at least one of these topics. */
            includeTopics?: string[];
            /** Leave out repositories with any of these topics. */
            excludeTopics?: string[];
            /**
             * Include archived repositories (as `deprecated` components).
             * @default true
             */
            includeArchived?: boolean;
          };
          /** Days without a push after which a component is `deprecated`. @default 365 */
          staleAfterDays?: number;
          /** Days after creation during which a component is `experimental`. @default 90 */
          experimentalForDays?: number;
          /** Owner of components nobody can be inferred for. @default group:default/unowned */
          unownedOwner?: string;
          /** Repositories read at once. @default 8 */
          concurrency?: number;
        };
      };
    };
  };
}
