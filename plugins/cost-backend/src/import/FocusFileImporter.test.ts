import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  buildAllocationIndex,
  DEFAULT_ALLOCATION_RULES,
} from '@internal/plugin-cost-common';
import { PassThrough, Readable } from 'stream';
import { CostImportStore } from '../database/CostImportStore';
import { migrateCostDatabase } from '../database/migrateCostDatabase';
import { FocusFileImporter } from './FocusFileImporter';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const HEADER =
  'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeCategory,ProviderName,ServiceName,ServiceCategory';
const LINE =
  '2026-03-01,2026-04-01,2026-03-02,2026-03-03,1.5,1.5,1.5,EUR,Usage,Microsoft,Virtual Machines,Compute';

async function setUp() {
  const knex = await databases.init('POSTGRES_15');
  await migrateCostDatabase(mockServices.database({ knex }));
  const imports = new CostImportStore(knex);
  const importer = new FocusFileImporter({
    imports,
    loadAllocationIndex: async () =>
      buildAllocationIndex({ components: [], groups: [] }),
    rules: DEFAULT_ALLOCATION_RULES,
    logger: mockServices.logger.mock(),
  });
  return { knex, imports, importer };
}

describe('FocusFileImporter', () => {
  it('fails an upload that is cut off, keeping none of it', async () => {
    const { knex, imports, importer } = await setUp();
    const input = new PassThrough();
    const imported = importer.importFile({ source: 'azure', input });
    input.write(`${HEADER}\n${Array(2000).fill(LINE).join('\n')}\n`);
    setTimeout(() => input.destroy(), 50);
    await expect(imported).rejects.toThrow('cut off');
    const [failed] = await imports.list(1);
    expect(failed).toMatchObject({ status: 'failed', problemCount: 1 });
    expect(failed.problems[0].message).toContain('the import stopped');
    const [{ count }] = await knex('cost_line_items').count({ count: '*' });
    expect(Number(count)).toBe(0);
  });

  it('refuses a header without the mandatory columns without reading on', async () => {
    const { importer } = await setUp();
    const result = await importer.importFile({
      source: 'azure',
      input: Readable.from([
        'ChargePeriodStart,Cost\n',
        `${Array(5000).fill('2026-03-02,1').join('\n')}\n`,
      ]),
    });
    expect(result).toMatchObject({ status: 'failed', rows: 0 });
    expect(result.problems.map(p => [p.line, p.column])).toContainEqual([
      1,
      'BilledCost',
    ]);
  });

  it('refuses an empty file', async () => {
    const { importer } = await setUp();
    const result = await importer.importFile({
      source: 'azure',
      input: Readable.from(['']),
    });
    expect(result.problems).toEqual([
      { line: 1, message: 'the file is empty: no FOCUS header' },
    ]);
  });

  it('imports a header alone as nothing, replacing nothing', async () => {
    const { importer } = await setUp();
    const result = await importer.importFile({
      source: 'azure',
      input: Readable.from([`${HEADER}\n`]),
    });
    expect(result).toMatchObject({
      status: 'succeeded',
      rows: 0,
      billingPeriods: [],
    });
  });
});
