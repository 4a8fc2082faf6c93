import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  buildAllocationIndex,
  DEFAULT_ALLOCATION_RULES,
} from '@internal/plugin-cost-common';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { gzipSync } from 'zlib';
import { CostImportStore } from '../database/CostImportStore';
import { migrateCostDatabase } from '../database/migrateCostDatabase';
import { DEFAULT_FOCUS_FILE_SCHEDULE } from '../config/readCostConfig';
import { FocusCsvImporter } from './FocusCsvImporter';
import { FocusFileImportTask } from './FocusFileImportTask';

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

describe('FocusFileImportTask', () => {
  it('imports a configured file, skips it while unchanged, and re-imports it when it changes', async () => {
    const knex = await databases.init('POSTGRES_15');
    const database = mockServices.database({ knex });
    await migrateCostDatabase(database);
    const imports = new CostImportStore(knex);
    const logger = mockServices.logger.mock();
    const importer = new FocusCsvImporter({
      imports,
      loadAllocationIndex: async () =>
        buildAllocationIndex({ components: [], groups: [] }),
      rules: DEFAULT_ALLOCATION_RULES,
      logger,
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-focus-'));
    const file = path.join(dir, 'azure-focus.csv.gz');
    await fs.writeFile(
      file,
      gzipSync([HEADER, line(1, '10.5'), line(2, '4')].join('\n')),
    );
    const task = new FocusFileImportTask(
      { source: 'azure', path: file, schedule: DEFAULT_FOCUS_FILE_SCHEDULE },
      { importer, imports, logger },
    );
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
});
