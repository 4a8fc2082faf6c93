import { parseFocusDecimal, parseFocusTimestamp } from './focus';
import {
  parseFocusRow,
  resolveFocusHeader,
  toFocusRecord,
} from './parseFocusRow';

const row = (overrides: Record<string, unknown> = {}) => ({
  BillingPeriodStart: '2026-03-01T00:00:00Z',
  BillingPeriodEnd: '2026-04-01T00:00:00Z',
  ChargePeriodStart: '2026-03-05T00:00:00Z',
  ChargePeriodEnd: '2026-03-06T00:00:00Z',
  BilledCost: '12.34',
  EffectiveCost: '10.5',
  ListCost: '15',
  BillingCurrency: 'USD',
  ChargeCategory: 'Usage',
  ProviderName: 'AWS',
  ServiceName: 'Amazon EC2',
  ServiceCategory: 'Compute',
  SubAccountId: '123456789012',
  RegionId: 'eu-west-1',
  ResourceId: 'i-0abc',
  ResourceType: 'Virtual Machine',
  Tags: '{"service":"checkout-service","team":"checkout-squad"}',
  ...overrides,
});

const problemsOf = (overrides: Record<string, unknown>, line = 7) => {
  const parsed = parseFocusRow(row(overrides), line);
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems;
};

describe('parseFocusRow', () => {
  it('reads a line item, keeping costs as exact decimal strings', () => {
    expect(parseFocusRow(row(), 2)).toEqual({
      ok: true,
      item: {
        billingPeriodStart: new Date('2026-03-01T00:00:00Z'),
        billingPeriodEnd: new Date('2026-04-01T00:00:00Z'),
        chargePeriodStart: new Date('2026-03-05T00:00:00Z'),
        chargePeriodEnd: new Date('2026-03-06T00:00:00Z'),
        billedCost: '12.34',
        effectiveCost: '10.5',
        listCost: '15',
        billingCurrency: 'USD',
        chargeCategory: 'Usage',
        providerName: 'AWS',
        serviceName: 'Amazon EC2',
        serviceCategory: 'Compute',
        subAccountId: '123456789012',
        regionId: 'eu-west-1',
        resourceId: 'i-0abc',
        resourceType: 'Virtual Machine',
        tags: { service: 'checkout-service', team: 'checkout-squad' },
      },
    });
  });

  it('accepts what real exports do when it is unambiguous', () => {
    const parsed = parseFocusRow(
      row({
        ChargePeriodStart: '2026-03-05 00:00:00',
        ChargePeriodEnd: '2026-03-05T01:00:00.000',
        BillingPeriodStart: '2026-03-01 00:00:00 UTC',
        BillingPeriodEnd: '2026-04-01',
        BilledCost: ' 1.2E-5 ',
        EffectiveCost: '+3',
        ListCost: '-.5',
        BillingCurrency: 'eur',
        ChargeCategory: 'usage',
        ServiceCategory: 'ai and machine learning',
        SubAccountId: '',
        RegionId: undefined,
        ResourceId: null,
        Tags: { team: 'search', cost: 12, flags: ['a'] },
        x_ServiceCode: 'AmazonEC2',
        UnknownColumn: 'ignored',
      }),
      3,
    );
    expect(parsed).toEqual({
      ok: true,
      item: expect.objectContaining({
        chargePeriodStart: new Date('2026-03-05T00:00:00Z'),
        chargePeriodEnd: new Date('2026-03-05T01:00:00Z'),
        billingPeriodStart: new Date('2026-03-01T00:00:00Z'),
        billingPeriodEnd: new Date('2026-04-01T00:00:00Z'),
        billedCost: '1.2E-5',
        effectiveCost: '3',
        listCost: '-.5',
        billingCurrency: 'EUR',
        chargeCategory: 'Usage',
        serviceCategory: 'AI and Machine Learning',
        subAccountId: null,
        regionId: null,
        resourceId: null,
        tags: { team: 'search', cost: '12', flags: '["a"]' },
      }),
    });
    expect(parsed).not.toHaveProperty('item.x_ServiceCode');
  });

  it('takes optional columns an export leaves out as null', () => {
    const {
      SubAccountId,
      RegionId,
      ResourceId,
      ResourceType,
      Tags,
      ...mandatory
    } = row();
    expect(parseFocusRow(mandatory, 2)).toEqual({
      ok: true,
      item: expect.objectContaining({
        subAccountId: null,
        regionId: null,
        resourceId: null,
        resourceType: null,
        tags: {},
      }),
    });
    const { ListCost, ...withoutListCost } = row();
    expect(parseFocusRow(withoutListCost, 2)).toEqual({
      ok: false,
      problems: [
        { line: 2, column: 'ListCost', message: 'must not be empty (null)' },
      ],
    });
  });

  it('takes credits and refunds as negative costs, and no tags as none', () => {
    const parsed = parseFocusRow(
      row({
        ChargeCategory: 'Credit',
        BilledCost: '-25.00',
        EffectiveCost: '-25.00',
        ListCost: '0',
        Tags: '',
      }),
      4,
    );
    expect(parsed).toEqual({
      ok: true,
      item: expect.objectContaining({
        chargeCategory: 'Credit',
        billedCost: '-25.00',
        tags: {},
      }),
    });
  });

  it('reports every problem of the line with its column', () => {
    expect(
      problemsOf(
        {
          BilledCost: '',
          EffectiveCost: '1,234.50',
          ChargePeriodStart: '03/05/2026',
          BillingCurrency: 'XYZ',
          ChargeCategory: 'Discount',
          ServiceName: '  ',
          Tags: '{not json',
        },
        57,
      ),
    ).toEqual([
      {
        line: 57,
        column: 'ChargePeriodStart',
        message: '"03/05/2026" is not an ISO 8601 date-time',
      },
      {
        line: 57,
        column: 'BilledCost',
        message: 'must not be empty (null)',
      },
      {
        line: 57,
        column: 'EffectiveCost',
        message: '"1,234.50" is not a decimal number',
      },
      {
        line: 57,
        column: 'BillingCurrency',
        message: '"XYZ" is not an ISO 4217 currency code',
      },
      {
        line: 57,
        column: 'ChargeCategory',
        message:
          '"Discount" is not one of Usage, Purchase, Tax, Credit, Adjustment',
      },
      { line: 57, column: 'ServiceName', message: 'must not be empty (null)' },
      { line: 57, column: 'Tags', message: 'must be a JSON object' },
    ]);
  });

  it.each([
    [{ BillingCurrency: 'US' }, 'BillingCurrency'],
    [{ BillingCurrency: '' }, 'BillingCurrency'],
    [{ ListCost: 'NaN' }, 'ListCost'],
    [{ ListCost: '1e400' }, 'ListCost'],
    [{ ChargePeriodEnd: '2026-02-30T00:00:00' }, 'ChargePeriodEnd'],
    [{ ChargePeriodStart: '1970-01-01T00:00:00Z' }, 'ChargePeriodStart'],
    [{ ChargePeriodEnd: '2026-03-05T00:00:00Z' }, 'ChargePeriodEnd'],
    [{ Tags: '["service"]' }, 'Tags'],
    [{ ProviderName: undefined }, 'ProviderName'],
  ])('refuses %j', (overrides, column) => {
    expect(problemsOf(overrides).map(p => p.column)).toEqual([column]);
  });
});

