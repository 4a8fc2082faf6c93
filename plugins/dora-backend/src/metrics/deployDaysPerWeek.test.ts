import { deployDaysPerWeek } from './deployDaysPerWeek';

const at = (iso: string) => new Date(iso);
const window = (from: string, to: string) => ({
  from: new Date(from),
  to: new Date(to),
});

describe('deployDaysPerWeek', () => {
  it('counts the distinct days with a deployment in each whole week', () => {
    // Mon 2026-03-02 .. Mon 2026-03-16 (UTC): two whole weeks.
    const counts = deployDaysPerWeek(
      [
        at('2026-03-02T09:00:00Z'), // Mon
        at('2026-03-02T15:00:00Z'), // Mon again: still one day
        at('2026-03-04T09:00:00Z'), // Wed
        at('2026-03-08T23:59:59Z'), // Sun, last second of week 1
        at('2026-03-09T00:00:00Z'), // Mon, first second of week 2
      ],
      window('2026-03-02T00:00:00Z', '2026-03-16T00:00:00Z'),
      'UTC',
    );
    // week 1: Mon, Wed, Sun = 3; week 2: Mon = 1
    expect(counts).toEqual([3, 1]);
  });

  it('counts a week without deployments as 0', () => {
    expect(
      deployDaysPerWeek(
        [at('2026-03-10T09:00:00Z')],
        window('2026-03-02T00:00:00Z', '2026-03-16T00:00:00Z'),
        'UTC',
      ),
    ).toEqual([0, 1]);
  });

  it('leaves out the partial weeks at either end of the window', () => {
    // Wed 2026-03-04 .. Wed 2026-03-25: whole weeks Mar 9–15 and Mar 16–22 only.
    const counts = deployDaysPerWeek(
      [
        at('2026-03-05T09:00:00Z'), // partial first week: ignored
        at('2026-03-10T09:00:00Z'),
        at('2026-03-11T09:00:00Z'),
        at('2026-03-24T09:00:00Z'), // partial last week: ignored
      ],
      window('2026-03-04T00:00:00Z', '2026-03-25T00:00:00Z'),
      'UTC',
    );
    expect(counts).toEqual([2, 0]);
  });

  it('holds no week when the window is shorter than a whole Monday–Sunday', () => {
    // Tue to the next Tue: 7 days, but no Monday-to-Monday inside.
    expect(
      deployDaysPerWeek(
        [at('2026-03-04T09:00:00Z')],
        window('2026-03-03T00:00:00Z', '2026-03-10T00:00:00Z'),
        'UTC',
      ),
    ).toEqual([]);
  });

  it('counts a deployment at 23:30 UTC for the next day in Berlin', () => {
    // Berlin is UTC+1 in early March: its week Mon 2026-03-02 .. Sun 03-08
    // runs from 2026-03-01T23:00Z to 2026-03-08T23:00Z.
    const deployments = [
      at('2026-03-02T23:30:00Z'), // Tue 00:30 in Berlin (Mon in UTC)
      at('2026-03-03T10:00:00Z'), // Tue 11:00 in Berlin
    ];
    const berlin = deployDaysPerWeek(
      deployments,
      window('2026-03-01T23:00:00Z', '2026-03-08T23:00:00Z'),
      'Europe/Berlin',
    );
    // Berlin: both on Tue 03-03 → 1 day
    expect(berlin).toEqual([1]);
    const utc = deployDaysPerWeek(
      deployments,
      window('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'),
      'UTC',
    );
    // UTC: Mon 03-02 and Tue 03-03 → 2 days
    expect(utc).toEqual([2]);
  });

  it('keeps a 167-hour week whole when Berlin springs forward (2026-03-29)', () => {
    // Mon 03-23 00:00 CET = 2026-03-22T23:00Z; Mon 03-30 00:00 CEST =
    // 2026-03-29T22:00Z: 7 × 24 − 1 = 167 hours.
    const week = window('2026-03-22T23:00:00Z', '2026-03-29T22:00:00Z');
    const deployments = [
      at('2026-03-22T23:30:00Z'), // Mon 03-23 00:30 CET
      at('2026-03-25T12:00:00Z'), // Wed 03-25 13:00 CET
      at('2026-03-29T01:30:00Z'), // Sun 03-29 03:30 CEST, just after the change
      at('2026-03-29T21:30:00Z'), // Sun 03-29 23:30 CEST: same day again
    ];
    // Mon, Wed, Sun = 3
    expect(deployDaysPerWeek(deployments, week, 'Europe/Berlin')).toEqual([3]);
    // One second less and the week is no longer whole.
    expect(
      deployDaysPerWeek(
        deployments,
        window('2026-03-22T23:00:00Z', '2026-03-29T21:59:59Z'),
        'Europe/Berlin',
      ),
    ).toEqual([]);
  });

  it('keeps a 169-hour week whole when Berlin falls back (2026-10-25)', () => {
    // Mon 10-19 00:00 CEST = 2026-10-18T22:00Z; Mon 10-26 00:00 CET =
    // 2026-10-25T23:00Z: 7 × 24 + 1 = 169 hours.
    const counts = deployDaysPerWeek(
      [
        at('2026-10-18T22:30:00Z'), // Mon 10-19 00:30 CEST
        at('2026-10-25T22:30:00Z'), // Sun 10-25 23:30 CET: the extra hour
        at('2026-10-25T23:30:00Z'), // Mon 10-26 00:30 CET: the next week
      ],
      window('2026-10-18T22:00:00Z', '2026-11-01T23:00:00Z'),
      'Europe/Berlin',
    );
    // week of 10-19: Mon, Sun = 2; week of 10-26: Mon = 1
    expect(counts).toEqual([2, 1]);
  });

  it('dates deployments right on a day whose midnight a clock change skips', () => {
    // Santiago springs forward at 24:00 on Sat 2026-09-05: Sun 09-06 begins at
    // 01:00 -03 = 2026-09-06T04:00Z. The week Mon 08-31 .. Sun 09-06 runs from
    // 00:00 -04 = 2026-08-31T04:00Z to 00:00 -03 = 2026-09-07T03:00Z (167 hours).
    const counts = deployDaysPerWeek(
      [
        at('2026-09-05T12:00:00Z'), // Sat 08:00 -04
        at('2026-09-06T03:59:00Z'), // Sat 23:59 -04
        at('2026-09-06T04:00:00Z'), // Sun 01:00 -03, the first minute of Sunday
      ],
      window('2026-08-31T04:00:00Z', '2026-09-07T03:00:00Z'),
      'America/Santiago',
    );
    // Sat, Sun = 2
    expect(counts).toEqual([2]);
  });
});
