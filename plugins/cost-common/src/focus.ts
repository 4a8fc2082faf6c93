import { z } from 'zod';

/**
 * The FOCUS 1.2 (FinOps Open Cost and Usage Specification) columns Paved
 * stores, by their names in the specification. Every other column of an
 * export is ignored.
 */
export const FOCUS_COLUMNS = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'BillingCurrency',
  'ChargeCategory',
  'ProviderName',
  'ServiceName',
  'ServiceCategory',
  'SubAccountId',
  'RegionId',
  'ResourceId',
  'ResourceType',
  'Tags',
] as const;
export type FocusColumn = (typeof FOCUS_COLUMNS)[number];

/** Columns FOCUS requires to be present and not null. */
export const MANDATORY_FOCUS_COLUMNS: readonly FocusColumn[] = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'BillingCurrency',
  'ChargeCategory',
  'ProviderName',
  'ServiceName',
  'ServiceCategory',
];

/** FOCUS 1.2 ChargeCategory. Credits and refunds carry negative costs. */
export const FOCUS_CHARGE_CATEGORIES = [
  'Usage',
  'Purchase',
  'Tax',
  'Credit',
  'Adjustment',
] as const;
export type FocusChargeCategory = (typeof FOCUS_CHARGE_CATEGORIES)[number];

/** FOCUS 1.2 ServiceCategory values; exports that differ only in case are normalised. */
export const FOCUS_SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
] as const;

/**
 * One FOCUS line item as Paved stores it. Costs are decimal strings, exactly
 * as exported (no binary floating point between the bill and the database).
 */
export type FocusLineItem = {
  billingPeriodStart: Date;
  billingPeriodEnd: Date;
  chargePeriodStart: Date;
  chargePeriodEnd: Date;
  billedCost: string;
  effectiveCost: string;
  listCost: string;
  /** ISO 4217, upper case. */
  billingCurrency: string;
  chargeCategory: FocusChargeCategory;
  providerName: string;
  serviceName: string;
  serviceCategory: string;
  subAccountId: string | null;
  regionId: string | null;
  resourceId: string | null;
  resourceType: string | null;
  /** Read-only: one tag set may be shared by many line items. */
  tags: Readonly<Record<string, string>>;
};

/** Timestamps Paved stores fall in this range; anything else is a typo. */
const EARLIEST_YEAR = 2000;
const LATEST_YEAR = 2099;

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysInMonthOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An ISO 8601 date or date-time as exports write it: with a zone (`Z`,
 * `+02:00`, ` UTC`), or without one — taken as UTC, which FOCUS requires.
 * `undefined` for anything else (`03/01/2026` is ambiguous, so refused).
 */
export function parseFocusTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonthOf(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z' && zone.toUpperCase() !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes =
      sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  return new Date(
    Date.UTC(year, month - 1, day, hour, minute, second, millis) -
      offsetMinutes * 60_000,
  );
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

/**
 * A decimal as exports write it (`12.5`, `-0.004`, `1.2E-5`, ` 3 `), as a
 * string PostgreSQL's numeric reads exactly; `undefined` for anything else,
 * including thousands separators (`1,234.5` is ambiguous) and values beyond
 * ±10^15.
 */
export function parseFocusDecimal(text: string): string | undefined {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return undefined;
  return trimmed[0] === '+' ? trimmed.slice(1) : trimmed;
}

let knownCurrencies: Set<string> | undefined;

/** ISO 4217 codes the runtime knows (all of them with full ICU). */
function currencyIsKnown(code: string): boolean {
  if (!knownCurrencies) {
    const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
    knownCurrencies = new Set(intl.supportedValuesOf?.('currency') ?? []);
  }
  return knownCurrencies.size === 0 || knownCurrencies.has(code);
}

const chargeCategories = new Map<string, FocusChargeCategory>(
  FOCUS_CHARGE_CATEGORIES.map(c => [c.toLowerCase(), c]),
);
const serviceCategories = new Map<string, string>(
  FOCUS_SERVICE_CATEGORIES.map(c => [c.toLowerCase(), c]),
);

const MAX_TEXT = 2048;

/** Why a cell was refused. */
class Refusal {
  constructor(readonly message: string) {}
}
const EMPTY = new Refusal('must not be empty (null)');

/**
 * A cell's text, trimmed: a string from CSV, a number from a typed source;
 * '' for null or a column the export leaves out.
 */
function textOf(value: unknown): string | Refusal {
  if (typeof value === 'string') return value.trim();
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return new Refusal('must be text or a number');
}

function optionalText(value: unknown): string | null | Refusal {
  const text = textOf(value);
  if (text instanceof Refusal) return text;
  if (text.length > MAX_TEXT) {
    return new Refusal(`must be at most ${MAX_TEXT} characters`);
  }
  return text === '' ? null : text;
}

function mandatoryText(value: unknown): string | Refusal {
  const text = optionalText(value);
  return text === null ? EMPTY : text;
}

/**
 * Timestamps already read, by their text: an export repeats a handful of
 * period boundaries on every line. Bounded, and only ever valid values.
 */
const knownTimestamps = new Map<string, number>();
const KNOWN_TIMESTAMPS_LIMIT = 10_000;

function timestamp(value: unknown): Date | Refusal {
  const text = textOf(value);
  if (text instanceof Refusal) return text;
  const known = knownTimestamps.get(text);
  if (known !== undefined) return new Date(known);
  if (text === '') return EMPTY;
  const date = parseFocusTimestamp(text);
  if (!date) {
    return new Refusal(`"${text.slice(0, 40)}" is not an ISO 8601 date-time`);
  }
  const year = date.getUTCFullYear();
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    return new Refusal(`must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}`);
  }
  if (knownTimestamps.size >= KNOWN_TIMESTAMPS_LIMIT) knownTimestamps.clear();
  knownTimestamps.set(text, date.getTime());
  return date;
}

