import {
  CostExplorerClient,
  CostExplorerClientConfig,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GetDimensionValuesCommand,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import {
  LumenRetailFocusRow,
  lumenRetailFocusExport,
} from '../cost/lumenRetailFocusExport';
import { lumenRetailCostExplorer } from './lumenRetailCostExplorer';
import { startFakeCostExplorer } from './startFakeCostExplorer';
import { FakeCostExplorerServer } from './types';

const credentials = {
  accessKeyId: 'AKIAFAKE000000000002',
  secretAccessKey: 'fake-secret',
};
const now = new Date('2026-11-29T17:00:00Z');
const awsFocusRows = lumenRetailFocusExport({ now }).filter(
  row => row.ProviderName === 'AWS',
);

/** A decimal string (at most 2 decimals, as both sides write them here) in integer cents. */
function cents(amount: string | undefined): number {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount ?? '');
  if (!match) throw new Error(`not an amount in cents: ${amount}`);
  const value =
    Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -value : value;
}

const focusCents = (
  column: 'EffectiveCost' | 'BilledCost',
  where: (row: LumenRetailFocusRow) => boolean,
) =>
  awsFocusRows.filter(where).reduce((sum, row) => sum + cents(row[column]), 0);

const tagsOf = (row: LumenRetailFocusRow): Record<string, string> =>
  row.Tags ? JSON.parse(row.Tags) : {};

