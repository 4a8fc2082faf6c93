import { formatCounts, sourceKindLabel, timeAgo } from './formatting';

describe('formatting', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('says how long ago a run finished', () => {
    expect(timeAgo('2026-11-23T11:59:30Z', now)).toBe('30 s ago');
    expect(timeAgo('2026-11-23T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-11-23T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-11-20T12:00:00Z', now)).toBe('3 days ago');
  });

  it('spells out counts and source kinds', () => {
    expect(
      formatCounts({
        unowned: 2,
        statefulSets: 3,
        skipped: 0,
        workloads: 2400,
        aws: 30,
      }),
    ).toEqual(['2,400 workloads', '2 unowned', '30 aws', '3 stateful sets']);
    expect(sourceKindLabel('aws')).toBe('AWS');
    expect(sourceKindLabel(undefined)).toBe('Catalog file');
  });
});
