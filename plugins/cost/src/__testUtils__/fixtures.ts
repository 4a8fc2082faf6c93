import {
  CostAnomaliesResponse,
  CostByCurrency,
  CostImport,
  CostSourcesResponse,
  CostSummaryResponse,
  MonthOverMonthResponse,
  NonProductionResponse,
  RightSizingContainer,
  RightSizingResponse,
} from '@internal/plugin-cost-common';
import { CostApi } from '../api/CostApi';

/** One currency's costs, effective and billed. */
export function cost(
  currency: string,
  effective: string,
  billed = effective,
): CostByCurrency {
  return {
    currency,
    effectiveCost: { currency, amount: effective },
    billedCost: { currency, amount: billed },
  };
}

export function makeImport(overrides: Partial<CostImport> = {}): CostImport {
  return {
    id: '1',
    source: 'lumen-retail-aws-azure',
    fileName: 'lumen-retail-focus.csv',
    status: 'succeeded',
    billingPeriods: ['2026-10-01', '2026-11-01'],
    rows: 1200,
    problemCount: 0,
    problems: [],
    startedAt: '2026-11-29T10:00:00.000Z',
    finishedAt: '2026-11-29T10:00:05.000Z',
    startedBy: null,
    ...overrides,
  };
}

export function makeSources(
  overrides: Partial<CostSourcesResponse> = {},
): CostSourcesResponse {
  return {
    staleAfterHours: 36,
    sources: [
      {
        source: 'lumen-retail-aws-azure',
        kind: 'focus-file',
        location: '/exports/lumen-retail-focus.csv',
        lastImport: makeImport(),
        lastSucceeded: makeImport(),
        stale: false,
        reason: null,
      },
    ],
    ...overrides,
  };
}

const MI = 1024 * 1024;

export function makeRightSizingContainer(
  overrides: Partial<RightSizingContainer> = {},
): RightSizingContainer {
  return {
    cluster: 'production',
    namespace: 'storefront',
    controllerKind: 'deployment',
    controller: 'product-service',
    container: 'app',
    workloadRef:
      'resource:default/product-service-deployment-production-storefront-abc123',
    entityRef: 'component:default/product-service',
    ownerRef: 'group:default/discovery-squad',
    environment: 'production',
    currency: 'USD',
    days: 14,
    replicas: 4,
    cpu: {
      request: 0.5,
      usageAverage: 0.14,
      usagePeak: 0.2,
      peakFromAverages: false,
      suggested: 0.24,
      action: 'decrease',
    },
    memory: {
      request: 1024 * MI,
      usageAverage: 600 * MI,
      usagePeak: 700 * MI,
      peakFromAverages: false,
      suggested: 840 * MI,
      action: 'keep',
    },
    monthlySaving: { currency: 'USD', amount: '24.01' },
    ...overrides,
  };
}

export function makeRightSizing(
  overrides: Partial<RightSizingResponse> = {},
): RightSizingResponse {
  return {
    asOf: '2026-11-28',
    from: '2026-11-15',
    to: '2026-11-29',
    rules: {
      cpuHeadroomPercent: 20,
      memoryHeadroomPercent: 20,
      minChangePercent: 20,
      minDays: 7,
      days: 14,
    },
    containers: [
      makeRightSizingContainer({
        controller: 'search-service',
        container: 'search',
        entityRef: 'component:default/search-service',
        cpu: {
          request: 0.1,
          usageAverage: 0.08,
          usagePeak: 0.09,
          peakFromAverages: false,
          suggested: 0.1,
          action: 'keep',
        },
        memory: {
          request: 128 * MI,
          usageAverage: 120 * MI,
          usagePeak: 166 * MI,
          peakFromAverages: false,
          suggested: 200 * MI,
          action: 'increase',
        },
        monthlySaving: { currency: 'USD', amount: '-0.71' },
      }),
      makeRightSizingContainer(),
      makeRightSizingContainer({
        controller: 'cart-service',
        entityRef: 'component:default/cart-service',
        cpu: {
          request: 0.25,
          usageAverage: 0.2,
          usagePeak: 0.22,
          peakFromAverages: false,
          suggested: 0.25,
          action: 'keep',
        },
        memory: {
          request: 256 * MI,
          usageAverage: 200 * MI,
          usagePeak: 220 * MI,
          peakFromAverages: false,
          suggested: 256 * MI,
          action: 'keep',
        },
        monthlySaving: { currency: 'USD', amount: '0.00' },
      }),
    ],
    tooNew: 1,
    totals: [
      { currency: 'USD', monthlySaving: { currency: 'USD', amount: '23.30' } },
    ],
    ...overrides,
  };
}

export function makeSummary(
  overrides: Partial<CostSummaryResponse> = {},
): CostSummaryResponse {
  return {
    from: '2026-10-01',
    to: '2026-11-01',
    groupBy: 'owner',
    totals: [cost('EUR', '300.00'), cost('USD', '1500.00', '1600.00')],
    groups: [
      {
        key: 'group:default/checkout-squad',
        costs: [cost('USD', '1000.00', '1100.00'), cost('EUR', '300.00')],
      },
      { key: 'group:default/platform-squad', costs: [cost('USD', '400.00')] },
      { key: null, costs: [cost('USD', '100.00')] },
    ],
    ...overrides,
  };
}