describe('startFakeCostExplorer', () => {
  let server: FakeCostExplorerServer;

  const client = (config: Partial<CostExplorerClientConfig> = {}) =>
    new CostExplorerClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials,
      ...config,
    });

  /** Every page, as an importer must read them: a period may span pages. */
  async function fetchAll(
    input: GetCostAndUsageCommandInput,
    costExplorer = client(),
  ): Promise<{ results: ResultByTime[]; pages: number }> {
    const byStart = new Map<string, ResultByTime>();
    let NextPageToken: string | undefined;
    let pages = 0;
    do {
      const out = await costExplorer.send(
        new GetCostAndUsageCommand({ ...input, NextPageToken }),
      );
      pages += 1;
      for (const result of out.ResultsByTime ?? []) {
        const start = result.TimePeriod!.Start!;
        const seen = byStart.get(start);
        if (seen)
          seen.Groups = [...(seen.Groups ?? []), ...(result.Groups ?? [])];
        else byStart.set(start, result);
      }
      NextPageToken = out.NextPageToken;
    } while (NextPageToken);
    return { results: [...byStart.values()], pages };
  }

  beforeEach(async () => {
    server = await startFakeCostExplorer(lumenRetailCostExplorer({ now }), {
      credentials,
      now,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('answers DAILY by SERVICE and TAG:service with AWS keys, adding up to the FOCUS export to the cent', async () => {
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: '2026-10-25', End: '2026-11-29' },
      Granularity: 'DAILY',
      Metrics: ['AmortizedCost', 'UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'TAG', Key: 'service' },
      ],
    };
    const first = await client().send(new GetCostAndUsageCommand(input));
    expect(first.GroupDefinitions).toEqual(input.GroupBy);
    expect(first.ResultsByTime?.[0]).toMatchObject({
      TimePeriod: { Start: '2026-10-25', End: '2026-10-26' },
      Total: {},
      Estimated: false,
    });
    expect(server.requests[0]).toMatchObject({
      operation: 'GetCostAndUsage',
      region: 'us-east-1',
      accessKeyId: credentials.accessKeyId,
      paged: false,
      status: 200,
      input: { Granularity: 'DAILY', GroupBy: input.GroupBy },
    });

    const { results, pages } = await fetchAll(input);
    // More groups than one page of 500 holds.
    expect(pages).toBeGreaterThan(1);
    expect(results.map(r => r.TimePeriod?.Start)).toHaveLength(35);

    const nov1 = results.find(r => r.TimePeriod?.Start === '2026-11-01')!;
    const keys = nov1.Groups!.map(group => group.Keys);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['Amazon Relational Database Service', 'service$order-service'],
        ['Amazon Simple Storage Service', 'service$'],
        ['AWS Support (Business)', 'service$'],
        ['AWS Activate credits', 'service$'],
      ]),
    );
    const rds = nov1.Groups!.find(
      group =>
        group.Keys?.[0] === 'Amazon Relational Database Service' &&
        group.Keys?.[1] === 'service$order-service',
    )!;
    expect(rds.Metrics?.AmortizedCost?.Unit).toBe('USD');
    expect(cents(rds.Metrics?.AmortizedCost?.Amount)).toBe(
      focusCents(
        'EffectiveCost',
        row =>
          row.ChargePeriodStart.startsWith('2026-11-01') &&
          row.ServiceName === 'Amazon Relational Database Service' &&
          tagsOf(row).service === 'order-service',
      ),
    );

    for (const result of results) {
      const day = result.TimePeriod!.Start!;
      const sum = (metric: string) =>
        (result.Groups ?? []).reduce(
          (total, group) => total + cents(group.Metrics?.[metric]?.Amount),
          0,
        );
      const onDay = (row: LumenRetailFocusRow) =>
        row.ChargePeriodStart.startsWith(day);
      expect({ day, amortized: sum('AmortizedCost') }).toEqual({
        day,
        amortized: focusCents('EffectiveCost', onDay),
      });
      expect(sum('UnblendedCost')).toBe(focusCents('BilledCost', onDay));
      expect(result.Estimated).toBe(day >= '2026-11-01');
    }
  });

  it('answers MONTHLY totals, the current month estimated, matching the FOCUS export', async () => {
    const out = await client().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-08-01', End: '2026-12-01' },
        Granularity: 'MONTHLY',
        Metrics: ['NetAmortizedCost', 'NetUnblendedCost', 'UsageQuantity'],
      }),
    );
    expect(out.GroupDefinitions).toBeUndefined();
    expect(out.NextPageToken).toBeUndefined();
    expect(out.DimensionValueAttributes).toEqual([]);
    expect(
      out.ResultsByTime?.map(result => [
        result.TimePeriod,
        result.Estimated,
        result.Groups,
      ]),
    ).toEqual([
      [{ Start: '2026-08-01', End: '2026-09-01' }, false, []],
      [{ Start: '2026-09-01', End: '2026-10-01' }, false, []],
      [{ Start: '2026-10-01', End: '2026-11-01' }, false, []],
      [{ Start: '2026-11-01', End: '2026-12-01' }, true, []],
    ]);
    for (const result of out.ResultsByTime ?? []) {
      const month = result.TimePeriod!.Start!.slice(0, 7);
      const inMonth = (row: LumenRetailFocusRow) =>
        row.BillingPeriodStart.startsWith(month);
      expect(cents(result.Total?.NetAmortizedCost?.Amount)).toBe(
        focusCents('EffectiveCost', inMonth),
      );
      expect(cents(result.Total?.NetUnblendedCost?.Amount)).toBe(
        focusCents('BilledCost', inMonth),
      );
      expect(result.Total?.UsageQuantity?.Unit).toBe('N/A');
    }
  });

  it('groups by RECORD_TYPE, REGION and LINKED_ACCOUNT, and filters credits out', async () => {
    const month = {
      TimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
    };
    const byType = await client().send(
      new GetCostAndUsageCommand({
        ...month,
        GroupBy: [
          { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
          { Type: 'DIMENSION', Key: 'REGION' },
        ],
      }),
    );
    expect(
      byType.ResultsByTime?.[0].Groups?.map(group => [
        group.Keys,
        group.Keys?.[0] === 'Credit' ? group.Metrics?.UnblendedCost : undefined,
      ]),
    ).toEqual([
      [['Credit', 'NoRegion'], { Amount: '-250', Unit: 'USD' }],
      [['Usage', 'NoRegion'], undefined],
      [['Usage', 'eu-west-1'], undefined],
      [['Usage', 'us-east-1'], undefined],
    ]);

    const noCredits = await client().send(
      new GetCostAndUsageCommand({
        ...month,
        GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
        Filter: {
          Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit'] } },
        },
      }),
    );
    expect(noCredits.ResultsByTime?.[0].Groups).toEqual([
      {
        Keys: ['210987654321'],
        Metrics: {
          UnblendedCost: {
            Amount: expect.any(String),
            Unit: 'USD',
          },
        },
      },
    ]);
    expect(
      cents(
        noCredits.ResultsByTime?.[0].Groups?.[0].Metrics?.UnblendedCost?.Amount,
      ),
    ).toBe(
      focusCents(
        'BilledCost',
        row =>
          row.BillingPeriodStart.startsWith('2026-10') &&
          row.ChargeCategory !== 'Credit',
      ),
    );
    expect(noCredits.DimensionValueAttributes).toEqual([
      { Value: '210987654321', Attributes: { description: 'Lumen Retail' } },
    ]);
  });

  it('pages with NextPageToken: every group exactly once, in pages of at most maxGroupsPerPage', async () => {
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-08' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'TAG', Key: 'team' },
      ],
    };
    const whole = await fetchAll(input);
    expect(whole.pages).toBe(1);
    const expected = whole.results.flatMap(result =>
      (result.Groups ?? []).map(
        group => `${result.TimePeriod?.Start} ${group.Keys?.join(' ')}`,
      ),
    );

    const paged = await startFakeCostExplorer(
      lumenRetailCostExplorer({ now }),
      { credentials, now, maxGroupsPerPage: 7 },
    );
    try {
      const seen: string[] = [];
      let NextPageToken: string | undefined;
      const pagedClient = client({ endpoint: paged.url });
      do {
        const out = await pagedClient.send(
          new GetCostAndUsageCommand({ ...input, NextPageToken }),
        );
        const groups = (out.ResultsByTime ?? []).flatMap(result =>
          (result.Groups ?? []).map(
            group => `${result.TimePeriod?.Start} ${group.Keys?.join(' ')}`,
          ),
        );
        expect(groups.length).toBeLessThanOrEqual(7);
        seen.push(...groups);
        NextPageToken = out.NextPageToken;
      } while (NextPageToken);

      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(paged.requests.length).toBe(Math.ceil(expected.length / 7));
      expect(paged.requests[0].paged).toBe(false);
      expect(
        paged.requests.slice(1).every(r => r.paged && r.nextPageToken),
      ).toBe(true);

      // A token is only good for the query it came from.
      const token = (await pagedClient.send(new GetCostAndUsageCommand(input)))
        .NextPageToken;
      await expect(
        pagedClient.send(
          new GetCostAndUsageCommand({
            ...input,
            Metrics: ['AmortizedCost'],
            NextPageToken: token,
          }),
        ),
      ).rejects.toMatchObject({ name: 'RequestChangedException' });
      await expect(
        pagedClient.send(
          new GetCostAndUsageCommand({ ...input, NextPageToken: 'garbage' }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
    } finally {
      await paged.close();
    }
  });

  it('answers ValidationException for 3 GroupBys, an unknown metric and bad dates', async () => {
    const base: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-08' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
    };
    const send = (input: Partial<GetCostAndUsageCommandInput>) =>
      client({ maxAttempts: 1 }).send(
        new GetCostAndUsageCommand({ ...base, ...input }),
      );

    await expect(
      send({
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'REGION' },
          { Type: 'TAG', Key: 'service' },
        ],
      }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/at most 2/),
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      send({ Metrics: ['UnblendedCost', 'TotalCost'] }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/TotalCost/),
    });
    await expect(
      send({ TimePeriod: { Start: '2026-11-08', End: '2026-11-01' } }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Start date (and hour) should be before end date (and hour)',
    });
    await expect(
      send({ TimePeriod: { Start: '2026-11-01', End: '2026-11-31' } }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      send({ TimePeriod: { Start: '11/01/2026', End: '2026-11-08' } }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(send({ Granularity: 'HOURLY' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      send({
        Filter: { CostCategories: { Key: 'team', Values: ['checkout'] } },
      }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(server.requests.map(r => r.errorType)).toEqual(
      Array(7).fill('ValidationException'),
    );
  });

  it('answers DataUnavailableException before the first day of data', async () => {
    await expect(
      client().send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2026-07-01', End: '2026-08-15' },
          Granularity: 'MONTHLY',
          Metrics: ['UnblendedCost'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'DataUnavailableException',
      $fault: 'client',
    });
  });

  it('throttles with LimitExceededException, which the SDK retries, and gives up after maxAttempts', async () => {
    const input = new GetCostAndUsageCommand({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
    });
    server.failNext({ status: 400, code: 'LimitExceededException', times: 2 });
    const out = await client({ maxAttempts: 3 }).send(input);
    expect(out.ResultsByTime).toHaveLength(1);
    expect(out.$metadata.attempts).toBe(3);
    expect(server.requests.map(r => [r.status, r.errorType])).toEqual([
      [400, 'LimitExceededException'],
      [400, 'LimitExceededException'],
      [200, undefined],
    ]);

    // The default code for a 400 fault is Cost Explorer's throttling error.
    server.failNext({ status: 400, times: 3 });
    await expect(client({ maxAttempts: 2 }).send(input)).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400, attempts: 2 },
    });
    // One fault left over: the next request still fails.
    await expect(client({ maxAttempts: 1 }).send(input)).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
    await expect(client({ maxAttempts: 1 }).send(input)).resolves.toBeDefined();
  }, 30_000);

  it('rejects unsigned requests, a wrong key or a bad signature; unknown operations', async () => {
    const unsigned = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSInsightsIndexService.GetCostAndUsage',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get('x-amzn-errortype')).toMatch(
      /^MissingAuthenticationTokenException:/,
    );
    expect(await unsigned.json()).toEqual({
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });

    const input = new GetCostAndUsageCommand({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
    });
    await expect(
      client({
        maxAttempts: 1,
        credentials: { ...credentials, secretAccessKey: 'wrong' },
      }).send(input),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client({
        maxAttempts: 1,
        credentials: { ...credentials, accessKeyId: 'AKIAOTHER' },
      }).send(input),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(
      client({ maxAttempts: 1 }).send(
        new GetDimensionValuesCommand({
          TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
          Dimension: 'SERVICE',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnknownOperationException' });
    expect(server.requests.map(r => r.operation)).toEqual([
      'GetCostAndUsage',
      'GetCostAndUsage',
      'GetCostAndUsage',
      'GetDimensionValues',
    ]);
  });

  it('serves replaced records', async () => {
    server.setRecords([
      {
        day: '2026-11-01',
        service: 'AWS Lambda',
        linkedAccount: '210987654321',
        region: 'eu-west-1',
        recordType: 'Usage',
        tags: {},
        amounts: { UnblendedCost: '0.25' },
      },
    ]);
    const out = await client().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-11-01', End: '2026-11-03' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
      }),
    );
    expect(
      out.ResultsByTime?.map(result => result.Total?.UnblendedCost?.Amount),
    ).toEqual(['0.25', '0']);
    expect(() =>
      server.setRecords([
        {
          day: '2026-11-01',
          service: 'AWS Lambda',
          linkedAccount: '210987654321',
          region: 'eu-west-1',
          recordType: 'Usage',
          tags: {},
          amounts: { UnblendedCost: '0,25' },
        },
      ]),
    ).toThrow(/decimal/);
  });
});