function decimal(value: unknown): string | Refusal {
  const text = textOf(value);
  if (text instanceof Refusal) return text;
  if (text === '') return EMPTY;
  return (
    parseFocusDecimal(text) ??
    new Refusal(`"${text.slice(0, 40)}" is not a decimal number`)
  );
}

function currency(value: unknown): string | Refusal {
  const text = textOf(value);
  if (text instanceof Refusal) return text;
  if (text === '') return EMPTY;
  const code = text.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !currencyIsKnown(code)) {
    return new Refusal(
      `"${text.slice(0, 40)}" is not an ISO 4217 currency code`,
    );
  }
  return code;
}

function chargeCategory(value: unknown): FocusChargeCategory | Refusal {
  const text = textOf(value);
  if (text instanceof Refusal) return text;
  if (text === '') return EMPTY;
  return (
    chargeCategories.get(text.toLowerCase()) ??
    new Refusal(
      `"${text.slice(0, 40)}" is not one of ${FOCUS_CHARGE_CATEGORIES.join(
        ', ',
      )}`,
    )
  );
}

function serviceCategory(value: unknown): string | Refusal {
  const text = mandatoryText(value);
  if (text instanceof Refusal) return text;
  return serviceCategories.get(text.toLowerCase()) ?? text;
}

function tagValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const NOT_A_JSON_OBJECT = new Refusal('must be a JSON object');

/**
 * Tag sets already read, by their JSON text (frozen, so sharing them is
 * safe): an export repeats a few thousand tag sets over millions of lines.
 */
const knownTags = new Map<string, Readonly<Record<string, string>>>();
const KNOWN_TAGS_LIMIT = 10_000;

/** Tags as a JSON object, in a string (CSV) or already parsed; empty is none. */
function tags(value: unknown): Readonly<Record<string, string>> | Refusal {
  if (typeof value === 'string') {
    const known = knownTags.get(value);
    if (known) return known;
    const text = value.trim();
    if (text === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return NOT_A_JSON_OBJECT;
    }
    const result = tagsOf(parsed);
    if (result instanceof Refusal) return result;
    if (knownTags.size >= KNOWN_TAGS_LIMIT) knownTags.clear();
    knownTags.set(value, Object.freeze(result));
    return result;
  }
  if (value === null || value === undefined) return {};
  return tagsOf(value);
}

function tagsOf(parsed: unknown): Record<string, string> | Refusal {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return NOT_A_JSON_OBJECT;
  }
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(parsed)) result[key] = tagValue(v);
  return result;
}

/**
 * A FOCUS record (a CSV row keyed by column name, or a typed record) → a
 * {@link FocusLineItem}. Accepts what real exports do when it is
 * unambiguous; each issue's path names the FOCUS column. The columns are
 * judged by plain functions inside one transform: a schema of one piped
 * transform per column costs several microseconds a line, which is seconds
 * on a million-line export.
 */
export const focusRecordSchema = z
  .custom<Record<string, unknown>>(
    value =>
      typeof value === 'object' && value !== null && !Array.isArray(value),
    'must be a record of FOCUS columns',
  )
  .transform((record, ctx): FocusLineItem => {
    let refused = false;
    const take = <T>(
      column: FocusColumn,
      read: (value: unknown) => T | Refusal,
    ): T => {
      const result = read(record[column]);
      if (result instanceof Refusal) {
        ctx.addIssue({
          code: 'custom',
          path: [column],
          message: result.message,
        });
        refused = true;
        return undefined as T;
      }
      return result;
    };
    const item: FocusLineItem = {
      billingPeriodStart: take('BillingPeriodStart', timestamp),
      billingPeriodEnd: take('BillingPeriodEnd', timestamp),
      chargePeriodStart: take('ChargePeriodStart', timestamp),
      chargePeriodEnd: take('ChargePeriodEnd', timestamp),
      billedCost: take('BilledCost', decimal),
      effectiveCost: take('EffectiveCost', decimal),
      listCost: take('ListCost', decimal),
      billingCurrency: take('BillingCurrency', currency),
      chargeCategory: take('ChargeCategory', chargeCategory),
      providerName: take('ProviderName', mandatoryText),
      serviceName: take('ServiceName', mandatoryText),
      serviceCategory: take('ServiceCategory', serviceCategory),
      subAccountId: take('SubAccountId', optionalText),
      regionId: take('RegionId', optionalText),
      resourceId: take('ResourceId', optionalText),
      resourceType: take('ResourceType', optionalText),
      tags: take('Tags', tags),
    };
    if (refused) return z.NEVER;
    if (item.chargePeriodEnd <= item.chargePeriodStart) {
      ctx.addIssue({
        code: 'custom',
        path: ['ChargePeriodEnd'],
        message: 'must be after ChargePeriodStart',
      });
    }
    if (item.billingPeriodEnd <= item.billingPeriodStart) {
      ctx.addIssue({
        code: 'custom',
        path: ['BillingPeriodEnd'],
        message: 'must be after BillingPeriodStart',
      });
    }
    return item;
  });
