import {
  formatCostAmount,
  getCostAndUsage,
  GetCostAndUsageRequest,
  GetCostAndUsageResponse,
  parseCostAmount,
} from './getCostAndUsage';
import { AwsServiceError } from './getResources';
import { FakeCostRecord } from './types';

const now = Date.parse('2026-11-20T09:00:00Z');
const options = { now, maxGroupsPerPage: 500 };

const record = (
  day: string,
  service: string,
  cost: string,
  more: Partial<FakeCostRecord> = {},
): FakeCostRecord => ({
  day,
  service,
  linkedAccount: '111122223333',
  region: 'eu-west-1',
  recordType: 'Usage',
  tags: {},
  amounts: { UnblendedCost: cost, AmortizedCost: cost, UsageQuantity: '24' },
  ...more,
});

const records: FakeCostRecord[] = [
  record('2026-10-30', 'Amazon DynamoDB', '1.10', {
    tags: { service: 'cart-service' },
  }),
  record('2026-10-31', 'Amazon DynamoDB', '1.20', {
    tags: { service: 'cart-service' },
  }),
  record('2026-10-31', 'AWS Lambda', '0.30', {
    tags: { service: 'cart-service', env: 'production' },
  }),
  record('2026-10-31', 'AWS Lambda', '0.05', { region: 'us-east-1' }),
  record('2026-11-01', 'Amazon DynamoDB', '1.30', {
    tags: { service: 'cart-service' },
  }),
  record('2026-11-01', 'AWS Lambda', '0.40', {
    tags: { service: 'search-service' },
    linkedAccount: '444455556666',
    linkedAccountName: 'Search',
  }),
  record('2026-11-01', 'AWS Activate credits', '-250', {
    region: 'NoRegion',
    recordType: 'Credit',
    amounts: { UnblendedCost: '-250', AmortizedCost: '-250' },
  }),
];

const request = (
  more: Partial<GetCostAndUsageRequest> = {},
): GetCostAndUsageRequest => ({
  TimePeriod: { Start: '2026-10-30', End: '2026-11-02' },
  Granularity: 'DAILY',
  Metrics: ['UnblendedCost'],
  ...more,
});

function errorOf(run: () => unknown): AwsServiceError {
  try {
    run();
  } catch (error) {
    if (error instanceof AwsServiceError) return error;
    throw error;
  }
  throw new Error('expected an AwsServiceError');
}

const keysOf = (response: GetCostAndUsageResponse) =>
  response.ResultsByTime.map(result => ({
    day: result.TimePeriod.Start,
    groups: result.Groups.map(group => [
      ...group.Keys,
      group.Metrics.UnblendedCost.Amount,
    ]),
  }));

