import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeAnomalies, makeCostApi } from '../__testUtils__/fixtures';
import { renderCostPage, settle } from '../__testUtils__/render';

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

const anomalyRows = () =>
  within(screen.getByRole('table', { name: 'Cost anomalies' }))
    .getAllByRole('row')
    .slice(1);

describe('AnomaliesSection', () => {
  it('lists each anomaly in its own currency, with its kind', async () => {
    const api = makeCostApi();
    await renderCostPage(api);
    await screen.findByRole('table', { name: 'Cost anomalies' });
    expect(
      anomalyRows().map(row =>
        within(row)
          .getAllByRole('cell')
          .slice(0, 6)
          .map(cell => cell.textContent),
      ),
    ).toEqual([
      [
        'checkout-squad',
        '2026-10-20',
        '$300.00',
        '$100.00',
        '+$200.00 (+200 %)',
        'spike',
      ],
      [
        'platform-squad',
        '2026-10-19',
        '€80.00',
        '€50.00',
        '+€30.00 (+60 %)',
        'step up · 5 days',
      ],
    ]);
    expect(api.anomalies).toHaveBeenCalledWith('owner', 60);
    const section = screen.getByRole('region', { name: 'Anomalies' });
    fireEvent.click(
      within(section).getByRole('button', { name: 'By service' }),
    );
    await settle();
    expect(api.anomalies).toHaveBeenLastCalledWith('entity', 60);
  });

  it('dismisses a row: PUTs the review and removes the row', async () => {
    const api = makeCostApi();
    await renderCostPage(api);
    await screen.findByRole('table', { name: 'Cost anomalies' });
    fireEvent.click(
      within(anomalyRows()[0]).getByRole('button', { name: 'Dismiss' }),
    );
    await waitFor(() => expect(anomalyRows()).toHaveLength(1));
    expect(api.reviewAnomaly).toHaveBeenCalledWith({
      key: 'group:default/checkout-squad',
      currency: 'USD',
      date: '2026-10-20',
      status: 'dismissed',
    });
    expect(anomalyRows()[0]).toHaveTextContent('platform-squad');
  });

  it('snoozes for 7 days and accepts', async () => {
    const api = makeCostApi();
    await renderCostPage(api);
    await screen.findByRole('table', { name: 'Cost anomalies' });
    fireEvent.click(
      within(anomalyRows()[1]).getByRole('button', { name: 'Snooze' }),
    );
    await waitFor(() => expect(anomalyRows()).toHaveLength(1));
    const weekLater = new Date(Date.now() + 7 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(api.reviewAnomaly).toHaveBeenCalledWith({
      key: 'group:default/platform-squad',
      currency: 'EUR',
      date: '2026-10-19',
      status: 'snoozed',
      snoozedUntil: weekLater,
    });
    fireEvent.click(
      within(anomalyRows()[0]).getByRole('button', { name: 'Accept' }),
    );
    // Accepting asks why: the change is explained where the next reader looks.
    const dialog = await screen.findByRole('dialog', {
      name: 'Accept this change',
    });
    const accept = within(dialog).getByRole('button', { name: 'Accept' });
    expect(accept).toBeDisabled();
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Why is it expected?' }),
      { target: { value: 'Black Friday load test' } },
    );
    fireEvent.click(accept);
    await waitFor(() =>
      expect(anomalyRows()[0]).toHaveTextContent(
        'Accepted by lead: “Black Friday load test”',
      ),
    );
    expect(anomalyRows()).toHaveLength(1);
    expect(
      within(anomalyRows()[0]).queryByRole('button', { name: 'Accept' }),
    ).not.toBeInTheDocument();
    expect(api.reviewAnomaly).toHaveBeenLastCalledWith(
      expect.objectContaining({
        status: 'accepted',
        note: 'Black Friday load test',
      }),
    );
  });

  it('keeps the row and shows the error when the review fails', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(
        400,
        errorBody(
          400,
          'InputError',
          'Invalid review: snoozedUntil: must be after today',
        ),
      ),
    );
    await renderCostPage(
      makeCostApi({
        reviewAnomaly: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    await screen.findByRole('table', { name: 'Cost anomalies' });
    fireEvent.click(
      within(anomalyRows()[0]).getByRole('button', { name: 'Snooze' }),
    );
    expect(
      (await screen.findAllByText(/snoozedUntil: must be after today/)).length,
    ).toBeGreaterThan(0);
    expect(anomalyRows()).toHaveLength(2);
  });

  it('shows progress while loading', async () => {
    await renderCostPage(
      makeCostApi({ anomalies: jest.fn(() => new Promise<never>(() => {})) }),
    );
    const section = await screen.findByRole('region', { name: 'Anomalies' });
    expect(
      await within(section).findByRole('progressbar', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
  });

  it('says when there is no anomaly', async () => {
    await renderCostPage(
      makeCostApi({
        anomalies: jest.fn(async () => ({ ...makeAnomalies(), anomalies: [] })),
      }),
    );
    expect(
      await screen.findByText('No anomalies in the last 60 days.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Cost anomalies' }),
    ).not.toBeInTheDocument();
  });

  it('shows the error when the anomalies fail', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(500, errorBody(500, 'Error', 'database unavailable')),
    );
    await renderCostPage(
      makeCostApi({
        anomalies: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    const section = await screen.findByRole('region', { name: 'Anomalies' });
    expect(
      (await within(section).findAllByText(/database unavailable/)).length,
    ).toBeGreaterThan(0);
    // The rest of the page stands.
    expect(
      screen.getByRole('table', { name: 'Cost by squad' }),
    ).toBeInTheDocument();
  });
});
