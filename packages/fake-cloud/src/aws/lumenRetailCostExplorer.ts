import {
  LumenRetailFocusRow,
  lumenRetailFocusExport,
} from '../cost/lumenRetailFocusExport';
import { FakeCostRecord } from './types';

/** The name Cost Explorer gives Lumen Retail's account (`DimensionValueAttributes`). */
export const LUMEN_RETAIL_AWS_ACCOUNT_NAME = 'Lumen Retail';

export type LumenRetailCostExplorerOptions = {
  /** The data runs up to the start of this day (UTC), as the FOCUS export does; default now. */
  now?: Date;
};

/**
 * Cost Explorer's `RECORD_TYPE` for a FOCUS `ChargeCategory`. A Purchase
 * (a commitment's fee) is AWS's recurring reservation fee; an Adjustment a
 * refund.
 */
const RECORD_TYPES: Record<string, string> = {
  Usage: 'Usage',
  Credit: 'Credit',
  Tax: 'Tax',
  Purchase: 'RIFee',
  Adjustment: 'Refund',
};

const DAY_MS = 86_400_000;

function recordOf(row: LumenRetailFocusRow): FakeCostRecord {
  const start = Date.parse(row.ChargePeriodStart);
  if (Date.parse(row.ChargePeriodEnd) - start !== DAY_MS) {
    throw new Error(
      `A FOCUS row spans ${row.ChargePeriodStart}..${row.ChargePeriodEnd}, not one day`,
    );
  }
  const recordType = RECORD_TYPES[row.ChargeCategory];
  if (!recordType) {
    throw new Error(`No RECORD_TYPE for ChargeCategory ${row.ChargeCategory}`);
  }
  // Resources run all day (24 hours); a fee is one unit; a credit none.
  let usage = '0';
  if (recordType === 'Usage') usage = row.ResourceId ? '24' : '1';
  return {
    day: row.ChargePeriodStart.slice(0, 10),
    service: row.ServiceName,
    linkedAccount: row.SubAccountId,
    linkedAccountName: LUMEN_RETAIL_AWS_ACCOUNT_NAME,
    // Charges of no region (the support fee, credits) are `NoRegion` in Cost Explorer.
    region: row.RegionId || 'NoRegion',
    recordType,
    tags: row.Tags ? JSON.parse(row.Tags) : {},
    amounts: {
      AmortizedCost: row.EffectiveCost,
      NetAmortizedCost: row.EffectiveCost,
      UnblendedCost: row.BilledCost,
      NetUnblendedCost: row.BilledCost,
      BlendedCost: row.BilledCost,
      UsageQuantity: usage,
      NormalizedUsageAmount: '0',
    },
  };
}

/**
 * Lumen Retail's AWS costs as Cost Explorer holds them: the AWS lines of
 * {@link lumenRetailFocusExport} for the same `now`, one record per line
 * and day, so the fake Cost Explorer and the FOCUS file tell one story and
 * add up to the same cent. SERVICE is the FOCUS `ServiceName`,
 * LINKED_ACCOUNT its `SubAccountId`, REGION its `RegionId` (`NoRegion` when
 * empty), RECORD_TYPE its `ChargeCategory` (Usage, Credit, Tax; Purchase →
 * `RIFee`, Adjustment → `Refund`), tags its `Tags`. AmortizedCost and
 * NetAmortizedCost are the `EffectiveCost`; UnblendedCost, NetUnblendedCost
 * and BlendedCost the `BilledCost` (one account: no blending);
 * UsageQuantity 24 hours a resource-day, 1 for a fee, 0 for a credit;
 * NormalizedUsageAmount 0 (no instance-size normalisation is modelled).
 */
export function lumenRetailCostExplorer(
  options: LumenRetailCostExplorerOptions = {},
): FakeCostRecord[] {
  return lumenRetailFocusExport(options)
    .filter(row => row.ProviderName === 'AWS')
    .map(recordOf);
}
