import { fireEvent, screen, within } from '@testing-library/react';
import { makeCostApi, makeRightSizing } from '../__testUtils__/fixtures';
import {
  checkoutSquad,
  renderCostPage,
  renderEntityTab,
  settle,
} from '../__testUtils__/render';

jest.setTimeout(30_000);

const rows = () =>
  within(screen.getByRole('table', { name: 'Right-sizing' }))
    .getAllByRole('row')
    .slice(1);

describe('RightSizingSection', () => {
  it('lists containers to raise first, then savings, with the requests to set and the kubectl to set them', async () => {
    await renderCostPage(makeCostApi());
    const section = await screen.findByRole('region', { name: 'Right-sizing' });
    // The container whose requests are about right is left out by default.
    expect(rows()).toHaveLength(2);
    const [search, product] = rows();
    expect(search).toHaveTextContent('search-service · search');
    expect(search).toHaveTextContent('128Mi → 200Mi');
    expect(search).toHaveTextContent('raise');
    expect(search).toHaveTextContent('-$0.71');
    expect(product).toHaveTextContent('500m → 240m');
    expect(product).toHaveTextContent(
      'uses 140m on average, 200m on a typical day’s peak',
    );
    expect(product).toHaveTextContent(
      'kubectl -n storefront set resources deployment/product-service -c app --requests=cpu=240m',
    );
    expect(product).toHaveTextContent('$24.01');
    expect(section).toHaveTextContent(
      'Applying every suggestion saves about $23.30 a month.',
    );
    expect(section).toHaveTextContent(
      '1 container has fewer than 7 days of data yet.',
    );

    fireEvent.click(
      within(section).getByRole('checkbox', { name: 'Only changes' }),
    );
    await settle();
    expect(rows()).toHaveLength(3);
    expect(rows()[2]).toHaveTextContent('cart-service · app');
    expect(rows()[2]).not.toHaveTextContent('kubectl');
  });

  it('says how to get usage when no OpenCost was imported', async () => {
    await renderCostPage(
      makeCostApi({
        rightSizing: jest.fn(async () =>
          makeRightSizing({
            asOf: null,
            from: null,
            to: null,
            containers: [],
            tooNew: 0,
            totals: [],
          }),
        ),
      }),
    );
    const section = await screen.findByRole('region', { name: 'Right-sizing' });
    expect(section).toHaveTextContent(
      'No Kubernetes usage yet: configure cost.imports.openCost',
    );
  });

  it('reads the Component’s containers on its tab, and a group’s by owner', async () => {
    const api = makeCostApi();
    await renderEntityTab(api);
    expect(api.rightSizing).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout-service',
    });
    await renderEntityTab(api, checkoutSquad);
    expect(api.rightSizing).toHaveBeenLastCalledWith({
      owner: 'group:default/checkout-squad',
    });
  });
});
