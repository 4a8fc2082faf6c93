import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DoraApi, doraApiRef, DoraFilter } from '../api/DoraApi';
import { makeDoraApi } from '../testing/fixtures';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { DrillDown } from './DrillDown';

const filter: DoraFilter = {
  entityRef: 'component:default/checkout-service',
  environment: 'production-eu',
  windowDays: 90,
  to: new Date('2026-11-23T12:00:00.000Z'),
};

function render(doraApi: DoraApi) {
  return renderInTestApp(<DrillDown filter={filter} />, {
    apis: [[doraApiRef, doraApi]],
  });
}

describe('DrillDown', () => {
  // jsdom has no object URLs and cannot follow a download link.
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:http://localhost/1');
  const revokeObjectURL = jest.fn();
  let clicked: HTMLAnchorElement[];

  beforeEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    clicked = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push(this);
      });
  });

  afterEach(() => jest.restoreAllMocks());

  it('downloads the list shown, with the filters of the view', async () => {
    const blob = new Blob(['id,entityRef,title\r\n'], { type: 'text/csv' });
    const downloadCsv = jest.fn(async () => ({
      fileName: 'dora-changes-component_default_checkout-service.csv',
      blob,
    }));
    render(makeDoraApi({ downloadCsv }));
    const drillDown = within(
      await screen.findByRole('region', { name: 'Drill-down' }),
    );

    fireEvent.click(drillDown.getByRole('tab', { name: 'Changes' }));
    fireEvent.click(drillDown.getByRole('button', { name: 'Download CSV' }));

    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(downloadCsv).toHaveBeenCalledWith('changes', filter);
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect(clicked[0].download).toBe(
      'dora-changes-component_default_checkout-service.csv',
    );
    expect(clicked[0].href).toBe('blob:http://localhost/1');
    // The temporary link is gone again.
    expect(document.querySelector('a[download]')).toBeNull();
    await waitFor(() =>
      expect(
        drillDown.getByRole('button', { name: 'Download CSV' }),
      ).toBeEnabled(),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('downloads the deployments from the first tab', async () => {
    const downloadCsv = jest.fn(makeDoraApi().downloadCsv);
    render(makeDoraApi({ downloadCsv }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Download CSV' }),
    );
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(downloadCsv).toHaveBeenCalledWith('deployments', filter);
    expect(clicked[0].download).toBe('dora-deployments.csv');
  });

  it('says why a download failed, in the backend’s words, until another list', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(
        400,
        errorBody(400, 'InputError', 'Invalid query: to: must be after from'),
      ),
    );
    render(
      makeDoraApi({
        downloadCsv: async () => {
          throw error;
        },
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Download CSV' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not download the deployments as CSV: Invalid query: to: must be after from',
    );
    expect(clicked).toHaveLength(0);

    fireEvent.click(screen.getByRole('tab', { name: 'Incidents' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(
      await screen.findByText('No incident opened in this window.'),
    ).toBeInTheDocument();
  });
});
