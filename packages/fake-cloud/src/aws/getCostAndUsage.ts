import { createHash } from 'node:crypto';
import { AwsServiceError } from './getResources';
import { FakeCostMetric, FakeCostRecord } from './types';

/** The metrics `GetCostAndUsage` accepts (its `Metrics` documentation). */
export const COST_EXPLORER_METRICS: readonly FakeCostMetric[] = [
  'AmortizedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
  'NormalizedUsageAmount',
  'UnblendedCost',
  'UsageQuantity',
];

/** Most groups a page carries unless the server is told otherwise. */
export const DEFAULT_MAX_GROUPS_PER_PAGE = 500;

/** Quantities summed across usage types have no unit: AWS writes `N/A`. */
const QUANTITY_METRICS = new Set<string>([
  'NormalizedUsageAmount',
  'UsageQuantity',
]);

/** Every `Dimension` of the service model (`models/enums.d.ts`). */
const DIMENSIONS = new Set([
  'AGREEMENT_END_DATE_TIME_AFTER',
  'AGREEMENT_END_DATE_TIME_BEFORE',
  'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
  'ANOMALY_TOTAL_IMPACT_PERCENTAGE',
  'AZ',
  'BILLING_ENTITY',
  'CACHE_ENGINE',
  'DATABASE_ENGINE',
  'DEPLOYMENT_OPTION',
  'INSTANCE_TYPE',
  'INSTANCE_TYPE_FAMILY',
  'INVOICING_ENTITY',
  'LEGAL_ENTITY_NAME',
  'LINKED_ACCOUNT',
  'LINKED_ACCOUNT_NAME',
  'OPERATING_SYSTEM',
  'OPERATION',
  'PAYER_ACCOUNT',
  'PAYMENT_OPTION',
  'PLATFORM',
  'PURCHASE_TYPE',
  'RECORD_TYPE',
  'REGION',
  'RESERVATION_ID',
  'RESOURCE_ID',
  'RIGHTSIZING_TYPE',
  'SAVINGS_PLANS_TYPE',
  'SAVINGS_PLAN_ARN',
  'SCOPE',
  'SERVICE',
  'SERVICE_CODE',
  'SUBSCRIPTION_ID',
  'TENANCY',
  'USAGE_TYPE',
  'USAGE_TYPE_GROUP',
]);

/**
 * The dimensions `GroupBy` takes (its documentation in the model), plus
 * `REGION`, which AWS accepts too.
 */
const GROUP_BY_DIMENSIONS = new Set([
  'AZ',
  'INSTANCE_TYPE',
  'INVOICING_ENTITY',
  'LEGAL_ENTITY_NAME',
  'LINKED_ACCOUNT',
  'OPERATION',
  'PLATFORM',
  'PURCHASE_TYPE',
  'RECORD_TYPE',
  'REGION',
  'SERVICE',
  'TENANCY',
  'USAGE_TYPE',
]);

/** The dimensions the fake's records carry. */
const RECORD_DIMENSIONS: Record<string, (record: FakeCostRecord) => string> = {
  SERVICE: record => record.service,
  LINKED_ACCOUNT: record => record.linkedAccount,
  REGION: record => record.region,
  RECORD_TYPE: record => record.recordType,
};

/** A `Filter` (an `Expression` of the model), as the fake reads it. */
export type CostFilterExpression = {
  Or?: CostFilterExpression[];
  And?: CostFilterExpression[];
  Not?: CostFilterExpression;
  Dimensions?: { Key?: string; Values?: string[]; MatchOptions?: string[] };
  Tags?: { Key?: string; Values?: string[]; MatchOptions?: string[] };
  CostCategories?: { Key?: string; Values?: string[]; MatchOptions?: string[] };
};

/** What the fake reads of a `GetCostAndUsageRequest`. */
export type GetCostAndUsageRequest = {
  TimePeriod?: { Start?: string; End?: string };
  Granularity?: string;
  Filter?: CostFilterExpression;
  Metrics?: string[];
  GroupBy?: Array<{ Type?: string; Key?: string }>;
  BillingViewArn?: string;
  NextPageToken?: string;
};

