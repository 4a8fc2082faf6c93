import { percentileCont, summarizeDurations } from './percentile';

describe('percentileCont', () => {
  it('takes the middle value of an odd number of values, in any order', () => {
    // sorted 1, 3, 5, 7, 100; position 0.5 × 4 = 2 → 5
    expect(percentileCont([7, 1, 100, 5, 3], 0.5)).toBe(5);
  });

  it('averages the middle two of an even number of values', () => {
    // sorted 10, 20, 30, 40; position 0.5 × 3 = 1.5 → 20 + 0.5 × (30 − 20) = 25
    expect(percentileCont([40, 10, 30, 20], 0.5)).toBe(25);
  });

  it('interpolates the 90th percentile between the closest ranks', () => {
    // sorted 10, 20, 30, 40; position 0.9 × 3 = 2.7 → 30 + 0.7 × (40 − 30) = 37
    expect(percentileCont([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
    // 1..10; position 0.9 × 9 = 8.1 → 9 + 0.1 × (10 − 9) = 9.1
    expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(
      9.1,
      10,
    );
    // 1..11; position 0.9 × 10 = 9 → exactly the 10th value, 10
    expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });

  it('gives the minimum at 0, the maximum at 1 and the value itself for one value', () => {
    expect(percentileCont([3, 9, 1], 0)).toBe(1);
    expect(percentileCont([3, 9, 1], 1)).toBe(9);
    expect(percentileCont([42], 0.5)).toBe(42);
    expect(percentileCont([42], 0.9)).toBe(42);
  });

  it('is null for no values', () => {
    expect(percentileCont([], 0.5)).toBeNull();
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentileCont(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects a percentile outside 0..1', () => {
    expect(() => percentileCont([1], 90)).toThrow(RangeError);
    expect(() => percentileCont([1], -0.1)).toThrow(RangeError);
    expect(() => percentileCont([1], NaN)).toThrow(RangeError);
  });
});

describe('summarizeDurations', () => {
  it('counts the durations and gives their median and 90th percentile', () => {
    // sorted 60, 120, 600, 3600; median position 1.5 → 120 + 0.5 × 480 = 360;
    // p90 position 2.7 → 600 + 0.7 × 3000 = 2700
    const summary = summarizeDurations([600, 60, 3600, 120]);
    expect(summary.count).toBe(4);
    expect(summary.medianSeconds).toBe(360);
    expect(summary.p90Seconds).toBeCloseTo(2700, 6);
  });

  it('has nulls and a count of 0 for no durations', () => {
    expect(summarizeDurations([])).toEqual({
      count: 0,
      medianSeconds: null,
      p90Seconds: null,
    });
  });
});
