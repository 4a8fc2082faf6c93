import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  buildAllocationIndex,
  DEFAULT_ALLOCATION_RULES,
} from '@internal/plugin-cost-common';
import { Readable } from 'stream';
import { FocusFileImporter } from '../import/FocusFileImporter';
import { CostImportStore } from './CostImportStore';
import { CostRetentionStore, retentionCutoff } from './CostRetentionStore';
import { migrateCostDatabase } from './migrateCostDatabase';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const HEADER =
  'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeCategory,ProviderName,ServiceName,ServiceCategory';
const line = (month: string, next: string) =>
  `${month}-01,${next}-01,${month}-05,${month}-06,10,10,10,EUR,Usage,Microsoft,Virtual Machines,Compute`;

describe('CostRetentionStore', () => {
  it('keeps this month and the months before it that retention counts', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    expect(retentionCutoff(now, 25).toISOString()).toBe(
      '2024-11-01T00:00:00.000Z',
    );
    expect(retentionCutoff(now, 2).toISOString()).toBe(
      '2026-10-01T00:00:00.000Z',
    );
  });

  it('drops the month partitions and sums before the cut-off, and nothing after', async () => {
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
    await importer.importFile({
      source: 'azure',
      input: Readable.from([
        [
          HEADER,
          line('2024-09', '2024-10'),
          line('2024-10', '2024-11'),
          line('2024-11', '2024-12'),
          line('2026-11', '2026-12'),
        ].join('\n'),
      ]),
    });
    await knex('cost_anomaly_reviews').insert([
      {
        key: 'group:default/a',
        currency: 'EUR',
        date: '2024-09-05',
        status: 'dismissed',
        reviewed_by: 'user:default/lead',
        reviewed_at: new Date(),
      },
      {
        key: 'group:default/a',
        currency: 'EUR',
        date: '2026-11-05',
        status: 'dismissed',
        reviewed_by: 'user:default/lead',
        reviewed_at: new Date(),
      },
    ]);

    const result = await new CostRetentionStore(knex).dropBefore(
      retentionCutoff(new Date('2026-11-29T00:00:00Z'), 25),
    );
    expect(result).toEqual({
      partitions: ['cost_line_items_y2024m09', 'cost_line_items_y2024m10'],
      monthlyCosts: 2,
      containerDays: 0,
      anomalyReviews: 1,
    });
    const months = await knex('cost_line_items')
      .select(
        knex.raw(
          `to_char(charge_period_start AT TIME ZONE 'UTC', 'YYYY-MM') AS month`,
        ),
      )
      .orderBy('month');
    expect(months.map(m => m.month)).toEqual(['2024-11', '2026-11']);
    expect(await knex.schema.hasTable('cost_line_items_y2024m09')).toBe(false);
    // Again: nothing more to drop.
    expect(
      (
        await new CostRetentionStore(knex).dropBefore(
          new Date('2024-11-01T00:00:00Z'),
        )
      ).partitions,
    ).toEqual([]);
  });
});