/** A `MetricValue`: the amount as a decimal string, and its unit. */
export type CostMetricValue = { Amount: string; Unit: string };

/** A `GetCostAndUsageResponse` as the fake writes it. */
export type GetCostAndUsageResponse = {
  /** Only when grouped: the request's `GroupBy`. */
  GroupDefinitions?: Array<{ Type: string; Key: string }>;
  ResultsByTime: Array<{
    TimePeriod: { Start: string; End: string };
    /** The metrics when not grouped; `{}` when grouped, as AWS writes it. */
    Total: Record<string, CostMetricValue>;
    Groups: Array<{ Keys: string[]; Metrics: Record<string, CostMetricValue> }>;
    Estimated: boolean;
  }>;
  /** The accounts' names when grouped by `LINKED_ACCOUNT`, otherwise empty. */
  DimensionValueAttributes: Array<{
    Value: string;
    Attributes: Record<string, string>;
  }>;
  NextPageToken?: string;
};

export type GetCostAndUsageOptions = {
  /** `Date.now()` of the request. */
  now: number;
  maxGroupsPerPage: number;
  /** The first day with data, `YYYY-MM-DD`; defaults to the earliest record's. */
  firstDay?: string;
};

const DAY_MS = 86_400_000;
const DECIMALS = 10;
const ONE = 10n ** BigInt(DECIMALS);
const AMOUNT = /^(-)?(\d+)(?:\.(\d{1,10}))?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_PATTERN = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}Z)?$/;

/**
 * A decimal string as an exact integer of 10⁻¹⁰ units, so sums over many
 * lines never drift as binary floating point would.
 */
export function parseCostAmount(text: string | undefined): bigint {
  if (text === undefined || text === '') return 0n;
  const match = AMOUNT.exec(text);
  if (!match) throw new TypeError(`Not a decimal amount: '${text}'`);
  const value =
    BigInt(match[2]) * ONE + BigInt((match[3] ?? '').padEnd(DECIMALS, '0'));
  return match[1] ? -value : value;
}

