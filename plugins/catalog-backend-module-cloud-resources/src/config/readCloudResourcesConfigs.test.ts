import { ConfigReader } from '@backstage/config';
import { readCloudResourcesConfigs } from './readCloudResourcesConfigs';

const read = (provider: object) =>
  readCloudResourcesConfigs(
    new ConfigReader({
      catalog: { providers: { cloudResources: { lumen: provider } } },
    }),
  );

describe('readCloudResourcesConfigs', () => {
  it('reads nothing when no provider is configured', () => {
    expect(readCloudResourcesConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('fills in defaults', () => {
    const [config] = read({
      aws: { regions: ['eu-west-1'] },
      azure: { subscriptionIds: ['00000000-0000-0000-0000-00000000a11c'] },
    });
    expect(config).toEqual({
      id: 'lumen',
      tagKeys: { service: 'service', team: 'team', environment: 'env' },
      unownedOwner: 'group:default/unowned',
      aws: {
        regions: ['eu-west-1'],
        maxAttempts: 5,
        retryMode: 'adaptive',
        requestTimeoutMs: 10_000,
        pageSize: 100,
      },
      azure: {
        subscriptionIds: ['00000000-0000-0000-0000-00000000a11c'],
        maxRetries: 4,
        requestTimeoutMs: 30_000,
        pageSize: 1000,
      },
      schedule: expect.objectContaining({ frequency: { minutes: 30 } }),
    });
  });

  it('reads the schedule and tag keys', () => {
    const [config] = read({
      aws: { regions: ['eu-west-1'] },
      tagKeys: { team: 'Squad' },
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
    });
    expect(config.tagKeys).toEqual({
      service: 'service',
      team: 'Squad',
      environment: 'env',
    });
    expect(config.schedule).toMatchObject({ frequency: { minutes: 5 } });
  });

  it.each([
    [
      {},
      /^Invalid config at catalog\.providers\.cloudResources\.lumen: configure aws, azure or both/,
    ],
    [
      { aws: { regions: [] } },
      /cloudResources\.lumen\.aws\.regions: at least one region/,
    ],
    [
      { aws: { regions: ['Ireland'] } },
      /cloudResources\.lumen\.aws\.regions\.0: an AWS region/,
    ],
    [
      { aws: { regions: ['eu-west-1'], accountId: '123' } },
      /lumen\.aws\.accountId: a 12-digit/,
    ],
    [
      { aws: { regions: ['eu-west-1'], accessKeyId: 'AKIA' } },
      /lumen\.aws\.secretAccessKey: accessKeyId and secretAccessKey go together/,
    ],
    [
      { aws: { regions: ['eu-west-1'], pageSize: 500 } },
      /lumen\.aws\.pageSize/,
    ],
    [
      { aws: { regions: ['eu-west-1'], endpoint: 'localhost:4566' } },
      /lumen\.aws\.endpoint/,
    ],
    [
      { azure: { subscriptionIds: ['prod'] } },
      /lumen\.azure\.subscriptionIds\.0: a subscription id/,
    ],
    [
      {
        azure: {
          subscriptionIds: ['00000000-0000-0000-0000-00000000a11c'],
          tenantId: 't',
        },
      },
      /lumen\.azure\.clientId: tenantId, clientId and clientSecret go together/,
    ],
    [
      { aws: { regions: ['eu-west-1'] }, schedule: { frequency: 'often' } },
      /lumen\.schedule/,
    ],
  ])('names the key that holds a bad value: %j', (provider, message) => {
    expect(() => read(provider)).toThrow(message);
  });
});
