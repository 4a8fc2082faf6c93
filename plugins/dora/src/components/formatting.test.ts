import { ChangeDetail, PERFORMANCE_BANDS } from '@internal/plugin-dora-common';
import {
  bandLines,
  changeStages,
  formatChangeStages,
  formatDays,
  formatDuration,
  formatPercent,
  formatPerDay,
  formatPerWeek,
  levelLabel,
  plural,
  windowLabel,
} from './formatting';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('formatting', () => {
  it('says durations the way people do', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(3.2 * HOUR)).toBe('3.2 h');
    expect(formatDuration(3 * HOUR)).toBe('3 h');
    expect(formatDuration(14.4 * HOUR)).toBe('14 h');
    expect(formatDuration(DAY)).toBe('1 day');
    expect(formatDuration(2.1 * DAY)).toBe('2.1 days');
    expect(formatDuration(40.3 * DAY)).toBe('40 days');
    expect(formatDuration(400 * DAY)).toBe('400 days');
  });

  it('rounds across unit boundaries without "60 min" or "24 h"', () => {
    expect(formatDuration(59.6)).toBe('1 min');
    expect(formatDuration(HOUR - 1)).toBe('1 h');
    expect(formatDuration(DAY - 60)).toBe('1 day');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('shows a dash where there is nothing to measure', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats rates and frequencies', () => {
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(3 / 42)).toBe('7.1 %');
    expect(formatPercent(0.15)).toBe('15 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPerDay(1.4)).toBe('1.4 / day');
    expect(formatPerDay(12.3)).toBe('12 / day');
    expect(formatPerDay(2 / 7)).toBe('0.29 / day');
    expect(formatPerDay(1 / 30)).toBe('0.033 / day');
    expect(formatPerDay(0)).toBe('0 / day');
    expect(formatPerWeek(1.4)).toBe('9.8 / week');
    expect(formatPerWeek(2 / 7)).toBe('2 / week');
    expect(formatDays(4)).toBe('4 days');
    expect(formatDays(2.5)).toBe('2.5 days');
    expect(formatDays(1)).toBe('1 day');
  });

  it('names windows, levels and counts', () => {
    expect(windowLabel(30)).toBe('30 days');
    expect(windowLabel(365)).toBe('1 year');
    expect(levelLabel('elite')).toBe('Elite');
    expect(levelLabel(null)).toBe('No data');
    expect(plural(1, 'deployment')).toBe('1 deployment');
    expect(plural(2400, 'deployment')).toBe('2,400 deployments');
  });

  it('spells out what each level needs under a report', () => {
    expect(bandLines('deploymentFrequency', PERFORMANCE_BANDS['2023'])).toEqual(
      [
        'Elite: at least once a day',
        'High: at least once a week',
        'Medium: at least once a month',
        'Low: less often',
      ],
    );
    expect(bandLines('leadTime', PERFORMANCE_BANDS['2021'])).toEqual([
      'Elite: under 1 hour',
      'High: at most 1 week',
      'Medium: at most 6 months',
      'Low: longer',
    ]);
    expect(bandLines('changeFailureRate', PERFORMANCE_BANDS['2024'])).toEqual([
      'Elite: at most 5 %',
      'High: at most 10 %',
      'Medium: at most 20 %',
      'Low: higher',
    ]);
    expect(bandLines('recovery', PERFORMANCE_BANDS['2023'])[2]).toBe(
      'Medium: at most 1 week',
    );
  });

  it('splits a pull request’s lead time into its stages', () => {
    const change: ChangeDetail = {
      id: 'lumen-retail/checkout#12',
      repository: 'lumen-retail/checkout',
      number: 12,
      title: 'Pay by invoice',
      firstCommitAt: '2026-11-02T09:00:00Z',
      openedAt: '2026-11-04T09:00:00Z',
      firstReviewAt: '2026-11-04T12:00:00Z',
      mergedAt: '2026-11-04T17:00:00Z',
      mergeSha: 'abc1234',
      deploymentId: 'argocd:1',
      deployedAt: '2026-11-04T17:45:00Z',
      method: 'sha',
      leadTimeSeconds: 2 * DAY + 8.75 * HOUR,
    };
    expect(changeStages(change)).toEqual({
      coding: 2 * DAY,
      pickup: 3 * HOUR,
      review: 5 * HOUR,
      deploy: 45 * 60,
    });
    expect(formatChangeStages(change)).toBe(
      'coding 2 days · pickup 3 h · review 5 h · deploy 45 min',
    );
    // Not reviewed: no pickup, review counts from opened; clock skew is 0.
    expect(
      formatChangeStages({
        ...change,
        firstReviewAt: undefined,
        deployedAt: '2026-11-04T16:00:00Z',
      }),
    ).toBe('coding 2 days · review 8 h · deploy 0 s');
  });
});
