import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parseFocusTimestamp } from '@internal/plugin-cost-common';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Knex } from 'knex';
import { join } from 'path';
import request from 'supertest';
import { costPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const FIXTURE = readFileSync(
  join(__dirname, '__fixtures__', 'focus-2026-01-02.csv'),
  'utf8',
);
const ROWS: Record<string, string>[] = parse(FIXTURE, { columns: true });

const TIMESTAMPS = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
];
const NUMBERS = ['BilledCost', 'EffectiveCost', 'ListCost'];

/**
 * The fixture as a FOCUS Parquet export writes it: timestamps as
 * TIMESTAMP, costs as DOUBLE, the rest as (nullable) strings, in row groups
 * of 50 rows, plus a column FOCUS does not know.
 */
function toParquet(
  rows: Record<string, string>[],
  change: (columns: any[]) => void = () => undefined,
): Buffer {
  const names = Object.keys(rows[0]);
  const columnData: any[] = names.map(name => {
    if (TIMESTAMPS.includes(name)) {
      return {
        name,
        type: 'TIMESTAMP',
        data: rows.map(row => parseFocusTimestamp(row[name])),
      };
    }
    if (NUMBERS.includes(name)) {
      return { name, type: 'DOUBLE', data: rows.map(row => Number(row[name])) };
    }
    return {
      name,
      type: 'STRING',
      nullable: true,
      data: rows.map(row => (row[name] === '' ? null : row[name])),
    };
  });
  change(columnData);
  return Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 50 }));
}

const CATALOG: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout-squad' },
  },
];

describe('FOCUS Parquet imports', () => {
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

  const post = (
    body: string | Buffer,
    contentType: string,
    status: number,
    fileName = 'focus.parquet',
  ) =>
    request(backend.server)
      .post(`/api/cost/imports?source=aws&fileName=${fileName}`)
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', contentType)
      .send(body)
      .expect(status);
  const summary = async (groupBy: string) =>
    (
      await request(backend.server)
        .get(
          `/api/cost/summary?from=2026-01-01&to=2026-03-01&groupBy=${groupBy}`,
        )
        .set('Authorization', mockCredentials.user.header())
        .expect(200)
    ).body;

  it('imports the same export as Parquet to the same line items and sums, to the cent', async () => {
    await post(FIXTURE, 'text/csv', 201, 'focus.csv');
    const fromCsv = {
      entity: await summary('entity'),
      owner: await summary('owner'),
      category: await summary('category'),
    };
    const [{ count: csvRows }] = await knex('cost_line_items').count({
      count: '*',
    });

    const { body } = await post(
      toParquet(ROWS),
      'application/vnd.apache.parquet',
      201,
    );
    expect(body).toMatchObject({
      status: 'succeeded',
      fileName: 'focus.parquet',
      rows: ROWS.length,
      billingPeriods: ['2026-01-01', '2026-02-01'],
    });
    // The Parquet import replaced the CSV's periods: the same rows, the same sums.
    const [{ count }] = await knex('cost_line_items').count({ count: '*' });
    expect(Number(count)).toBe(Number(csvRows));
    expect({
      entity: await summary('entity'),
      owner: await summary('owner'),
      category: await summary('category'),
    }).toEqual(fromCsv);
  });

  it('reports a null in a mandatory column by the line it would have in CSV, and imports nothing', async () => {
    const file = toParquet(ROWS, columns => {
      const currency = columns.find(c => c.name === 'BillingCurrency');
      currency.data[60] = null;
    });
    const { body } = await post(file, 'application/vnd.apache.parquet', 422);
    expect(body.problems[0]).toMatchObject({
      line: 62,
      column: 'BillingCurrency',
    });
    const [{ count }] = await knex('cost_line_items').count({ count: '*' });
    expect(Number(count)).toBe(0);
  });

  it('names the mandatory columns a Parquet file lacks', async () => {
    const file = toParquet(ROWS.slice(0, 3), columns => {
      columns.splice(
        columns.findIndex(c => c.name === 'BilledCost'),
        1,
      );
    });
    const { body } = await post(file, 'application/vnd.apache.parquet', 422);
    expect(body.problems).toEqual([
      {
        line: 1,
        column: 'BilledCost',
        message: 'mandatory FOCUS column is missing from the header',
      },
    ]);
  });

  it('says a body that is not Parquet is not Parquet', async () => {
    const { body } = await post(FIXTURE, 'application/vnd.apache.parquet', 422);
    expect(body.problems[0].message).toMatch(/^not a Parquet file: /);
  });
});