describe('getCostAndUsage', () => {
  it('sums exactly: many small decimal amounts, no binary drift', () => {
    const many = Array.from({ length: 1000 }, () =>
      record('2026-11-01', 'AWS Lambda', '0.1'),
    );
    const tiny = Array.from({ length: 3 }, () =>
      record('2026-11-01', 'AWS Lambda', '0.0000000001'),
    );
    const out = getCostAndUsage(
      [...many, ...tiny],
      request({
        TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
        Metrics: ['UnblendedCost', 'UsageQuantity', 'BlendedCost'],
      }),
      options,
    );
    expect(out.ResultsByTime[0].Total).toEqual({
      UnblendedCost: { Amount: '100.0000000003', Unit: 'USD' },
      UsageQuantity: { Amount: '24072', Unit: 'N/A' },
      // Not in the records: 0.
      BlendedCost: { Amount: '0', Unit: 'USD' },
    });
    expect(formatCostAmount(parseCostAmount('-0.50'))).toBe('-0.5');
    expect(formatCostAmount(parseCostAmount('1200.00'))).toBe('1200');
    expect(() => parseCostAmount('1e3')).toThrow(TypeError);
  });

  it('answers every period, with the metrics in Total when not grouped', () => {
    const out = getCostAndUsage(records, request(), options);
    expect(out).toEqual({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-10-30', End: '2026-10-31' },
          Total: { UnblendedCost: { Amount: '1.1', Unit: 'USD' } },
          Groups: [],
          Estimated: false,
        },
        {
          TimePeriod: { Start: '2026-10-31', End: '2026-11-01' },
          Total: { UnblendedCost: { Amount: '1.55', Unit: 'USD' } },
          Groups: [],
          Estimated: false,
        },
        {
          TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
          Total: { UnblendedCost: { Amount: '-248.3', Unit: 'USD' } },
          Groups: [],
          Estimated: true,
        },
      ],
      DimensionValueAttributes: [],
    });
  });

  it('groups by dimension and tag with AWS keys: "<tag>$<value>", "<tag>$" when untagged', () => {
    const out = getCostAndUsage(
      records,
      request({
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'TAG', Key: 'service' },
        ],
      }),
      options,
    );
    expect(out.GroupDefinitions).toEqual([
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'TAG', Key: 'service' },
    ]);
    expect(
      out.ResultsByTime.every(r => Object.keys(r.Total).length === 0),
    ).toBe(true);
    expect(keysOf(out)).toEqual([
      {
        day: '2026-10-30',
        groups: [['Amazon DynamoDB', 'service$cart-service', '1.1']],
      },
      {
        day: '2026-10-31',
        groups: [
          ['AWS Lambda', 'service$', '0.05'],
          ['AWS Lambda', 'service$cart-service', '0.3'],
          ['Amazon DynamoDB', 'service$cart-service', '1.2'],
        ],
      },
      {
        day: '2026-11-01',
        groups: [
          ['AWS Activate credits', 'service$', '-250'],
          ['AWS Lambda', 'service$search-service', '0.4'],
          ['Amazon DynamoDB', 'service$cart-service', '1.3'],
        ],
      },
    ]);
    expect(out.NextPageToken).toBeUndefined();
  });

  it('names linked accounts in DimensionValueAttributes', () => {
    const out = getCostAndUsage(
      records,
      request({ GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] }),
      options,
    );
    expect(out.DimensionValueAttributes).toEqual([
      { Value: '111122223333', Attributes: {} },
      { Value: '444455556666', Attributes: { description: 'Search' } },
    ]);
  });

  it('cuts MONTHLY periods at month starts and at the requested dates', () => {
    const out = getCostAndUsage(
      records,
      request({
        Granularity: 'MONTHLY',
        TimePeriod: { Start: '2026-10-31', End: '2026-12-01' },
        Metrics: ['AmortizedCost'],
      }),
      options,
    );
    expect(
      out.ResultsByTime.map(r => [
        r.TimePeriod,
        r.Total.AmortizedCost.Amount,
        r.Estimated,
      ]),
    ).toEqual([
      [{ Start: '2026-10-31', End: '2026-11-01' }, '1.55', false],
      [{ Start: '2026-11-01', End: '2026-12-01' }, '-248.3', true],
    ]);
  });

  it('filters by Dimensions, Not, And, Or and Tags', () => {
    const total = (Filter: GetCostAndUsageRequest['Filter']) =>
      getCostAndUsage(
        records,
        request({
          Granularity: 'MONTHLY',
          TimePeriod: { Start: '2026-10-01', End: '2026-12-01' },
          Filter,
        }),
        { ...options, firstDay: '2026-10-01' },
      ).ResultsByTime.map(r => r.Total.UnblendedCost.Amount);

    expect(
      total({
        Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit'] } },
      }),
    ).toEqual(['2.65', '1.7']);
    expect(
      total({
        And: [
          { Dimensions: { Key: 'SERVICE', Values: ['AWS Lambda'] } },
          { Dimensions: { Key: 'REGION', Values: ['eu-west-1'] } },
        ],
      }),
    ).toEqual(['0.3', '0.4']);
    expect(
      total({
        Or: [
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['444455556666'] } },
          { Dimensions: { Key: 'REGION', Values: ['us-east-1'] } },
        ],
      }),
    ).toEqual(['0.05', '0.4']);
    expect(
      total({ Tags: { Key: 'service', MatchOptions: ['ABSENT'] } }),
    ).toEqual(['0.05', '-250']);
    expect(
      total({ Tags: { Key: 'service', Values: ['cart-service'] } }),
    ).toEqual(['2.6', '1.3']);
  });

  it('refuses what it does not support instead of ignoring it', () => {
    const cases: Array<[GetCostAndUsageRequest['Filter'], RegExp]> = [
      [{ CostCategories: { Key: 'team', Values: ['a'] } }, /cost categories/],
      [{ Dimensions: { Key: 'USAGE_TYPE', Values: ['x'] } }, /USAGE_TYPE/],
      [{ Dimensions: { Key: 'NOPE', Values: ['x'] } }, /NOPE is invalid/],
      [
        {
          Dimensions: {
            Key: 'SERVICE',
            Values: ['Amazon'],
            MatchOptions: ['STARTS_WITH'],
          },
        },
        /STARTS_WITH/,
      ],
      [
        { And: [{ Dimensions: { Key: 'SERVICE', Values: ['x'] } }] },
        /at least 2 operands/,
      ],
      [
        {
          Dimensions: { Key: 'SERVICE', Values: ['x'] },
          Tags: { Key: 'service', Values: ['y'] },
        },
        /exactly one root/,
      ],
      [{}, /exactly one of/],
    ];
    for (const [Filter, message] of cases) {
      const error = errorOf(() =>
        getCostAndUsage(records, request({ Filter }), options),
      );
      expect(error.code).toBe('ValidationException');
      expect(error.message).toMatch(message);
    }
  });

  it('validates GroupBy, Metrics, Granularity and TimePeriod like AWS', () => {
    const cases: Array<[Partial<GetCostAndUsageRequest>, RegExp]> = [
      [
        {
          GroupBy: [
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'DIMENSION', Key: 'REGION' },
            { Type: 'TAG', Key: 'service' },
          ],
        },
        /at most 2/,
      ],
      [{ GroupBy: [{ Type: 'DIMENSION', Key: '' }] }, /non-empty/],
      [{ GroupBy: [{ Type: 'LINKED_ACCOUNT', Key: 'x' }] }, /type is invalid/],
      [{ GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] }, /USAGE_TYPE/],
      [{ GroupBy: [{ Type: 'COST_CATEGORY', Key: 'team' }] }, /cost categor/],
      [
        {
          GroupBy: [
            { Type: 'TAG', Key: 'service' },
            { Type: 'TAG', Key: 'service' },
          ],
        },
        /duplicated/,
      ],
      [{ Metrics: ['UnblendedCost', 'Cost'] }, /Metric Cost is invalid/],
      [{ Metrics: [] }, /at least one metric/],
      [{ Metrics: undefined }, /'metrics'/],
      [{ Granularity: 'WEEKLY' }, /enum value set/],
      [{ Granularity: undefined }, /'granularity'/],
      [{ Granularity: 'HOURLY' }, /Hourly/],
      [{ TimePeriod: undefined }, /'timePeriod'/],
      [
        { TimePeriod: { Start: '2026/11/01', End: '2026-11-02' } },
        /timePeriod.start.*regular expression/,
      ],
      [
        { TimePeriod: { Start: '2026-11-01', End: '2026-11-31' } },
        /'2026-11-31'.*invalid/,
      ],
      [
        { TimePeriod: { Start: '2026-11-01', End: '2026-11-01' } },
        /should be before end date/,
      ],
      [
        { TimePeriod: { Start: '2026-11-21', End: '2026-11-22' } },
        /after the current date/,
      ],
    ];
    for (const [more, message] of cases) {
      const error = errorOf(() =>
        getCostAndUsage(records, request(more), options),
      );
      expect({ code: error.code, message: error.message }).toEqual({
        code: 'ValidationException',
        message: expect.stringMatching(message),
      });
    }
  });

  it('answers DataUnavailableException before the first day with data', () => {
    const error = errorOf(() =>
      getCostAndUsage(
        records,
        request({ TimePeriod: { Start: '2026-10-29', End: '2026-11-01' } }),
        options,
      ),
    );
    expect(error.code).toBe('DataUnavailableException');
    expect(
      errorOf(() =>
        getCostAndUsage(
          records,
          request({ TimePeriod: { Start: '2026-10-30', End: '2026-11-01' } }),
          { ...options, firstDay: '2026-10-31' },
        ),
      ).code,
    ).toBe('DataUnavailableException');
  });

  it('pages by groups, splitting a period across pages, each group exactly once', () => {
    const input = request({
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'TAG', Key: 'service' },
      ],
    });
    const all = keysOf(getCostAndUsage(records, input, options));
    const pages: GetCostAndUsageResponse[] = [];
    let token: string | undefined;
    do {
      const page = getCostAndUsage(
        records,
        { ...input, NextPageToken: token },
        { ...options, maxGroupsPerPage: 2 },
      );
      pages.push(page);
      token = page.NextPageToken;
    } while (token);

    expect(pages.map(page => keysOf(page))).toEqual([
      [all[0], { day: '2026-10-31', groups: all[1].groups.slice(0, 1) }],
      [{ day: '2026-10-31', groups: all[1].groups.slice(1) }],
      [{ day: '2026-11-01', groups: all[2].groups.slice(0, 2) }],
      [{ day: '2026-11-01', groups: all[2].groups.slice(2) }],
    ]);

    const second = pages[0].NextPageToken;
    expect(
      errorOf(() =>
        getCostAndUsage(
          records,
          { ...input, Metrics: ['AmortizedCost'], NextPageToken: second },
          { ...options, maxGroupsPerPage: 2 },
        ),
      ).code,
    ).toBe('RequestChangedException');
    expect(
      errorOf(() =>
        getCostAndUsage(
          records,
          { ...input, NextPageToken: 'not-a-token' },
          options,
        ),
      ).code,
    ).toBe('InvalidNextTokenException');
  });
});
