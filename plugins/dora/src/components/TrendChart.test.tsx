import { renderInTestApp } from '@backstage/frontend-test-utils';
import { DoraSeriesPoint } from '@internal/plugin-dora-common';
import { screen } from '@testing-library/react';
import { doraApiRef } from '../api/DoraApi';
import { makeDoraApi } from '../testing/fixtures';
import { granularityFor, leadTimeUnit, TrendChart } from './TrendChart';

const point = (
  from: string,
  deployments: number,
  leadTimeMedianSeconds: number | null,
): DoraSeriesPoint => ({
  from,
  to: from,
  deployments,
  deploymentsPerDay: deployments / 7,
  leadTimeMedianSeconds,
  changeFailureRate: null,
  failedDeploymentRecoveryMedianSeconds: null,
  timeToRestoreMedianSeconds: null,
  reworkRate: null,
});

describe('TrendChart', () => {
  it('charts weeks, or months for a year', () => {
    expect(granularityFor(90)).toBe('week');
    expect(granularityFor(365)).toBe('month');
    expect(leadTimeUnit([point('2026-11-02', 3, 5 * 3600)]).label).toBe(
      'hours',
    );
    expect(
      leadTimeUnit([
        point('2026-11-02', 3, null),
        point('2026-11-09', 3, 3 * 86400),
      ]).label,
    ).toBe('days');
  });

  it('asks for the series of the window', async () => {
    const series = jest.fn(async () => ({
      points: [
        point('2026-11-09T00:00:00Z', 4, 3 * 3600),
        point('2026-11-02T00:00:00Z', 6, null),
      ],
    }));
    renderInTestApp(
      <TrendChart
        filter={{ entityRef: 'component:default/checkout', windowDays: 365 }}
      />,
      { apis: [[doraApiRef, makeDoraApi({ series })]] },
    );
    expect(
      await screen.findByText('Deployments and lead time per month'),
    ).toBeInTheDocument();
    expect(series).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'component:default/checkout' }),
      'month',
    );
    expect(
      screen.queryByText('No periods to show for this window.'),
    ).toBeNull();
  });
});