/** An exact amount back as a decimal string, without trailing zeros (`"12.3"`, `"-250"`, `"0"`). */
export function formatCostAmount(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = (abs % ONE)
    .toString()
    .padStart(DECIMALS, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / ONE}${fraction ? `.${fraction}` : ''}`;
}

/** Throws a `TypeError` naming the first record the fake could not serve. */
export function validateCostRecords(records: FakeCostRecord[]): void {
  records.forEach((record, index) => {
    const where = `Cost record ${index} (${record.day} ${record.service})`;
    if (!DAY.test(record.day) || parseDay(record.day) === undefined) {
      throw new TypeError(`${where}: day must be YYYY-MM-DD`);
    }
    for (const [metric, amount] of Object.entries(record.amounts)) {
      if (!COST_EXPLORER_METRICS.includes(metric as FakeCostMetric)) {
        throw new TypeError(`${where}: unknown metric ${metric}`);
      }
      try {
        parseCostAmount(amount);
      } catch (error) {
        throw new TypeError(`${where}: ${(error as Error).message}`);
      }
    }
  });
}

function invalid(message: string): never {
  throw new AwsServiceError('ValidationException', message);
}

/** A tag's value, `''` when the record does not carry the tag. */
const tagValue = (record: FakeCostRecord, key: string) =>
  Object.hasOwn(record.tags, key) ? record.tags[key] : '';

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(item => typeof item === 'string');

/** UTC midnight of a `YYYY-MM-DD`, or undefined when it is no calendar day. */
function parseDay(text: string): number | undefined {
  const [year, month, day] = text.split('-').map(Number);
  const time = new Date(0).setUTCFullYear(year, month - 1, day);
  const back = new Date(time);
  return back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day
    ? time
    : undefined;
}

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

const monthStart = (time: number, months = 0) => {
  const date = new Date(time);
  return new Date(0).setUTCFullYear(
    date.getUTCFullYear(),
    date.getUTCMonth() + months,
    1,
  );
};

function readDate(value: unknown, member: string): number {
  if (value === undefined || value === null) {
    invalid(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) {
    invalid(
      `1 validation error detected: Value '${String(
        value,
      )}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2}:\\d{2}Z)?`,
    );
  }
  const text = value as string;
  if (text.length > 10) {
    invalid(
      `Time of day in '${member}' (${text}) is only supported with HOURLY granularity`,
    );
  }
  const time = parseDay(text);
  if (time === undefined) invalid(`Date '${text}' in '${member}' is invalid`);
  return time!;
}

type Predicate = (record: FakeCostRecord) => boolean;

const EXPRESSION_ROOTS = [
  'And',
  'Or',
  'Not',
  'Dimensions',
  'Tags',
  'CostCategories',
] as const;

function readMatchOptions(
  value: unknown,
  allowed: string[],
  root: string,
): Set<string> {
  if (value === undefined) return new Set(['EQUALS']);
  if (!isStringArray(value)) invalid(`${root}.MatchOptions must be a list`);
  for (const option of value as string[]) {
    if (!allowed.includes(option)) {
      invalid(
        `MatchOptions ${option} is not supported for ${root} in GetCostAndUsage; valid values are ${allowed.join(
          ', ',
        )}`,
      );
    }
  }
  return new Set(value as string[]);
}

/** Validates a `Filter` and compiles it to a predicate over records. */
function compileFilter(expression: unknown): Predicate {
  if (typeof expression !== 'object' || expression === null) {
    return invalid('Expression must be an object');
  }
  const expr = expression as Record<string, unknown>;
  const roots = EXPRESSION_ROOTS.filter(
    root => expr[root] !== undefined && expr[root] !== null,
  );
  const extra = Object.keys(expr).filter(
    key => !(EXPRESSION_ROOTS as readonly string[]).includes(key),
  );
  if (extra.length) invalid(`Expression has unknown members: ${extra}`);
  if (roots.length !== 1) {
    invalid(
      roots.length
        ? `Expression must have exactly one root, but has ${roots.join(', ')}`
        : 'Expression must have exactly one of And, Or, Not, Dimensions, Tags or CostCategories',
    );
  }
  const root = roots[0];
  switch (root) {
    case 'And':
    case 'Or': {
      const operands = expr[root];
      if (!Array.isArray(operands) || operands.length < 2) {
        invalid(`${root} expression must have at least 2 operands`);
      }
      const compiled = (operands as unknown[]).map(compileFilter);
      return root === 'And'
        ? record => compiled.every(predicate => predicate(record))
        : record => compiled.some(predicate => predicate(record));
    }
    case 'Not': {
      const inner = compileFilter(expr.Not);
      return record => !inner(record);
    }
    case 'Dimensions': {
      const { Key, Values, MatchOptions } = expr.Dimensions as Record<
        string,
        unknown
      >;
      if (typeof Key !== 'string' || !DIMENSIONS.has(Key)) {
        invalid(`Dimension ${String(Key)} is invalid`);
      }
      const dimension = RECORD_DIMENSIONS[Key as string];
      if (!dimension) {
        invalid(
          `Filtering by dimension ${Key} is not supported by fake-cloud: its cost records carry only ${Object.keys(
            RECORD_DIMENSIONS,
          ).join(', ')}`,
        );
      }
      if (!isStringArray(Values) || Values.length === 0) {
        invalid(`Dimensions expression for ${Key} must have Values`);
      }
      readMatchOptions(MatchOptions, ['EQUALS', 'CASE_SENSITIVE'], root);
      const values = new Set(Values as string[]);
      return record => values.has(dimension(record));
    }
    case 'Tags': {
      const { Key, Values, MatchOptions } = expr.Tags as Record<
        string,
        unknown
      >;
      if (typeof Key !== 'string' || !Key) {
        invalid('Tags expression must have a non-empty Key');
      }
      if (Values !== undefined && !isStringArray(Values)) {
        invalid('Tags expression Values must be a list');
      }
      const options = readMatchOptions(
        MatchOptions,
        ['EQUALS', 'ABSENT', 'CASE_SENSITIVE'],
        root,
      );
      const absent = options.has('ABSENT');
      const equals = options.has('EQUALS') || !absent;
      const values = new Set((Values as string[] | undefined) ?? []);
      if (equals && values.size === 0) {
        invalid(`Tags expression for ${Key} must have Values, or ABSENT`);
      }
      return record => {
        const value = tagValue(record, Key as string);
        return (absent && value === '') || (equals && values.has(value));
      };
    }
    default:
      return invalid(
        'Filtering by CostCategories is not supported by fake-cloud: it models no cost categories',
      );
  }
}

type Grouping = {
  Type: string;
  Key: string;
  keyOf: (record: FakeCostRecord) => string;
};

function compileGroupBy(groupBy: unknown): Grouping[] {
  if (groupBy === undefined) return [];
  if (!Array.isArray(groupBy)) return invalid('GroupBy must be a list');
  if (groupBy.length > 2) {
    invalid(
      `GroupBy has ${groupBy.length} Group Definitions; at most 2 are allowed`,
    );
  }
  const seen = new Set<string>();
  return groupBy.map((definition: unknown): Grouping => {
    const { Type, Key } = (definition ?? {}) as Record<string, unknown>;
    if (typeof Type !== 'string' || !Type || typeof Key !== 'string' || !Key) {
      invalid(
        'Group Definition is invalid. Both type and key need to be set to a non-empty value.',
      );
    }
    const type = Type as string;
    const key = Key as string;
    if (seen.has(`${type}:${key}`)) {
      invalid(`Group Definition ${type} ${key} is duplicated`);
    }
    seen.add(`${type}:${key}`);
    if (type === 'TAG') {
      return { Type: type, Key: key, keyOf: r => `${key}$${tagValue(r, key)}` };
    }
    if (type === 'DIMENSION') {
      if (!GROUP_BY_DIMENSIONS.has(key)) {
        invalid(`Group Definition dimension ${key} is invalid`);
      }
      const dimension = RECORD_DIMENSIONS[key];
      if (!dimension) {
        invalid(
          `Grouping by dimension ${key} is not supported by fake-cloud: its cost records carry only ${Object.keys(
            RECORD_DIMENSIONS,
          ).join(', ')}`,
        );
      }
      return { Type: type, Key: key, keyOf: dimension };
    }
    if (type === 'COST_CATEGORY') {
      invalid(
        'Grouping by COST_CATEGORY is not supported by fake-cloud: it models no cost categories',
      );
    }
    return invalid('Group Definition type is invalid.');
  });
}

function readMetrics(metrics: unknown): FakeCostMetric[] {
  if (metrics === undefined || metrics === null) {
    invalid(
      "1 validation error detected: Value null at 'metrics' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!isStringArray(metrics) || metrics.length === 0) {
    invalid('Metrics must name at least one metric');
  }
  for (const metric of metrics as string[]) {
    if (!COST_EXPLORER_METRICS.includes(metric as FakeCostMetric)) {
      invalid(
        `Metric ${metric} is invalid; valid metrics are ${COST_EXPLORER_METRICS.join(
          ', ',
        )}`,
      );
    }
  }
  return [...new Set(metrics as FakeCostMetric[])];
}

type Period = { start: number; end: number };

function periodsOf(start: number, end: number, monthly: boolean): Period[] {
  const periods: Period[] = [];
  for (let from = start; from < end; ) {
    const to = Math.min(monthly ? monthStart(from, 1) : from + DAY_MS, end);
    periods.push({ start: from, end: to });
    from = to;
  }
  return periods;
}

type TokenState = { q: string; p: number; g: number };

function decodeToken(
  token: unknown,
  query: string,
  periods: number,
): TokenState {
  let state: TokenState | undefined;
  try {
    state = JSON.parse(
      Buffer.from(String(token), 'base64url').toString('utf8'),
    );
  } catch {
    state = undefined;
  }
  if (
    typeof token !== 'string' ||
    typeof state?.q !== 'string' ||
    !Number.isInteger(state.p) ||
    !Number.isInteger(state.g) ||
    state.p < 0 ||
    state.g < 0
  ) {
    throw new AwsServiceError(
      'InvalidNextTokenException',
      'The pagination token is invalid. Try again without a pagination token.',
    );
  }
  if (state.q !== query || state.p >= periods) {
    throw new AwsServiceError(
      'RequestChangedException',
      'Your request parameters changed between pages. Try again with the old parameters or without a pagination token.',
    );
  }
  return state;
}

const BILLING_VIEW_PRIMARY = /^arn:aws:billing::\d{12}:billingview\/primary$/;

type Sums = { keys: string[]; amounts: bigint[] };

/**
 * `GetCostAndUsage` over the records the fake holds, as AWS answers it:
 * validated like AWS (`ValidationException`, `DataUnavailableException`),
 * summed exactly per period and group, paged by `NextPageToken` (at most
 * `maxGroupsPerPage` groups a page, a period's groups possibly split across
 * pages), periods in the current month `Estimated`.
 */
export function getCostAndUsage(
  records: FakeCostRecord[],
  input: GetCostAndUsageRequest,
  options: GetCostAndUsageOptions,
): GetCostAndUsageResponse {
  const timePeriod = input.TimePeriod;
  if (timePeriod === undefined || timePeriod === null) {
    invalid(
      "1 validation error detected: Value null at 'timePeriod' failed to satisfy constraint: Member must not be null",
    );
  }
  const granularity = input.Granularity;
  if (granularity === undefined || granularity === null) {
    invalid(
      "1 validation error detected: Value null at 'granularity' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!['DAILY', 'MONTHLY', 'HOURLY'].includes(granularity as string)) {
    invalid(
      `1 validation error detected: Value '${granularity}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [DAILY, MONTHLY, HOURLY]`,
    );
  }
  if (granularity === 'HOURLY') {
    invalid(
      'Hourly granularity is not enabled for this account: enable hourly and resource-level data in Cost Explorer preferences',
    );
  }
  const metrics = readMetrics(input.Metrics);
  const start = readDate(timePeriod!.Start, 'timePeriod.start');
  const end = readDate(timePeriod!.End, 'timePeriod.end');
  if (start >= end) {
    invalid('Start date (and hour) should be before end date (and hour)');
  }
  const today = Date.parse(isoDay(options.now));
  if (start > today) {
    invalid(
      `Start date ${isoDay(start)} is after the current date ${isoDay(today)}`,
    );
  }
  const groupings = compileGroupBy(input.GroupBy);
  const filter =
    input.Filter === undefined ? undefined : compileFilter(input.Filter);
  if (
    input.BillingViewArn !== undefined &&
    !BILLING_VIEW_PRIMARY.test(input.BillingViewArn)
  ) {
    throw new AwsServiceError(
      'ResourceNotFoundException',
      `The specified ARN in the request doesn't exist: ${input.BillingViewArn}`,
      404,
    );
  }

  const firstDay =
    options.firstDay ??
    records.reduce<string | undefined>(
      (first, record) =>
        first === undefined || record.day < first ? record.day : first,
      undefined,
    );
  if (firstDay !== undefined && isoDay(start) < firstDay) {
    throw new AwsServiceError(
      'DataUnavailableException',
      `Data is not available for ${isoDay(
        start,
      )}: Cost Explorer has data from ${firstDay}. Please try to adjust the time period.`,
    );
  }

  const monthly = granularity === 'MONTHLY';
  const periods = periodsOf(start, end, monthly);
  // A token is only good for the query it came from.
  const query = createHash('sha256')
    .update(
      JSON.stringify([
        input.TimePeriod,
        input.Granularity,
        input.Metrics,
        input.GroupBy ?? null,
        input.Filter ?? null,
        input.BillingViewArn ?? null,
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
  const position: TokenState = input.NextPageToken
    ? decodeToken(input.NextPageToken, query, periods.length)
    : { q: query, p: 0, g: 0 };

  // Sum every record into its period and group, exactly.
  const startDay = isoDay(start);
  const endDay = isoDay(end);
  const startDate = new Date(start);
  const sums = periods.map(() => new Map<string, Sums>());
  const accountNames = new Map<string, string>();
  for (const record of records) {
    if (record.day < startDay || record.day >= endDay) continue;
    if (filter && !filter(record)) continue;
    const time = parseDay(record.day)!;
    const index = monthly
      ? (new Date(time).getUTCFullYear() - startDate.getUTCFullYear()) * 12 +
        new Date(time).getUTCMonth() -
        startDate.getUTCMonth()
      : Math.floor((time - start) / DAY_MS);
    const keys = groupings.map(grouping => grouping.keyOf(record));
    const id = keys.join('\u0000');
    let entry = sums[index].get(id);
    if (!entry) {
      entry = { keys, amounts: metrics.map(() => 0n) };
      sums[index].set(id, entry);
    }
    metrics.forEach((metric, i) => {
      entry!.amounts[i] += parseCostAmount(record.amounts[metric]);
    });
    if (record.linkedAccountName) {
      accountNames.set(record.linkedAccount, record.linkedAccountName);
    }
  }

  const metricValues = (amounts: bigint[]) =>
    Object.fromEntries(
      metrics.map((metric, i) => [
        metric,
        {
          Amount: formatCostAmount(amounts[i]),
          Unit: QUANTITY_METRICS.has(metric) ? 'N/A' : 'USD',
        },
      ]),
    );
  const estimatedFrom = monthStart(options.now);
  const resultOf = (period: Period) => ({
    TimePeriod: { Start: isoDay(period.start), End: isoDay(period.end) },
    Estimated: period.end > estimatedFrom,
  });

  if (!groupings.length) {
    return {
      ResultsByTime: periods.map((period, index) => ({
        ...resultOf(period),
        Total: metricValues(
          sums[index].get('')?.amounts ?? metrics.map(() => 0n),
        ),
        Groups: [],
      })),
      DimensionValueAttributes: [],
    };
  }

  // One page: groups from the token's position on, at most maxGroupsPerPage.
  const maxGroups = Math.max(1, options.maxGroupsPerPage);
  const results: GetCostAndUsageResponse['ResultsByTime'] = [];
  let count = 0;
  let next: TokenState | undefined;
  for (let p = position.p; p < periods.length; p++) {
    const groups = [...sums[p].values()].sort((a, b) =>
      compareKeys(a.keys, b.keys),
    );
    const from = p === position.p ? position.g : 0;
    if (count >= maxGroups && from < groups.length) {
      next = { q: query, p, g: from };
      break;
    }
    const page = groups.slice(from, from + (maxGroups - count));
    count += page.length;
    results.push({
      ...resultOf(periods[p]),
      Total: {},
      Groups: page.map(group => ({
        Keys: group.keys,
        Metrics: metricValues(group.amounts),
      })),
    });
    if (from + page.length < groups.length) {
      next = { q: query, p, g: from + page.length };
      break;
    }
  }

  const accountIndex = groupings.findIndex(
    grouping =>
      grouping.Type === 'DIMENSION' && grouping.Key === 'LINKED_ACCOUNT',
  );
  const accounts =
    accountIndex < 0
      ? []
      : [
          ...new Set(
            results.flatMap(result =>
              result.Groups.map(group => group.Keys[accountIndex]),
            ),
          ),
        ].sort();

  return {
    GroupDefinitions: groupings.map(({ Type, Key }) => ({ Type, Key })),
    ResultsByTime: results,
    DimensionValueAttributes: accounts.map(account => {
      const name = accountNames.get(account);
      const Attributes: Record<string, string> =
        name === undefined ? {} : { description: name };
      return { Value: account, Attributes };
    }),
    ...(next
      ? {
          NextPageToken: Buffer.from(JSON.stringify(next)).toString(
            'base64url',
          ),
        }
      : {}),
  };
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
