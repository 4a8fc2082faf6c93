import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_ALLOCATION_RULES,
  DEFAULT_WORKING_HOURS,
} from '@internal/plugin-cost-common';
import {
  DEFAULT_API_IMPORT_SCHEDULE,
  DEFAULT_FOCUS_FILE_SCHEDULE,
  readCostConfig,
} from './readCostConfig';

describe('readCostConfig', () => {
  it('defaults to the usual tag keys, no files and a 20 % threshold', () => {
    expect(readCostConfig(new ConfigReader({}))).toEqual({
      allocation: DEFAULT_ALLOCATION_RULES,
      sharedCosts: [],
      imports: {
        focusFiles: [],
        openCost: [],
        awsCostExplorer: [],
        staleAfterHours: 36,
      },
      monthOverMonth: { thresholdPercent: 20 },
      offHours: {
        productionEnvironments: ['production'],
        workingHours: DEFAULT_WORKING_HOURS,
      },
      rightSizing: {
        cpuHeadroom: 0.2,
        memoryHeadroom: 0.2,
        minChange: 0.2,
        days: 14,
        minDays: 7,
      },
      retention: { months: 25 },
    });
  });

  it('reads OpenCost and Cost Explorer imports with their defaults', () => {
    const config = readCostConfig(
      new ConfigReader({
        cost: {
          imports: {
            openCost: [
              {
                source: 'opencost-production',
                baseUrl: 'http://opencost.opencost:9003/',
                cluster: 'production',
                environment: 'Production',
                schedule: { frequency: { hours: 1 }, timeout: { minutes: 20 } },
              },
            ],
            awsCostExplorer: [
              {
                source: 'aws-ce',
                credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
              },
            ],
            staleAfterHours: 12,
          },
          rightSizing: { cpuHeadroomPercent: 30, days: 30 },
        },
      }),
    );
    expect(config.imports.openCost).toEqual([
      {
        source: 'opencost-production',
        baseUrl: 'http://opencost.opencost:9003',
        cluster: 'production',
        environment: 'production',
        currency: 'USD',
        months: 2,
        windowDays: 2,
        maxAttempts: 4,
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 20 } },
      },
    ]);
    expect(config.imports.awsCostExplorer).toEqual([
      {
        source: 'aws-ce',
        region: 'us-east-1',
        tagKey: 'service',
        credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
        months: 2,
        windowDays: 31,
        maxAttempts: 4,
        schedule: DEFAULT_API_IMPORT_SCHEDULE,
      },
    ]);
    expect(config.imports.staleAfterHours).toBe(12);
    expect(config.rightSizing).toMatchObject({ cpuHeadroom: 0.3, days: 30 });
  });

  it('reads the production environments (lower case) and working hours', () => {
    const config = readCostConfig(
      new ConfigReader({
        cost: {
          offHours: {
            productionEnvironments: ['Production', 'prod-eu'],
            workingHours: { days: ['Mon', 'tue'], start: '07:00' },
          },
        },
      }),
    );
    expect(config.offHours).toEqual({
      productionEnvironments: ['production', 'prod-eu'],
      workingHours: { days: ['mon', 'tue'], start: '07:00', end: '19:00' },
    });
  });

  it('reads tag keys (lower case), aliases, files and their schedules', () => {
    const config = readCostConfig(
      new ConfigReader({
        cost: {
          allocation: {
            tagKeys: { service: ['Service', 'app.kubernetes.io/name'] },
            environmentAliases: { PRD: 'Production' },
          },
          imports: {
            focusFiles: [
              { source: 'aws', path: '/exports/aws-focus.csv.gz' },
              {
                source: 'azure',
                path: '/exports/azure.csv',
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 10 },
                },
              },
            ],
          },
          monthOverMonth: { thresholdPercent: 15 },
        },
      }),
    );
    expect(config.allocation).toEqual({
      tagKeys: {
        service: ['service', 'app.kubernetes.io/name'],
        team: ['team', 'squad', 'owner'],
        environment: ['environment', 'env', 'stage'],
      },
      environmentAliases: { prd: 'production' },
    });
    expect(config.imports.focusFiles).toEqual([
      {
        source: 'aws',
        path: '/exports/aws-focus.csv.gz',
        s3: { region: 'us-east-1' },
        schedule: DEFAULT_FOCUS_FILE_SCHEDULE,
      },
      {
        source: 'azure',
        path: '/exports/azure.csv',
        s3: { region: 'us-east-1' },
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      },
    ]);
    expect(config.monthOverMonth.thresholdPercent).toBe(15);
  });

  it('reads shared-cost rules', () => {
    const config = readCostConfig(
      new ConfigReader({
        cost: {
          allocation: {
            sharedCosts: [
              {
                name: 'support',
                serviceNames: ['AWS Support (Business)'],
              },
              {
                name: 'shared-tag',
                tags: [{ shared: 'true' }],
                splitBy: 'even',
              },
            ],
          },
        },
      }),
    );
    expect(config.sharedCosts).toEqual([
      {
        name: 'support',
        serviceNames: ['AWS Support (Business)'],
        tags: [],
        resourceIds: [],
        splitBy: 'cost',
      },
      {
        name: 'shared-tag',
        serviceNames: [],
        tags: [{ shared: 'true' }],
        resourceIds: [],
        splitBy: 'even',
      },
    ]);
    expect(config.allocation).not.toHaveProperty('sharedCosts');
  });

  it.each([
    [
      { allocation: { sharedCosts: [{ name: 'support' }] } },
      'cost.allocation.sharedCosts.0: must match something',
    ],
    [
      {
        allocation: {
          sharedCosts: [
            { name: 'a', serviceNames: ['x'] },
            { name: 'a', serviceNames: ['y'] },
          ],
        },
      },
      'cost.allocation.sharedCosts.1.name: "a" names another rule',
    ],
    [
      { allocation: { tagKeys: { team: [''] } } },
      'cost.allocation.tagKeys.team.0: must not be empty',
    ],
    [
      { imports: { focusFiles: [{ source: 'aws cur', path: '/x.csv' }] } },
      'cost.imports.focusFiles.0.source: must be a name',
    ],
    [
      {
        imports: {
          focusFiles: [
            { source: 'aws', path: '/a.csv' },
            { source: 'aws', path: '/b.csv' },
          ],
        },
      },
      'cost.imports.focusFiles.1.source: "aws" is the source of another import',
    ],
    [
      {
        imports: {
          focusFiles: [{ source: 'k8s', path: '/a.csv' }],
          openCost: [
            { source: 'k8s', baseUrl: 'http://oc:9003', cluster: 'prod' },
          ],
        },
      },
      'cost.imports.openCost.0.source: "k8s" is the source of another import',
    ],
    [
      {
        imports: {
          openCost: [{ source: 'k8s', baseUrl: 'oc:9003', cluster: 'prod' }],
        },
      },
      'cost.imports.openCost.0.baseUrl: must be an http(s) URL',
    ],
    [
      {
        imports: {
          openCost: [
            {
              source: 'k8s',
              baseUrl: 'http://oc:9003',
              cluster: 'prod',
              currency: 'dollars',
            },
          ],
        },
      },
      'cost.imports.openCost.0.currency: must be an ISO 4217 code',
    ],
    [
      {
        imports: {
          awsCostExplorer: [
            { source: 'aws', schedule: { frequency: { hours: 'six' } } },
          ],
        },
      },
      'cost.imports.awsCostExplorer.0.schedule:',
    ],
    [{ retention: { months: 1 } }, 'cost.retention.months:'],
    [
      { imports: { focusFiles: [{ source: 'aws', path: 's3://no-key' }] } },
      'cost.imports.focusFiles.0.path: must be a path or an s3://bucket/key URL',
    ],
    [
      { rightSizing: { days: 5, minDays: 7 } },
      'cost.rightSizing.minDays: must not be more than days',
    ],
    [
      {
        imports: {
          focusFiles: [
            { source: 'aws', path: '/a.csv', schedule: { frequency: 'often' } },
          ],
        },
      },
      'cost.imports.focusFiles.0.schedule:',
    ],
    [
      { monthOverMonth: { thresholdPercent: -5 } },
      'cost.monthOverMonth.thresholdPercent:',
    ],
    [
      { offHours: { workingHours: { start: '19:00', end: '08:00' } } },
      'cost.offHours.workingHours.end: must be after start',
    ],
    [
      { offHours: { workingHours: { days: ['mon', 'funday'] } } },
      'cost.offHours.workingHours.days.1: "funday" is not a day',
    ],
    [
      { offHours: { productionEnvironments: [] } },
      'cost.offHours.productionEnvironments: must name at least one',
    ],
  ])('fails naming the key (%j)', (cost, message) => {
    expect(() => readCostConfig(new ConfigReader({ cost }))).toThrow(
      `Invalid config at ${message}`,
    );
  });
});
