import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { makeEmptyMetrics, makeMetrics } from '../testing/fixtures';
import { MetricTiles } from './MetricTiles';

const tile = (name: string) => within(screen.getByRole('region', { name }));

describe('MetricTiles', () => {
  it('shows each metric as a lead reads it, with its level', async () => {
    await renderInTestApp(<MetricTiles metrics={makeMetrics()} />);

    const frequency = tile('Deployment frequency');
    expect(frequency.getByText('1.4 / day')).toBeInTheDocument();
    expect(
      frequency.getByText('42 deployments in 30 days (≈ 9.8 / week)'),
    ).toBeInTheDocument();
    expect(
      frequency.getByText('Deploy days per week: 4 days'),
    ).toBeInTheDocument();
    expect(frequency.getByText('Elite')).toBeInTheDocument();

    const leadTime = tile('Lead time for changes');
    expect(leadTime.getByText('2.1 days')).toBeInTheDocument();
    expect(
      leadTime.getByText('Median · p90 6 days · 36 changes'),
    ).toBeInTheDocument();
    expect(leadTime.getByText('High')).toBeInTheDocument();
    const stages = within(
      leadTime.getByRole('group', { name: 'Lead time by stage (medians)' }),
    );
    expect(stages.getByText('Coding').nextSibling).toHaveTextContent(
      '1.2 days',
    );
    expect(stages.getByText('Pickup').nextSibling).toHaveTextContent('3 h');
    expect(stages.getByText('Review').nextSibling).toHaveTextContent('5 h');
    expect(stages.getByText('Deploy').nextSibling).toHaveTextContent('45 min');

    const failures = tile('Change failure rate');
    expect(failures.getByText('7.1 %')).toBeInTheDocument();
    expect(
      failures.getByText('3 failed of 42 deployments'),
    ).toBeInTheDocument();
    expect(failures.getByText('High')).toBeInTheDocument();

    const recovery = tile('Failed deployment recovery time');
    expect(recovery.getByText('3.2 h')).toBeInTheDocument();
    expect(
      recovery.getByText('Median · p90 5 h · 2 recovered failures'),
    ).toBeInTheDocument();
    expect(recovery.getByText('High')).toBeInTheDocument();

    const restore = tile('Time to restore service');
    expect(restore.getByText('45 min')).toBeInTheDocument();
    expect(
      restore.getByText('Median · p90 45 min · 1 resolved incident'),
    ).toBeInTheDocument();
    expect(restore.getByText('Elite')).toBeInTheDocument();

    const rework = tile('Deployment rework rate');
    expect(rework.getByText('4.8 %')).toBeInTheDocument();
    expect(
      rework.getByText('2 unplanned of 42 deployments'),
    ).toBeInTheDocument();
    expect(rework.getByText('Not ranked')).toBeInTheDocument();
  });

  it('says "No data" where there is nothing to rank', async () => {
    await renderInTestApp(<MetricTiles metrics={makeEmptyMetrics()} />);
    expect(
      tile('Deployment frequency').getByText('0 / day'),
    ).toBeInTheDocument();
    expect(tile('Deployment frequency').getByText('Low')).toBeInTheDocument();
    expect(tile('Lead time for changes').getByText('—')).toBeInTheDocument();
    expect(
      tile('Lead time for changes').getByText('No data'),
    ).toBeInTheDocument();
    expect(
      tile('Lead time for changes').queryByRole('group', {
        name: 'Lead time by stage (medians)',
      }),
    ).toBeNull();
    expect(
      tile('Change failure rate').getByText('No data'),
    ).toBeInTheDocument();
    expect(
      tile('Change failure rate').getByText('0 failed of 0 deployments'),
    ).toBeInTheDocument();
    expect(
      tile('Time to restore service').getByText('No data'),
    ).toBeInTheDocument();
  });

  it('explains a metric and its bands on hover', async () => {
    await renderInTestApp(<MetricTiles metrics={makeMetrics()} />);
    fireEvent.mouseOver(
      tile('Change failure rate').getByRole('button', {
        name: 'About Change failure rate',
      }),
    );
    expect(
      await screen.findByText(/Failed deployments ÷ deployments/),
    ).toBeInTheDocument();

    fireEvent.mouseOver(tile('Lead time for changes').getByText('High'));
    expect(
      await screen.findByText('Accelerate State of DevOps 2023'),
    ).toBeInTheDocument();
    expect(screen.getByText('Elite: under 1 day')).toBeInTheDocument();
    expect(screen.getByText('High: at most 1 week')).toBeInTheDocument();
  });
});
