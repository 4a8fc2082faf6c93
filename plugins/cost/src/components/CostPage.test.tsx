import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  cost,
  makeCostApi,
  makeImport,
  makeSources,
  makeSummary,
} from '../__testUtils__/fixtures';
import { renderCostPage, settle } from '../__testUtils__/render';

const rowsOf = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

describe('CostPage', () => {
  it('shows the cost by squad, each currency in its own columns', async () => {
    const api = makeCostApi();
    await renderCostPage(api);
    const table = await screen.findByRole('table', { name: 'Cost by squad' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(cell => cell.textContent),
    ).toEqual([
      'Squad',
      'EffectiveCost (EUR)',
      'BilledCost (EUR)',
      'EffectiveCost (USD)',
      'BilledCost (USD)',
    ]);
    expect(rowsOf('Cost by squad')).toEqual([
      ['checkout-squad', '€300.00', '€300.00', '$1,000.00', '$1,100.00'],
      ['platform-squad', '—', '—', '$400.00', '$400.00'],
      ['Unallocated', '—', '—', '$100.00', '$100.00'],
    ]);
    // Totals stay per currency: never 1,800 of anything.
    expect(screen.getByText(/€300\.00 effective/)).toBeInTheDocument();
    expect(screen.getByText(/\$1,500\.00 effective/)).toBeInTheDocument();
    expect(screen.queryByText(/1,800/)).not.toBeInTheDocument();
    expect(api.summary).toHaveBeenCalledWith(
      expect.objectContaining({ from: expect.any(String) }),
      'owner',
    );
    expect(
      screen.getByText(/all up to date\. Last import: lumen-retail-aws-azure/),
    ).toBeInTheDocument();
  });

  it('switches the grouping to services', async () => {
    const api = makeCostApi();
    await renderCostPage(api);
    await screen.findByRole('table', { name: 'Cost by squad' });
    fireEvent.click(screen.getByRole('button', { name: 'Service' }));
    await settle();
    expect(
      await screen.findByRole('table', { name: 'Cost by service' }),
    ).toBeInTheDocument();
    expect(api.summary).toHaveBeenLastCalledWith(expect.anything(), 'entity');
  });

  it('flags the month-over-month changes over the threshold, largest increase first', async () => {
    await renderCostPage();
    await screen.findByRole('table', { name: 'Month-over-month change' });
    const rows = rowsOf('Month-over-month change');
    expect(rows.map(row => row[0])).toEqual([
      'checkout-squad',
      'platform-squad',
    ]);
    expect(rows[0]).toEqual([
      'checkout-squad',
      '$700.00',
      '$1,000.00',
      '$276.67',
      '+38.3 %',
      'Over 20 %',
    ]);
    expect(rows[1][5]).toBe('');
  });

  it('reads the last three months month by month, and changes by service', async () => {
    const api = makeCostApi();
    await renderCostPage(api);
    await screen.findByRole('table', { name: 'Cost by squad' });
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Period' }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Last 3 months' }),
    );
    await settle();
    expect(api.trend).toHaveBeenLastCalledWith(
      expect.objectContaining({ from: expect.any(String) }),
      'month',
    );
    expect(
      await screen.findByRole('region', { name: 'Monthly trend' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Services' }));
    await settle();
    expect(api.monthOverMonth).toHaveBeenLastCalledWith(
      expect.any(String),
      'entity',
    );
  });

  it('lists the top unallocated resources', async () => {
    await renderCostPage();
    expect(
      await screen.findByRole('table', { name: 'Top unallocated resources' }),
    ).toBeInTheDocument();
    expect(rowsOf('Top unallocated resources')[0][0]).toBe('i-0untagged0001');
  });

  it('says how to import data when there has been no import', async () => {
    await renderCostPage(
      makeCostApi({
        sources: jest.fn(async () => makeSources({ sources: [] })),
        summary: jest.fn(async () => makeSummary({ totals: [], groups: [] })),
      }),
    );
    expect(
      await screen.findByText(/No cost data yet — import a FOCUS export/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('names each stale source and why, and keeps showing the data', async () => {
    const failed = makeImport({
      id: '2',
      source: 'opencost-production',
      status: 'failed',
      problemCount: 1,
      problems: [
        {
          line: 0,
          message:
            'OpenCost at http://opencost:9003 answered 504 Gateway Timeout',
        },
      ],
    });
    await renderCostPage(
      makeCostApi({
        sources: jest.fn(async () =>
          makeSources({
            sources: [
              {
                source: 'opencost-production',
                kind: 'opencost',
                location: 'http://opencost:9003 (cluster production)',
                lastImport: failed,
                lastSucceeded: makeImport(),
                stale: true,
                reason:
                  'The last import failed — OpenCost at http://opencost:9003 answered 504 Gateway Timeout; the data is from the import of 2026-11-29T10:00 UTC.',
              },
              ...makeSources().sources,
            ],
          }),
        ),
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Some cost data may be stale/);
    expect(alert).toHaveTextContent(
      'opencost-production (OpenCost): The last import failed — OpenCost at http://opencost:9003 answered 504 Gateway Timeout',
    );
    expect(alert).not.toHaveTextContent('lumen-retail-aws-azure');
    expect(
      await screen.findByRole('table', { name: 'Cost by squad' }),
    ).toBeInTheDocument();
  });

  it('shows the error when the summary fails', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(
        400,
        errorBody(400, 'InputError', 'Invalid query: to: must be after from'),
      ),
    );
    await renderCostPage(
      makeCostApi({
        summary: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    const section = await screen.findByRole('region', { name: 'Cost' });
    expect(
      (await within(section).findAllByText(/to: must be after from/)).length,
    ).toBeGreaterThan(0);
  });

  it('downloads the summary as CSV', async () => {
    const api = makeCostApi();
    const createObjectURL = jest.fn(() => 'blob:cost');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderCostPage(api);
    await screen.findByRole('table', { name: 'Cost by squad' });
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Download CSV' }),
      ).toBeEnabled(),
    );
    expect(api.summaryCsv).toHaveBeenCalledWith(expect.anything(), 'owner');
  });

  it('keeps a second currency as its own series, not added', async () => {
    await renderCostPage(
      makeCostApi({
        summary: jest.fn(async () =>
          makeSummary({
            totals: [cost('USD', '10.00')],
            groups: [{ key: 'group:default/a', costs: [cost('USD', '10.00')] }],
          }),
        ),
      }),
    );
    expect(
      await screen.findByRole('table', { name: 'Cost by squad' }),
    ).toBeInTheDocument();
    expect(rowsOf('Cost by squad')).toEqual([['a', '$10.00', '$10.00']]);
  });
});
