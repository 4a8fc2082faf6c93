import {
  addMonths,
  daysInMonth,
  parseDay,
  parseMonth,
  periodStarts,
  splitAtMonths,
} from './periods';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const days = (range: { from: Date; to: Date }) => [
  range.from.toISOString().slice(0, 10),
  range.to.toISOString().slice(0, 10),
];

describe('periods', () => {
  it('knows month lengths', () => {
    expect(
      ['2026-01', '2026-02', '2028-02', '2026-04', '2100-02'].map(m =>
        daysInMonth(parseMonth(m)!),
      ),
    ).toEqual([31, 28, 29, 30, 28]);
    expect(addMonths(d('2026-12-15'), 1)).toEqual(d('2027-01-01'));
    expect(addMonths(d('2026-01-31'), -1)).toEqual(d('2025-12-01'));
  });

  it('parses days and months strictly', () => {
    expect(parseDay('2026-02-28')).toEqual(d('2026-02-28'));
    expect(parseDay('2026-02-29')).toBeUndefined();
    expect(parseDay('2026-2-1')).toBeUndefined();
    expect(parseMonth('2026-13')).toBeUndefined();
  });

  it('splits a range into whole months and the days around them', () => {
    const year = splitAtMonths({ from: d('2026-01-01'), to: d('2027-01-01') });
    expect(days(year.months!)).toEqual(['2026-01-01', '2027-01-01']);
    expect(year.edges).toEqual([]);

    const ragged = splitAtMonths({
      from: d('2026-01-15'),
      to: d('2026-04-10'),
    });
    expect(days(ragged.months!)).toEqual(['2026-02-01', '2026-04-01']);
    expect(ragged.edges.map(days)).toEqual([
      ['2026-01-15', '2026-02-01'],
      ['2026-04-01', '2026-04-10'],
    ]);

    const inside = splitAtMonths({
      from: d('2026-03-03'),
      to: d('2026-03-20'),
    });
    expect(inside.months).toBeUndefined();
    expect(inside.edges.map(days)).toEqual([['2026-03-03', '2026-03-20']]);

    const straddling = splitAtMonths({
      from: d('2026-03-20'),
      to: d('2026-04-03'),
    });
    expect(straddling.months).toBeUndefined();
    expect(straddling.edges.map(days)).toEqual([['2026-03-20', '2026-04-03']]);
  });

  it('lists every day or month of a range', () => {
    expect(
      periodStarts({ from: d('2026-02-27'), to: d('2026-03-02') }, 'day').map(
        p => p.toISOString().slice(0, 10),
      ),
    ).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(
      periodStarts({ from: d('2026-01-15'), to: d('2026-03-02') }, 'month').map(
        p => p.toISOString().slice(0, 7),
      ),
    ).toEqual(['2026-01', '2026-02', '2026-03']);
  });
});