export function makeMonthOverMonth(): MonthOverMonthResponse {
  const money = (amount: string) => ({ currency: 'USD', amount });
  return {
    month: '2026-10',
    previousMonth: '2026-09',
    previousDays: 30,
    currentDays: 31,
    thresholdPercent: 20,
    groupBy: 'owner',
    changes: [
      {
        key: 'group:default/platform-squad',
        currency: 'USD',
        previous: money('390.00'),
        current: money('400.00'),
        previousBilled: money('390.00'),
        currentBilled: money('400.00'),
        previousDailyAverage: money('13.00'),
        currentDailyAverage: money('12.90'),
        change: money('-3.10'),
        changePercent: -0.8,
        flagged: false,
      },
      {
        key: 'group:default/checkout-squad',
        currency: 'USD',
        previous: money('700.00'),
        current: money('1000.00'),
        previousBilled: money('700.00'),
        currentBilled: money('1000.00'),
        previousDailyAverage: money('23.33'),
        currentDailyAverage: money('32.26'),
        change: money('276.67'),
        changePercent: 38.3,
        flagged: true,
      },
    ],
  };
}

export function makeAnomalies(): CostAnomaliesResponse {
  const usd = (amount: string) => ({ currency: 'USD', amount });
  return {
    groupBy: 'owner',
    asOf: '2026-10-23',
    from: '2026-08-25',
    anomalies: [
      {
        key: 'group:default/checkout-squad',
        currency: 'USD',
        date: '2026-10-20',
        actual: usd('300.00'),
        expected: usd('100.00'),
        delta: usd('200.00'),
        z: 40.5,
        kind: 'spike',
        days: 1,
        review: null,
      },
      {
        key: 'group:default/platform-squad',
        currency: 'EUR',
        date: '2026-10-19',
        actual: { currency: 'EUR', amount: '80.00' },
        expected: { currency: 'EUR', amount: '50.00' },
        delta: { currency: 'EUR', amount: '30.00' },
        z: 6.1,
        kind: 'step',
        days: 5,
        review: null,
      },
    ],
  };
}

/** October 2026: USD with non-production and unallocated cost, EUR all production. */
export function makeNonProduction(): NonProductionResponse {
  const money = (currency: string, amount: string) => ({ currency, amount });
  return {
    from: '2026-10-01',
    to: '2026-11-01',
    productionEnvironments: ['production'],
    workingHours: {
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '08:00',
      end: '19:00',
    },
    hoursOnPerWeek: 55,
    currencies: [
      {
        currency: 'EUR',
        total: money('EUR', '300.00'),
        production: money('EUR', '300.00'),
        nonProduction: money('EUR', '0.00'),
        unallocated: money('EUR', '0.00'),
        nonProductionSharePercent: 0,
        offHoursSaving: money('EUR', '0.00'),
        offHoursSavingPerMonth: money('EUR', '0.00'),
      },
      {
        currency: 'USD',
        total: money('USD', '1050.00'),
        production: money('USD', '700.00'),
        nonProduction: money('USD', '300.00'),
        unallocated: money('USD', '50.00'),
        nonProductionSharePercent: 28.6,
        offHoursSaving: money('USD', '201.79'),
        offHoursSavingPerMonth: money('USD', '198.12'),
      },
    ],
  };
}

/** A cost API answering with the fixtures above; override what a test needs. */
export function makeCostApi(overrides: Partial<CostApi> = {}): CostApi {
  return {
    summary: jest.fn(async (range, groupBy) => ({
      ...makeSummary(),
      ...range,
      groupBy,
    })),
    summaryCsv: jest.fn(async () => ({
      fileName: 'cost.csv',
      blob: new Blob(['group,currency\n']),
    })),
    trend: jest.fn(async (range, interval) => ({
      ...range,
      interval,
      points: [
        { period: '2026-10-01', costs: [cost('USD', '50.00')] },
        { period: '2026-10-02', costs: [cost('USD', '52.00')] },
      ],
    })),
    monthOverMonth: jest.fn(async () => makeMonthOverMonth()),
    unallocated: jest.fn(async range => ({
      ...range,
      totals: [cost('USD', '100.00')],
      resources: [
        {
          resourceId: 'i-0untagged0001',
          providerName: 'AWS',
          serviceName: 'Amazon Elastic Compute Cloud',
          ownerRef: null,
          tags: {},
          lineItems: 31,
          effectiveCost: { currency: 'USD', amount: '100.00' },
          billedCost: { currency: 'USD', amount: '100.00' },
        },
      ],
    })),
    entityCost: jest.fn(async (entity, range) => ({
      entityRef: `${entity.kind}:${entity.namespace}/${entity.name}`,
      ...range,
      totals: [cost('USD', '900.00')],
      byEnvironment: [
        { key: 'production', costs: [cost('USD', '700.00')] },
        { key: 'staging', costs: [cost('USD', '200.00')] },
      ],
      byCategory: [{ key: 'Compute', costs: [cost('USD', '900.00')] }],
      byProvider: [
        { key: 'AWS', costs: [cost('USD', '650.00')] },
        { key: 'Kubernetes', costs: [cost('USD', '250.00')] },
      ],
      byMonth: [],
      daily: [],
    })),
    imports: jest.fn(async () => ({ imports: [makeImport()] })),
    sources: jest.fn(async () => makeSources()),
    importFile: jest.fn(async ({ source, file }) =>
      makeImport({ id: '9', source, fileName: file.name }),
    ),
    rightSizing: jest.fn(async () => makeRightSizing()),
    anomalies: jest.fn(async () => makeAnomalies()),
    nonProduction: jest.fn(async () => makeNonProduction()),
    reviewAnomaly: jest.fn(async review => ({
      snoozedUntil: null,
      note: null,
      ...review,
      reviewedBy: 'user:default/lead',
      reviewedAt: '2026-10-24T08:00:00.000Z',
    })),
    ...overrides,
  };
}
