import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Tagged cloud resources (AWS, Azure) as catalog Resources, one entry
       * per provider. The key is the provider id and must never change
       * (renaming deletes what it created).
       */
      cloudResources?: {
        [providerId: string]: {
          /** How often to run a full pass. Default: every 30 minutes. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
          /** The tag keys that name a resource's component, team and environment. */
          tagKeys?: {
            /** @default service */
            service?: string;
            /** @default team */
            team?: string;
            /** @default env */
            environment?: string;
          };
          /** Owner of resources no tag resolves an owner for. @default group:default/unowned */
          unownedOwner?: string;
          /** AWS, through the Resource Groups Tagging API (GetResources). */
          aws?: {
            /** The 12-digit account id; also taken from the ARNs. */
            accountId?: string;
            /** The regions to scan, e.g. `eu-west-1`. */
            regions: string[];
            /** Another endpoint than AWS's, e.g. a local fake. */
            endpoint?: string;
            /**
             * Static credentials (for a local fake). Without them the SDK's
             * default chain is used (environment, profile, web identity, instance role).
             */
            accessKeyId?: string;
            /** @visibility secret */
            secretAccessKey?: string;
            /** @visibility secret */
            sessionToken?: string;
            /** Attempts per request, throttling included. @default 5 */
            maxAttempts?: number;
            /** `adaptive` also slows down the client after throttling. @default adaptive */
            retryMode?: 'standard' | 'adaptive';
            /** @default 10000 */
            requestTimeoutMs?: number;
            /** ResourcesPerPage, at most 100. @default 100 */
            pageSize?: number;
          };
          /** Azure, through Azure Resource Graph. */
          azure?: {
            /** The subscriptions to scan. */
            subscriptionIds: string[];
            /** Another Resource Manager endpoint than Azure's, e.g. a local fake. */
            endpoint?: string;
            /**
             * A service principal. Without one (and without `accessToken`),
             * DefaultAzureCredential is used (environment, workload or managed identity, CLI).
             */
            tenantId?: string;
            clientId?: string;
            /** @visibility secret */
            clientSecret?: string;
            /**
             * A fixed bearer token, for a local fake only.
             * @visibility secret
             */
            accessToken?: string;
            /** A PEM CA certificate to trust for `endpoint` (a local fake's self-signed one). */
            caCertificate?: string;
            /** Retries per request, throttling included. @default 4 */
            maxRetries?: number;
            /** @default 30000 */
            requestTimeoutMs?: number;
            /** Rows per page ($top), at most 1000. @default 1000 */
            pageSize?: number;
          };
        };
      };
    };
  };
}
