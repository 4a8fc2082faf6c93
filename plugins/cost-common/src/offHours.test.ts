import {
  computeNonProduction,
  DEFAULT_WORKING_HOURS,
  describeWorkingHours,
  hoursOnPerWeek,
} from './offHours';

const costs = [
  { environment: 'production', currency: 'USD', amount: '700.00' },
  { environment: 'staging', currency: 'USD', amount: '250.00' },
  { environment: 'development', currency: 'USD', amount: '50.00' },
  { environment: null, currency: 'USD', amount: '50.00' },
  { environment: 'staging', currency: 'EUR', amount: '120.50' },
  { environment: 'prod-eu', currency: 'EUR', amount: '79.50' },
];

describe('hoursOnPerWeek', () => {
  it('counts the hours of the schedule', () => {
    expect(hoursOnPerWeek(DEFAULT_WORKING_HOURS)).toBe(55);
    expect(
      hoursOnPerWeek({ days: ['sat', 'sun'], start: '09:30', end: '12:00' }),
    ).toBe(5);
  });

  it.each([
    [{ days: ['mon'], start: '19:00', end: '08:00' }, 'workingHours.end:'],
    [{ days: ['mon'], start: '08:00', end: '08:00' }, 'workingHours.end:'],
    [
      { days: ['mon', 'fry'], start: '08:00', end: '19:00' },
      'workingHours.days.1:',
    ],
    [{ days: [], start: '08:00', end: '19:00' }, 'workingHours.days:'],
    [{ days: ['mon'], start: '8am', end: '19:00' }, 'workingHours.start:'],
    [{ days: ['mon'], start: '08:00', end: '24:30' }, 'workingHours.end:'],
  ])('throws naming the field of %j', (schedule, message) => {
    expect(() => hoursOnPerWeek(schedule)).toThrow(message);
  });
});

describe('describeWorkingHours', () => {
  it('shows runs of days as ranges', () => {
    expect(describeWorkingHours(DEFAULT_WORKING_HOURS)).toBe(
      'Mon–Fri 08:00–19:00',
    );
    expect(
      describeWorkingHours({
        days: ['sat', 'mon', 'tue', 'thu'],
        start: '00:00',
        end: '24:00',
      }),
    ).toBe('Mon, Tue, Thu, Sat 00:00–24:00');
  });
});

describe('computeNonProduction', () => {
  it('gives the share and the saving to the cent, each currency apart', () => {
    const report = computeNonProduction({
      costs,
      productionEnvironments: ['production', 'Prod-EU'],
      workingHours: DEFAULT_WORKING_HOURS,
      days: 31,
    });
    expect(report.hoursOnPerWeek).toBe(55);
    expect(report.productionEnvironments).toEqual(['production', 'prod-eu']);
    expect(report.currencies).toEqual([
      {
        currency: 'EUR',
        total: { currency: 'EUR', amount: '200.00' },
        production: { currency: 'EUR', amount: '79.50' },
        nonProduction: { currency: 'EUR', amount: '120.50' },
        unallocated: { currency: 'EUR', amount: '0.00' },
        nonProductionSharePercent: 60.3,
        // 120.50 × 113 / 168 = 81.0506
        offHoursSaving: { currency: 'EUR', amount: '81.05' },
        // × 30.4375 / 31
        offHoursSavingPerMonth: { currency: 'EUR', amount: '79.58' },
      },
      {
        currency: 'USD',
        total: { currency: 'USD', amount: '1050.00' },
        production: { currency: 'USD', amount: '700.00' },
        nonProduction: { currency: 'USD', amount: '300.00' },
        // not counted as non-production
        unallocated: { currency: 'USD', amount: '50.00' },
        // 300 / 1050
        nonProductionSharePercent: 28.6,
        // 300 × 113 / 168 = 201.7857
        offHoursSaving: { currency: 'USD', amount: '201.79' },
        offHoursSavingPerMonth: { currency: 'USD', amount: '198.12' },
      },
    ]);
  });

  it('saves nothing on a 24×7 schedule', () => {
    const report = computeNonProduction({
      costs,
      productionEnvironments: ['production'],
      workingHours: {
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        start: '00:00',
        end: '24:00',
      },
      days: 30,
    });
    expect(report.hoursOnPerWeek).toBe(168);
    for (const currency of report.currencies) {
      expect(currency.offHoursSaving.amount).toBe('0.00');
      expect(currency.offHoursSavingPerMonth.amount).toBe('0.00');
    }
  });

  it('answers nothing without cost, and refuses a bad schedule', () => {
    expect(
      computeNonProduction({
        costs: [],
        productionEnvironments: ['production'],
        workingHours: DEFAULT_WORKING_HOURS,
        days: 30,
      }).currencies,
    ).toEqual([]);
    expect(() =>
      computeNonProduction({
        costs,
        productionEnvironments: ['production'],
        workingHours: { days: ['monday'], start: '08:00', end: '19:00' },
        days: 30,
      }),
    ).toThrow('workingHours.days.0:');
  });
});
