import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  buildAllocationIndex,
  DEFAULT_ALLOCATION_RULES,
} from '@internal/plugin-cost-common';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { startFakeS3 } from '@internal/fake-cloud';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { gzipSync } from 'zlib';
import { CostImportStore } from '../database/CostImportStore';
import { migrateCostDatabase } from '../database/migrateCostDatabase';
import { DEFAULT_FOCUS_FILE_SCHEDULE } from '../config/readCostConfig';
import { FocusFileImporter } from './FocusFileImporter';
import { FocusFileImportTask } from './FocusFileImportTask';
import { S3Connection } from './S3FocusObject';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const HEADER =
  'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeCategory,ProviderName,ServiceName,ServiceCategory,Tags';
const line = (day: number, cost: string) =>
  `2026-03-01,2026-04-01,2026-03-${String(day).padStart(
    2,
    '0',
  )},2026-03-${String(day + 1).padStart(
    2,
    '0',
  )},${cost},${cost},${cost},EUR,Usage,Microsoft,Virtual Machines,Compute,`;

/** The importer on a fresh database, and a task for a configured file. */
async function setUp() {
  const knex = await databases.init('POSTGRES_15');
  await migrateCostDatabase(mockServices.database({ knex }));
  const imports = new CostImportStore(knex);
  const logger = mockServices.logger.mock();
  const importer = new FocusFileImporter({
    imports,
    loadAllocationIndex: async () =>
      buildAllocationIndex({ components: [], groups: [] }),
    rules: DEFAULT_ALLOCATION_RULES,
    logger,
  });
  const taskFor = (
    source: string,
    file: string,
    s3: S3Connection = { region: 'us-east-1' },
  ) =>
    new FocusFileImportTask(
      { source, path: file, s3, schedule: DEFAULT_FOCUS_FILE_SCHEDULE },
      { importer, imports, logger },
    );
  return { knex, logger, taskFor };
}

/** A FOCUS Parquet file: one EUR line item on each of `days` of `month` (0-based) of 2026. */
function parquetFile(input: {
  month: number;
  days: number[];
  costs: number[];
  provider: string;
  service: string;
  category: string;
}): Buffer {
  const { month, days, costs } = input;
  const at = (d: number) => new Date(Date.UTC(2026, month, d));
  const same = <T>(value: T) => days.map(() => value);
  const text = (value: string) => ({ type: 'STRING', data: same(value) });
  return Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: 'BillingPeriodStart', type: 'TIMESTAMP', data: same(at(1)) },
        {
          name: 'BillingPeriodEnd',
          type: 'TIMESTAMP',
          data: same(new Date(Date.UTC(2026, month + 1, 1))),
        },
        { name: 'ChargePeriodStart', type: 'TIMESTAMP', data: days.map(at) },
        {
          name: 'ChargePeriodEnd',
          type: 'TIMESTAMP',
          data: days.map(d => at(d + 1)),
        },
        { name: 'BilledCost', type: 'DOUBLE', data: costs },
        { name: 'EffectiveCost', type: 'DOUBLE', data: costs },
        { name: 'ListCost', type: 'DOUBLE', data: costs },
        { name: 'BillingCurrency', ...text('EUR') },
        { name: 'ChargeCategory', ...text('Usage') },
        { name: 'ProviderName', ...text(input.provider) },
        { name: 'ServiceName', ...text(input.service) },
        { name: 'ServiceCategory', ...text(input.category) },
      ] as any,
    }),
  );
}

