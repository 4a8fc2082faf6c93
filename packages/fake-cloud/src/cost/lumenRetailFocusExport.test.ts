// The export must be what the cost backend imports: checked with its parser.
import { parseFocusRow } from '@internal/plugin-cost-common';
import {
  LUMEN_RETAIL_COST_JUMP,
  LumenRetailFocusRow,
  lumenRetailFocusExport,
  toFocusCsv,
} from './lumenRetailFocusExport';

const now = new Date('2026-11-29T17:00:00Z');

const cents = (amount: string) => Math.round(Number(amount) * 100);

function effectiveCents(
  rows: LumenRetailFocusRow[],
  where: (row: LumenRetailFocusRow) => boolean,
) {
  return rows
    .filter(where)
    .reduce((sum, row) => sum + cents(row.EffectiveCost), 0);
}

const tagsOf = (row: LumenRetailFocusRow): Record<string, string> =>
  row.Tags ? JSON.parse(row.Tags) : {};

describe('lumenRetailFocusExport', () => {
  const rows = lumenRetailFocusExport({ now });

  it('is the same export on every run for a given day', () => {
    expect(
      toFocusCsv(
        lumenRetailFocusExport({ now: new Date('2026-11-29T23:59:00Z') }),
      ),
    ).toBe(toFocusCsv(rows));
  });

  it('covers three full months and this month up to today, in USD from AWS and Azure', () => {
    const starts = rows.map(row => row.ChargePeriodStart).sort();
    expect(starts[0]).toBe('2026-08-01T00:00:00Z');
    expect(starts[starts.length - 1]).toBe('2026-11-28T00:00:00Z');
    expect(new Set(rows.map(row => row.BillingPeriodStart))).toEqual(
      new Set([
        '2026-08-01T00:00:00Z',
        '2026-09-01T00:00:00Z',
        '2026-10-01T00:00:00Z',
        '2026-11-01T00:00:00Z',
      ]),
    );
    expect(new Set(rows.map(row => row.BillingCurrency))).toEqual(
      new Set(['USD']),
    );
    expect(new Set(rows.map(row => row.ProviderName))).toEqual(
      new Set(['AWS', 'Microsoft']),
    );
  });

  it('is valid FOCUS, line by line', () => {
    const problems = rows.flatMap((row, index) => {
      const parsed = parseFocusRow(row, index + 2);
      return parsed.ok ? [] : parsed.problems;
    });
    expect(problems).toEqual([]);
  });

  it('has untagged resources, a shared cost and a credit', () => {
    expect(rows.some(row => row.ResourceId && !tagsOf(row).service)).toBe(true);
    expect(
      rows.filter(row => row.ServiceName === 'AWS Support (Business)'),
    ).toHaveLength(4);
    const credits = rows.filter(row => row.ChargeCategory === 'Credit');
    expect(credits).toHaveLength(4);
    expect(credits.every(row => cents(row.EffectiveCost) < 0)).toBe(true);
  });

  it('adds up to a plausible monthly bill', () => {
    const october = effectiveCents(rows, row =>
      row.BillingPeriodStart.startsWith('2026-10'),
    );
    expect(october).toBeGreaterThan(10_000_00);
    expect(october).toBeLessThan(200_000_00);
    expect(
      effectiveCents(rows, () => true) -
        effectiveCents(rows, row => row.ChargeCategory === 'Usage'),
    ).toBe(-4 * 250_00);
  });

  it('has identity-service cost 35 % more a day in October than in September', () => {
    const daily = (month: string, days: number) =>
      effectiveCents(
        rows,
        row =>
          row.BillingPeriodStart.startsWith(month) &&
          tagsOf(row).service === LUMEN_RETAIL_COST_JUMP.service,
      ) / days;
    const change = daily('2026-10', 31) / daily('2026-09', 30) - 1;
    expect(change).toBeGreaterThan(0.3);
    expect(change).toBeLessThan(0.4);

    const others = (month: string, days: number) =>
      effectiveCents(
        rows,
        row =>
          row.BillingPeriodStart.startsWith(month) &&
          row.ChargeCategory === 'Usage' &&
          Boolean(tagsOf(row).service) &&
          tagsOf(row).service !== LUMEN_RETAIL_COST_JUMP.service,
      ) / days;
    expect(
      Math.abs(others('2026-10', 31) / others('2026-09', 30) - 1),
    ).toBeLessThan(0.05);
  });

  it('writes a CSV with a header and quoted tags', () => {
    const csv = toFocusCsv(rows.slice(0, 1));
    const [header, line] = csv.trimEnd().split('\n');
    expect(header.split(',')).toContain('EffectiveCost');
    expect(line).toContain('"{""service"":');
  });
});
