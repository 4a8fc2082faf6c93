import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EvaluationSeries } from '@internal/plugin-feature-flags-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { ENTITY_REF, makeFeatureFlagsApi } from '../__testUtils__/fixtures';
import {
  EvaluationsChart,
  fillBuckets,
  seriesVariants,
} from './EvaluationsChart';

const series: EvaluationSeries = {
  flagKey: 'new-checkout',
  environment: 'production',
  from: '2026-11-21T07:00:00Z',
  to: '2026-11-21T11:00:00Z',
  intervalMinutes: 60,
  points: [
    { at: '2026-11-21T10:00:00Z', counts: { on: 30, off: 70, '(error)': 2 } },
    { at: '2026-11-21T08:00:00Z', counts: { off: 100 } },
  ],
  totals: { on: 30, off: 170, '(error)': 2 },
  lastEvaluatedAt: '2026-11-21T10:59:00Z',
};

describe('EvaluationsChart', () => {
  it('stacks the variants by name, errors on top', () => {
    expect(seriesVariants(series)).toEqual(['off', 'on', '(error)']);
  });

  it('fills the buckets without evaluations with zeros', () => {
    expect(fillBuckets(series, ['off', 'on', '(error)'])).toEqual([
      {
        at: '2026-11-21T07:00:00.000Z',
        counts: { off: 0, on: 0, '(error)': 0 },
      },
      {
        at: '2026-11-21T08:00:00.000Z',
        counts: { off: 100, on: 0, '(error)': 0 },
      },
      {
        at: '2026-11-21T09:00:00.000Z',
        counts: { off: 0, on: 0, '(error)': 0 },
      },
      {
        at: '2026-11-21T10:00:00.000Z',
        counts: { off: 70, on: 30, '(error)': 2 },
      },
      {
        at: '2026-11-21T11:00:00.000Z',
        counts: { off: 0, on: 0, '(error)': 0 },
      },
    ]);
  });

  it('shows the totals of the window, and asks again for another window', async () => {
    const user = userEvent.setup();
    const getEvaluations = jest.fn(async () => series);
    await renderInTestApp(
      <EvaluationsChart
        entityRef={ENTITY_REF}
        flagKey="new-checkout"
        environments={['staging', 'production']}
        initialEnvironment="production"
      />,
      { apis: [[featureFlagsApiRef, makeFeatureFlagsApi({ getEvaluations })]] },
    );
    expect(await screen.findByLabelText('Evaluation totals')).toHaveTextContent(
      'Last 24 h in production: off 170 · on 30 · (error) 2',
    );
    expect(getEvaluations).toHaveBeenCalledWith(ENTITY_REF, 'new-checkout', {
      environment: 'production',
      hours: 24,
    });
    await user.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() =>
      expect(getEvaluations).toHaveBeenLastCalledWith(
        ENTITY_REF,
        'new-checkout',
        { environment: 'production', hours: 168 },
      ),
    );
  });

  it('says when nothing evaluated the flag', async () => {
    await renderInTestApp(
      <EvaluationsChart
        entityRef={ENTITY_REF}
        flagKey="new-checkout"
        environments={['staging']}
        initialEnvironment="staging"
      />,
      { apis: [[featureFlagsApiRef, makeFeatureFlagsApi()]] },
    );
    expect(
      await screen.findByText(/No evaluations in staging in the last 24 h/),
    ).toBeInTheDocument();
  });
});
