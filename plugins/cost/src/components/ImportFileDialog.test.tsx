import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeCostApi, makeImport } from '../__testUtils__/fixtures';
import { renderCostPage, settle } from '../__testUtils__/render';

jest.setTimeout(30_000);

async function chooseAndImport(source: string, file: File) {
  fireEvent.click(
    await screen.findByRole(
      'button',
      { name: 'Import a FOCUS file' },
      { timeout: 10_000 },
    ),
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Import a FOCUS file',
  });
  fireEvent.change(within(dialog).getByRole('textbox', { name: 'Source' }), {
    target: { value: source },
  });
  fireEvent.change(within(dialog).getByLabelText('FOCUS file'), {
    target: { files: [file] },
  });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
  await settle();
  return dialog;
}

describe('ImportFileButton', () => {
  it('imports a file under a source, says what it replaced, and reads the page again', async () => {
    const api = makeCostApi({
      importFile: jest.fn(async () =>
        makeImport({
          id: '9',
          source: 'azure-ea',
          rows: 1234,
          billingPeriods: ['2026-10-01'],
        }),
      ),
    });
    await renderCostPage(api, { mayImport: true });
    await screen.findByRole('table', { name: 'Cost by squad' });
    const rightSizingReads = (api.rightSizing as jest.Mock).mock.calls.length;
    const file = new File(['BilledCost\n'], 'azure.csv.gz');
    const dialog = await chooseAndImport('azure-ea', file);
    expect(api.importFile).toHaveBeenCalledWith({ source: 'azure-ea', file });
    expect(dialog).toHaveTextContent(
      'Imported 1,234 line items of azure-ea, replacing its billing periods 2026-10-01.',
    );
    await waitFor(() => expect(api.sources).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect((api.rightSizing as jest.Mock).mock.calls.length).toBeGreaterThan(
        rightSizingReads,
      ),
    );
  });

  it('lists a refused file’s problems by line', async () => {
    const api = makeCostApi({
      importFile: jest.fn(async () =>
        makeImport({
          status: 'failed',
          rows: 40,
          problemCount: 22,
          problems: Array.from({ length: 20 }, (_, i) => ({
            line: i + 2,
            column: 'BilledCost',
            message: 'must be a decimal number',
          })),
        }),
      ),
    });
    await renderCostPage(api, { mayImport: true });
    const dialog = await chooseAndImport('aws', new File(['x'], 'aws.csv'));
    expect(dialog).toHaveTextContent(
      'Nothing was imported: the file has 22 problems',
    );
    const problems = within(dialog).getByRole('list', { name: 'Problems' });
    expect(within(problems).getAllByRole('listitem')[0]).toHaveTextContent(
      'line 2, BilledCost: must be a decimal number',
    );
    expect(dialog).toHaveTextContent('…and 2 more.');
    expect(api.sources).toHaveBeenCalledTimes(1);
  });

  it('will not send a source name the backend would refuse', async () => {
    await renderCostPage(makeCostApi(), { mayImport: true });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Import a FOCUS file' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Source' }), {
      target: { value: 'paved-shared-costs' },
    });
    expect(dialog).toHaveTextContent("is Paved's own");
    expect(
      within(dialog).getByRole('button', { name: 'Import' }),
    ).toBeDisabled();
  });
});
