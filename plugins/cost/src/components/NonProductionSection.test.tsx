import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { screen, within } from '@testing-library/react';
import { makeCostApi, makeNonProduction } from '../__testUtils__/fixtures';
import { renderCostPage } from '../__testUtils__/render';

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

describe('NonProductionSection', () => {
  it('shows the non-production cost, its share and the saving, per currency', async () => {
    const api = makeCostApi();
    await renderCostPage(api);
    const section = await screen.findByRole('region', {
      name: 'Non-production',
    });
    const table = within(section).getByRole('table', {
      name: 'Non-production cost',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .map(cell => cell.textContent),
        ),
    ).toEqual([
      ['EUR', '€0.00', '0.0 %', '€300.00', '€0.00'],
      ['USD', '$300.00', '28.6 %', '$1,050.00', '$50.00'],
    ]);
    expect(
      within(section).getByText(
        'Shutting it down outside working hours (Mon–Fri 08:00–19:00) would save about $198.12 a month.',
      ),
    ).toBeInTheDocument();
    // No saving in EUR, which has no non-production cost.
    expect(within(section).queryByText(/€0\.00 a month/)).toBeNull();
    expect(api.nonProduction).toHaveBeenCalledWith(
      expect.objectContaining({ from: expect.any(String) }),
    );
  });

  it('says so when the period has no cost', async () => {
    await renderCostPage(
      makeCostApi({
        nonProduction: jest.fn(async () => ({
          ...makeNonProduction(),
          currencies: [],
        })),
      }),
    );
    const section = await screen.findByRole('region', {
      name: 'Non-production',
    });
    expect(
      within(section).getByText('No cost in this period.'),
    ).toBeInTheDocument();
  });

  it('shows the error when the API fails', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(
        500,
        errorBody(500, 'Error', 'workingHours.end: must be after start'),
      ),
    );
    await renderCostPage(
      makeCostApi({
        nonProduction: jest.fn(async () => Promise.reject(error)),
      }),
    );
    const section = await screen.findByRole('region', {
      name: 'Non-production',
    });
    expect(
      within(section).getAllByText(/must be after start/).length,
    ).toBeGreaterThan(0);
  });

  it('shows progress while loading', async () => {
    await renderCostPage(
      makeCostApi({ nonProduction: jest.fn(() => new Promise(() => {})) }),
    );
    const section = await screen.findByRole('region', {
      name: 'Non-production',
    });
    expect(
      await within(section).findByRole('progressbar', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
  });
});
