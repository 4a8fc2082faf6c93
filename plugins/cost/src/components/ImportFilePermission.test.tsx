import { screen } from '@testing-library/react';
import { makeCostApi } from '../__testUtils__/fixtures';
import { renderCostPage } from '../__testUtils__/render';

jest.setTimeout(30_000);

// A file of its own: usePermission caches its answer across a file's tests.
describe('ImportFileButton without the permission', () => {
  it('is not offered to those who may not import', async () => {
    await renderCostPage(makeCostApi());
    await screen.findByRole('table', { name: 'Cost by squad' });
    expect(
      screen.queryByRole('button', { name: 'Import a FOCUS file' }),
    ).not.toBeInTheDocument();
  });
});
