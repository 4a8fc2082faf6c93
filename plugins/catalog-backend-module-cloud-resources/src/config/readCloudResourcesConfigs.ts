import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

const awsSchema = z
  .object({
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    regions: z
      .array(
        z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region, e.g. eu-west-1'),
      )
      .min(1, 'at least one region'),
    endpoint: url.optional(),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    sessionToken: z.string().min(1).optional(),
    maxAttempts: z.number().int().min(1).max(20).default(5),
    retryMode: z.enum(['standard', 'adaptive']).default('adaptive'),
    requestTimeoutMs: z.number().int().min(100).default(10_000),
    pageSize: z.number().int().min(1).max(100).default(100),
  })
  .superRefine((aws, ctx) => {
    if (Boolean(aws.accessKeyId) !== Boolean(aws.secretAccessKey)) {
      ctx.addIssue({
        code: 'custom',
        path: [aws.accessKeyId ? 'secretAccessKey' : 'accessKeyId'],
        message: 'accessKeyId and secretAccessKey go together',
      });
    }
  });

const azureSchema = z
  .object({
    subscriptionIds: z
      .array(z.guid({ error: 'a subscription id (a GUID)' }))
      .min(1, 'at least one subscription'),
    endpoint: url.optional(),
    tenantId: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    accessToken: z.string().min(1).optional(),
    caCertificate: z
      .string()
      .includes('-----BEGIN CERTIFICATE-----', { error: 'a PEM certificate' })
      .optional(),
    maxRetries: z.number().int().min(0).max(20).default(4),
    requestTimeoutMs: z.number().int().min(100).default(30_000),
    pageSize: z.number().int().min(1).max(1000).default(1000),
  })
  .superRefine((azure, ctx) => {
    const principal = [azure.tenantId, azure.clientId, azure.clientSecret];
    if (principal.some(Boolean) && !principal.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: [
          ['tenantId', 'clientId', 'clientSecret'][
            principal.findIndex(p => !p)
          ],
        ],
        message: 'tenantId, clientId and clientSecret go together',
      });
    }
  });

const providerSchema = z
  .object({
    tagKeys: z
      .object({
        service: z.string().min(1).default('service'),
        team: z.string().min(1).default('team'),
        environment: z.string().min(1).default('env'),
      })
      .default({ service: 'service', team: 'team', environment: 'env' }),
    unownedOwner: z.string().min(1).default('group:default/unowned'),
    aws: awsSchema.optional(),
    azure: azureSchema.optional(),
    schedule: z.unknown().optional(),
  })
  .refine(provider => provider.aws || provider.azure, {
    message: 'configure aws, azure or both',
  });

export type AwsSourceConfig = z.infer<typeof awsSchema>;
export type AzureSourceConfig = z.infer<typeof azureSchema>;
export type TagKeys = { service: string; team: string; environment: string };

export type CloudResourcesConfig = {
  id: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  tagKeys: TagKeys;
  unownedOwner: string;
  aws?: AwsSourceConfig;
  azure?: AzureSourceConfig;
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 30 },
};

/**
 * Reads `catalog.providers.cloudResources` once, at start-up. A bad value
 * fails start-up with the key that holds it.
 */
export function readCloudResourcesConfigs(
  config: Config,
): CloudResourcesConfig[] {
  const root = config.getOptionalConfig('catalog.providers.cloudResources');
  if (!root) return [];
  return root.keys().map(id => {
    const key = `catalog.providers.cloudResources.${id}`;
    const providerConfig = root.getConfig(id);
    const parsed = providerSchema.safeParse(providerConfig.get());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid config at ${[key, ...issue.path].join('.')}: ${issue.message}`,
      );
    }
    const { schedule: _schedule, ...rest } = parsed.data;
    let schedule = DEFAULT_SCHEDULE;
    if (providerConfig.has('schedule')) {
      try {
        schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
          providerConfig.getConfig('schedule'),
        );
      } catch (error) {
        throw new InputError(
          `Invalid config at ${key}.schedule: ${(error as Error).message}`,
        );
      }
    }
    return { id, ...rest, schedule };
  });
}
