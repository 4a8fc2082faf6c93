import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'fs';
import { Knex } from 'knex';
import { join } from 'path';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { gzipSync } from 'zlib';
import { costPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const FIXTURE = readFileSync(
  join(__dirname, '__fixtures__', 'focus-2026-01-02.csv'),
  'utf8',
);

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});
const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

const CATALOG = [
  component('checkout-service', 'checkout-squad'),
  component('search-api', 'discovery-squad', {
    'backstage.io/kubernetes-id': 'search',
  }),
  component('payments', 'payments-squad', {
    'paved.dev/cost-allocation-id': 'payments-prod, payments-batch',
  }),
  group('checkout-squad'),
  group('discovery-squad'),
  group('payments-squad'),
  group('data-squad'),
];

/*
 * The expected figures are computed here from the file, independently of
 * the importer: decimals as integer micro-units (BigInt), rounded to cents
 * once per sum, and who owns what read off the fixture's tags by hand.
 */
type FixtureRow = Record<string, string>;

const fixtureRows = (csv: string): FixtureRow[] =>
  parse(csv, { columns: true });

function toMicros(text: string): bigint {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(
    text.trim(),
  );
  if (!match) throw new Error(`not a number: ${text}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const shift = Number(exponent) - fraction.length + 6;
  let value = BigInt(`${whole}${fraction}` || '0');
  if (shift >= 0) value *= 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    if (value % divisor !== 0n)
      throw new Error(`more than 6 decimals: ${text}`);
    value /= divisor;
  }
  return sign === '-' ? -value : value;
}

function amount(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const cents = (abs + 5_000n) / 10_000n;
  const text = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  return negative && cents !== 0n ? `-${text}` : text;
}

/** The owner the fixture's tags name, by hand. */
function ownerOf(row: FixtureRow): string | null {
  const tags = row.Tags;
  if (tags.includes('checkout-service')) return 'group:default/checkout-squad';
  if (tags.includes('"app": "search"')) return 'group:default/discovery-squad';
  if (tags.includes('payments-')) return 'group:default/payments-squad';
  if (tags.includes('data-squad')) return 'group:default/data-squad';
  return null;
}

function entityOf(row: FixtureRow): string | null {
  const tags = row.Tags;
  if (tags.includes('checkout-service'))
    return 'component:default/checkout-service';
  if (tags.includes('"app": "search"')) return 'component:default/search-api';
  if (tags.includes('payments-')) return 'component:default/payments';
  return null;
}

/** Sums of EffectiveCost and BilledCost per key and currency, as amounts. */
function sums(
  rows: FixtureRow[],
  keyOf: (row: FixtureRow) => string | null = () => 'all',
) {
  const totals = new Map<string, { effective: bigint; billed: bigint }>();
  for (const row of rows) {
    const id = `${keyOf(row)}|${row.BillingCurrency}`;
    const sum = totals.get(id) ?? { effective: 0n, billed: 0n };
    sum.effective += toMicros(row.EffectiveCost);
    sum.billed += toMicros(row.BilledCost);
    totals.set(id, sum);
  }
  return Object.fromEntries(
    [...totals].map(([id, sum]) => [
      id,
      { effective: amount(sum.effective), billed: amount(sum.billed) },
    ]),
  );
}

/** The API's costs in the same shape. */
function apiSums(groups: { key: string | null; costs: any[] }[]) {
  return Object.fromEntries(
    groups.flatMap(g =>
      g.costs.map(c => [
        `${g.key}|${c.currency}`,
        { effective: c.effectiveCost.amount, billed: c.billedCost.amount },
      ]),
    ),
  );
}

const chargeStart = (row: FixtureRow) =>
  new Date(
    /Z$/.test(row.ChargePeriodStart)
      ? row.ChargePeriodStart
      : `${row.ChargePeriodStart.replace(' ', 'T')}Z`,
  );

describe('cost imports and the cost API', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_15');
    backend = await startTestBackend({
      features: [
        costPlugin,
        catalogServiceMock.factory({ entities: CATALOG }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
  });
  afterEach(() => backend.stop());

  const as = mockCredentials.user.header();
  const get = async (url: string, status = 200) =>
    (
      await request(backend.server)
        .get(`/api/cost${url}`)
        .set('Authorization', as)
        .expect(status)
    ).body;
  const upload = (csv: string | Buffer, source = 'aws', status = 201) => {
    const post = request(backend.server)
      .post(`/api/cost/imports?source=${source}&fileName=focus.csv`)
      .set('Authorization', as)
      .set('Content-Type', 'text/csv');
    if (Buffer.isBuffer(csv)) post.set('Content-Encoding', 'gzip');
    return post.send(csv).expect(status);
  };

  const rows = fixtureRows(FIXTURE);
  const whole = 'from=2026-01-01&to=2026-03-01';

  it('imports a FOCUS export and answers with totals that reconcile to the cent', async () => {
    const { body: imported } = await upload(FIXTURE);
    expect(imported).toMatchObject({
      source: 'aws',
      fileName: 'focus.csv',
      status: 'succeeded',
      rows: rows.length,
      billingPeriods: ['2026-01-01', '2026-02-01'],
      problemCount: 0,
      startedBy: 'user:default/mock',
    });

    // Org page: by owner over both months (whole months: the monthly sums).
    const byOwner = await get(`/summary?${whole}&groupBy=owner`);
    expect(apiSums(byOwner.groups)).toEqual(sums(rows, ownerOf));
    expect(
      apiSums(byOwner.totals.map((t: any) => ({ key: 'all', costs: [t] }))),
    ).toEqual(sums(rows));
    // Never one total across currencies.
    expect(byOwner.totals.map((t: any) => t.currency)).toEqual(['EUR', 'USD']);

    // A ragged range (line items for the days around the whole month).
    const from = new Date('2026-01-10T00:00:00Z');
    const to = new Date('2026-02-20T00:00:00Z');
    const inRange = rows.filter(
      r => chargeStart(r) >= from && chargeStart(r) < to,
    );
    const ragged = await get(
      '/summary?from=2026-01-10&to=2026-02-20&groupBy=entity',
    );
    expect(apiSums(ragged.groups)).toEqual(sums(inRange, entityOf));

    // A Component's tab, and a Group's.
    const checkout = await get(
      `/entities/default/checkout-service/cost?${whole}`,
    );
    const checkoutRows = rows.filter(
      r => entityOf(r) === 'component:default/checkout-service',
    );
    expect(
      apiSums(checkout.totals.map((t: any) => ({ key: 'all', costs: [t] }))),
    ).toEqual(sums(checkoutRows));
    // Sorted as strings: "null" (the credit, untagged) comes first.
    expect(checkout.byEnvironment.map((g: any) => g.key).sort()).toEqual([
      null,
      'production',
      'staging',
    ]);
    expect(
      apiSums(
        checkout.byMonth.map((p: any) => ({ key: p.period, costs: p.costs })),
      ),
    ).toEqual(sums(checkoutRows, r => r.BillingPeriodStart.slice(0, 7)));
    expect(checkout.daily).toHaveLength(59);
    // By provider, reconciled with the file's rows of each provider.
    expect(apiSums(checkout.byProvider)).toEqual(
      sums(checkoutRows, r => r.ProviderName),
    );

    const payments = await get(
      `/entities/default/payments-squad/cost?${whole}&kind=group`,
    );
    expect(
      apiSums(payments.totals.map((t: any) => ({ key: 'all', costs: [t] }))),
    ).toEqual(
      sums(rows.filter(r => ownerOf(r) === 'group:default/payments-squad')),
    );

    // Trends: monthly, and one Component's days.
    const monthly = await get(`/trend?${whole}&interval=month`);
    expect(
      apiSums(
        monthly.points.map((p: any) => ({ key: p.period, costs: p.costs })),
      ),
    ).toEqual(sums(rows, r => r.BillingPeriodStart.slice(0, 7)));
    const searchDaily = await get(
      `/trend?${whole}&interval=day&entityRef=component:default/search-api`,
    );
    expect(searchDaily.points).toHaveLength(59);
    expect(searchDaily.points[0]).toEqual({
      period: '2026-01-01',
      costs: [
        {
          currency: 'USD',
          effectiveCost: {
            currency: 'USD',
            amount: sums(
              rows.filter(
                r =>
                  entityOf(r) === 'component:default/search-api' &&
                  chargeStart(r).getTime() === Date.UTC(2026, 0, 1),
              ),
            )['all|USD'].effective,
          },
          billedCost: expect.anything(),
        },
      ],
    });

    // Month over month: February against January, per Component.
    const mom = await get('/month-over-month?month=2026-02&groupBy=entity');
    expect(mom).toMatchObject({
      month: '2026-02',
      previousMonth: '2026-01',
      previousDays: 31,
      currentDays: 28,
      thresholdPercent: 20,
      groupBy: 'entity',
    });
    const january = sums(
      rows.filter(r => r.BillingPeriodStart.startsWith('2026-01')),
      entityOf,
    );
    const february = sums(
      rows.filter(r => r.BillingPeriodStart.startsWith('2026-02')),
      entityOf,
    );
    for (const change of mom.changes) {
      const id = `${change.key}|${change.currency}`;
      expect([change.previous.amount, change.current.amount]).toEqual([
        january[id].effective,
        february[id].effective,
      ]);
      expect(change.flagged).toBe(Math.abs(change.changePercent) > 20);
    }
    for (const currency of ['EUR', 'USD']) {
      const changes = mom.changes
        .filter((c: any) => c.currency === currency)
        .map((c: any) => Number(c.change.amount));
      expect(changes).toEqual([...changes].sort((a, b) => b - a));
    }

    // Unallocated: what maps to no Component, with its resources.
    const unallocated = await get(`/unallocated?${whole}`);
    expect(
      apiSums(unallocated.totals.map((t: any) => ({ key: 'all', costs: [t] }))),
    ).toEqual(sums(rows.filter(r => entityOf(r) === null)));
    const bucket = unallocated.resources.find(
      (r: any) => r.resourceId === 'arn:aws:s3:::lumen-retail-logs',
    );
    expect(bucket).toMatchObject({
      providerName: 'AWS',
      serviceName: 'Amazon Simple Storage Service',
      ownerRef: null,
      lineItems: 16,
      tags: {},
      effectiveCost: {
        currency: 'USD',
        amount: sums(
          rows.filter(r => r.ResourceId === 'arn:aws:s3:::lumen-retail-logs'),
        )['all|USD'].effective,
      },
    });
    const lake = unallocated.resources.find((r: any) =>
      r.resourceId?.endsWith('/lumenlake'),
    );
    expect(lake).toMatchObject({
      ownerRef: 'group:default/data-squad',
      tags: { team: 'data-squad' },
    });

    // CSV export of the summary.
    const csv = await request(backend.server)
      .get(`/api/cost/summary.csv?${whole}&groupBy=owner`)
      .set('Authorization', as)
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'group,currency,effectiveCost,billedCost',
    );
    expect(csv.text).toContain(
      `unallocated,USD,${sums(rows, ownerOf)['null|USD'].effective},`,
    );

    // The months were given their partitions on the way.
    const partitions = await knex
      .select('c.relname')
      .from({ i: 'pg_inherits' })
      .join({ c: 'pg_class' }, 'c.oid', 'i.inhrelid')
      .whereRaw(`i.inhparent = 'cost_line_items'::regclass`)
      .orderBy('c.relname');
    expect(partitions.map(p => p.relname)).toEqual([
      'cost_line_items_y2026m01',
      'cost_line_items_y2026m02',
    ]);
  });

  it('refuses a file with a bad line: 422 naming the line, nothing imported, the previous import untouched', async () => {
    await upload(FIXTURE);
    const before = await get(`/summary?${whole}&groupBy=entity`);

    const lines = FIXTURE.split('\r\n');
    expect(lines[56]).toContain(',EUR,');
    lines[56] = lines[56].replace(',EUR,', ',EURO,');
    lines[89] = lines[89].replace(
      /,2026-02-(\d\d)T00:00:00,/,
      ',2026-02-$1T25:00:00,',
    );
    const { body: refused } = await upload(lines.join('\r\n'), 'aws', 422);
    expect(refused).toMatchObject({
      status: 'failed',
      rows: rows.length,
      problemCount: 2,
      billingPeriods: [],
    });
    expect(refused.problems[0]).toEqual({
      line: 57,
      column: 'BillingCurrency',
      message: '"EURO" is not an ISO 4217 currency code',
    });
    expect(refused.problems[1]).toMatchObject({ line: 90 });

    expect(await get(`/summary?${whole}&groupBy=entity`)).toEqual(before);
    const { imports } = await get('/imports');
    expect(imports.map((i: any) => [i.status, i.problemCount])).toEqual([
      ['failed', 2],
      ['succeeded', 0],
    ]);
    expect(await get(`/imports/${refused.id}`)).toEqual(refused);
    // The refused import's rows are gone, not merely hidden.
    const [{ count }] = await knex('cost_line_items').count({ count: '*' });
    expect(Number(count)).toBe(rows.length);
  });

  it('reports a line that is not CSV (an unbalanced quote) by its number', async () => {
    const lines = FIXTURE.split('\r\n');
    lines[56] = lines[56].replace(',EUR,', ',"EUR,');
    const { body } = await upload(lines.slice(0, 60).join('\r\n'), 'aws', 422);
    expect(body.problems[0]).toMatchObject({ line: 57 });
    expect(body.problems[0].message).toMatch(/^not a CSV record/);
  });

  it('re-importing replaces, never doubles; a file replaces only its own source and billing periods', async () => {
    await upload(FIXTURE);
    const first = await get(`/summary?${whole}&groupBy=owner`);
    await upload(gzipSync(FIXTURE));
    expect(await get(`/summary?${whole}&groupBy=owner`)).toEqual(first);
    const [{ count }] = await knex('cost_line_items').count({ count: '*' });
    expect(Number(count)).toBe(rows.length);

    // A corrected February (its first ten lines only) replaces February.
    const header = FIXTURE.split('\r\n')[0];
    const februaryLines = FIXTURE.split('\r\n').filter(line =>
      line.includes(',2026-03-01T00:00:00,2026-02-01T00:00:00,'),
    );
    const corrected = [header, ...februaryLines.slice(0, 10)].join('\r\n');
    const { body } = await upload(corrected);
    expect(body.billingPeriods).toEqual(['2026-02-01']);
    const january = rows.filter(r =>
      r.BillingPeriodStart.startsWith('2026-01'),
    );
    const correctedRows = fixtureRows(corrected);
    const monthly = await get(`/trend?${whole}&interval=month`);
    expect(
      apiSums(
        monthly.points.map((p: any) => ({ key: p.period, costs: p.costs })),
      ),
    ).toEqual({
      ...sums(january, () => '2026-01'),
      ...sums(correctedRows, () => '2026-02'),
      // February has no EUR line any more: listed as zero.
      ...(sums(correctedRows, () => '2026-02')['2026-02|EUR']
        ? {}
        : { '2026-02|EUR': { effective: '0.00', billed: '0.00' } }),
    });

    // Another source's February is its own, added beside it.
    await upload(corrected, 'aws-marketplace');
    const totals = await get(`/summary?${whole}&groupBy=provider`);
    expect(
      apiSums(totals.totals.map((t: any) => ({ key: 'all', costs: [t] }))),
    ).toEqual(sums([...january, ...correctedRows, ...correctedRows]));
  });

  it('keeps one copy when the same source is imported twice at once', async () => {
    await Promise.all([upload(FIXTURE), upload(FIXTURE)]);
    const totals = await get(`/summary?${whole}&groupBy=owner`);
    expect(apiSums(totals.groups)).toEqual(sums(rows, ownerOf));
    const [{ count }] = await knex('cost_line_items').count({ count: '*' });
    expect(Number(count)).toBe(rows.length);
  });

  it('answers bad queries with 400 naming the field', async () => {
    const problems = [
      ['/summary?from=2026-13-01&to=2026-02-01', 'from: must be a date'],
      ['/summary?from=2026-02-01&to=2026-01-01', 'to: must be after from'],
      [`/summary?${whole}&groupBy=team`, 'groupBy:'],
      [`/summary?${whole}&currency=EURO`, 'currency: must be an ISO 4217'],
      ['/month-over-month?month=2026-1', 'month: must be a month, YYYY-MM'],
      [
        `/trend?${whole}&entityRef=checkout`,
        'entityRef: must be an entity ref',
      ],
      [`/unallocated?${whole}&limit=0`, 'limit:'],
      ['/imports/abc', 'id: must be an import id'],
    ];
    for (const [url, message] of problems) {
      const body = await get(url, 400);
      expect(body.error.message).toContain(message);
    }
    const noSource = await request(backend.server)
      .post('/api/cost/imports')
      .set('Authorization', as)
      .set('Content-Type', 'text/csv')
      .send(FIXTURE)
      .expect(400);
    expect(noSource.body.error.message).toContain('source:');
    const json = await request(backend.server)
      .post('/api/cost/imports?source=aws')
      .set('Authorization', as)
      .send({ rows: [] })
      .expect(400);
    expect(json.body.error.message).toContain('Content-Type must be text/csv');
    await get('/imports/12345', 404);
  });

  it('shows nothing to someone not signed in', async () => {
    const res = await request(backend.server)
      .get(`/api/cost/summary?${whole}`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('lets only those the policy allows import (the platform squad): 403 and nothing stored for others', async () => {
    const denied = await startTestBackend({
      features: [
        costPlugin,
        catalogServiceMock.factory({ entities: CATALOG }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }).factory,
      ],
    });
    const res = await request(denied.server)
      .post('/api/cost/imports?source=aws&fileName=focus.csv')
      .set('Authorization', as)
      .set('Content-Type', 'text/csv')
      .send(FIXTURE)
      .expect(403);
    expect(res.body.error.message).toBe(
      'Only the platform squad imports cost data: an import replaces its source’s billing periods',
    );
    await denied.stop();
    expect(await get('/imports')).toMatchObject({ imports: [] });
  });
});