describe('FocusFileImportTask', () => {
  it('imports a configured file, skips it while unchanged, and re-imports it when it changes', async () => {
    const { knex, logger, taskFor } = await setUp();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-focus-'));
    const file = path.join(dir, 'azure-focus.csv.gz');
    await fs.writeFile(
      file,
      gzipSync([HEADER, line(1, '10.5'), line(2, '4')].join('\n')),
    );
    const task = taskFor('azure', file);
    expect(task.id).toBe('cost-import-focus-file-azure');

    expect(await task.run()).toMatchObject({
      source: 'azure',
      fileName: 'azure-focus.csv.gz',
      status: 'succeeded',
      rows: 2,
      startedBy: 'scheduler',
      billingPeriods: ['2026-03-01'],
    });
    expect(await task.run()).toBeUndefined();

    await fs.writeFile(file, gzipSync([HEADER, line(1, '11')].join('\n')));
    await fs.utimes(file, new Date(), new Date(Date.now() + 5_000));
    expect(await task.run()).toMatchObject({ status: 'succeeded', rows: 1 });
    const [{ total }] = await knex('cost_line_items').sum({
      total: 'billed_cost',
    });
    expect(Number(total)).toBe(11);

    await fs.rm(dir, { recursive: true });
    expect(await task.run()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Cost import of azure: cannot read'),
    );
  });

  it('reads a .parquet file as Parquet', async () => {
    const { knex, taskFor } = await setUp();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-focus-'));
    const file = path.join(dir, 'gcp-focus.parquet');
    await fs.writeFile(
      file,
      parquetFile({
        month: 2,
        days: [1, 2],
        costs: [10.5, 4],
        provider: 'Google Cloud',
        service: 'Compute Engine',
        category: 'Compute',
      }),
    );
    const task = taskFor('gcp', file);
    expect(await task.run()).toMatchObject({
      status: 'succeeded',
      rows: 2,
      billingPeriods: ['2026-03-01'],
    });
    const [{ total }] = await knex('cost_line_items').sum({
      total: 'billed_cost',
    });
    expect(Number(total)).toBe(14.5);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads an s3:// object, CSV streamed or Parquet by byte ranges, and skips it while its ETag is the same', async () => {
    const { logger, taskFor } = await setUp();
    const s3 = await startFakeS3({ credentials: { accessKeyId: 'AKIDS3' } });
    try {
      const connection = {
        region: 'eu-west-1',
        endpoint: s3.url,
        credentials: { accessKeyId: 'AKIDS3', secretAccessKey: 'secret' },
      };
      s3.putObject(
        'lumen-exports',
        'focus/azure.csv.gz',
        gzipSync([HEADER, line(1, '10.5'), line(2, '4')].join('\n')),
      );
      const csvTask = taskFor(
        'azure',
        's3://lumen-exports/focus/azure.csv.gz',
        connection,
      );
      expect(await csvTask.run()).toMatchObject({
        status: 'succeeded',
        fileName: 'azure.csv.gz',
        rows: 2,
      });
      expect(await csvTask.run()).toBeUndefined();
      s3.putObject(
        'lumen-exports',
        'focus/azure.csv.gz',
        gzipSync([HEADER, line(1, '11')].join('\n')),
      );
      expect(await csvTask.run()).toMatchObject({
        status: 'succeeded',
        rows: 1,
      });

      // Parquet: the footer, then the row groups, by ranges.
      s3.putObject(
        'lumen-exports',
        'focus/gcp.parquet',
        parquetFile({
          month: 4,
          days: [3],
          costs: [7.25],
          provider: 'Google Cloud',
          service: 'Cloud SQL',
          category: 'Databases',
        }),
      );
      const parquetTask = taskFor(
        'gcp',
        's3://lumen-exports/focus/gcp.parquet',
        connection,
      );
      expect(await parquetTask.run()).toMatchObject({
        status: 'succeeded',
        rows: 1,
        billingPeriods: ['2026-05-01'],
      });
      expect(
        s3.requests.filter(r => r.key === 'focus/gcp.parquet' && r.range)
          .length,
      ).toBeGreaterThan(0);

      // A missing object is logged and skipped; the data stays.
      const missing = taskFor(
        'aws',
        's3://lumen-exports/focus/none.csv',
        connection,
      );
      expect(await missing.run()).toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'cannot read s3://lumen-exports/focus/none.csv: NotFound',
        ),
      );
    } finally {
      await s3.close();
    }
  });
});