describe('parseFocusTimestamp', () => {
  it.each([
    ['2026-03-05T10:00:00Z', '2026-03-05T10:00:00.000Z'],
    ['2026-03-05T10:00:00', '2026-03-05T10:00:00.000Z'],
    ['2026-03-05 10:00', '2026-03-05T10:00:00.000Z'],
    ['2026-03-05', '2026-03-05T00:00:00.000Z'],
    ['2026-03-05T10:00:00+02:00', '2026-03-05T08:00:00.000Z'],
    ['2026-03-05T10:00:00-0130', '2026-03-05T11:30:00.000Z'],
    ['2026-03-05T10:00:00.123456789Z', '2026-03-05T10:00:00.123Z'],
    ['2024-02-29T00:00:00', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseFocusTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-29',
    '2026-13-01',
    '2026-03-05T24:00:00',
    '5 March 2026',
    '',
  ])('refuses %j', text => {
    expect(parseFocusTimestamp(text)).toBeUndefined();
  });
});

describe('parseFocusDecimal', () => {
  it.each([
    ['0', '0'],
    ['-0.004', '-0.004'],
    ['1.5e3', '1.5e3'],
    ['+7.', '7.'],
  ])('%s → %s', (text, value) => {
    expect(parseFocusDecimal(text)).toBe(value);
  });

  it.each(['', '1,5', '1 000', 'Infinity', '0x10', '1e', '--1'])(
    'refuses %j',
    text => {
      expect(parseFocusDecimal(text)).toBeUndefined();
    },
  );
});

describe('resolveFocusHeader', () => {
  it('maps columns regardless of case, ignores extras and names what is missing', () => {
    const header = resolveFocusHeader([
      'billedcost',
      'x_Custom',
      ' EffectiveCost ',
      'Tags',
    ]);
    expect(header.columns).toEqual([
      'BilledCost',
      undefined,
      'EffectiveCost',
      'Tags',
    ]);
    expect(header.problems.map(p => p.column)).toEqual([
      'BillingPeriodStart',
      'BillingPeriodEnd',
      'ChargePeriodStart',
      'ChargePeriodEnd',
      'ListCost',
      'BillingCurrency',
      'ChargeCategory',
      'ProviderName',
      'ServiceName',
      'ServiceCategory',
    ]);
    expect(header.problems.every(p => p.line === 1)).toBe(true);
    expect(toFocusRecord(header, ['1', 'x', '2', '{}'])).toEqual({
      BilledCost: '1',
      EffectiveCost: '2',
      Tags: '{}',
    });
  });

  it('refuses a column given twice', () => {
    expect(
      resolveFocusHeader(['BilledCost', 'billedCost']).problems[0],
    ).toEqual({
      line: 1,
      column: 'BilledCost',
      message: 'appears more than once',
    });
  });
});
