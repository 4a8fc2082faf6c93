import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { makeGoldenPathsApi } from '../__testUtils__/fixtures';
import { renderGoldenPathsAt, settle } from '../__testUtils__/render';

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

/** The template rows of the templates table, by their title cell. */
function templateRow(title: string): HTMLElement {
  const table = screen.getByRole('table', { name: 'Templates' });
  const row = within(table)
    .getAllByRole('row')
    .find(r =>
      within(r).queryAllByRole('cell')[1]?.textContent?.startsWith(title),
    );
  if (!row) throw new Error(`No row for template ${title}`);
  return row;
}

const cellsOf = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map(cell => cell.textContent);

function serviceRows(templateTitle: string) {
  const table = screen.getByRole('table', {
    name: `Services generated from ${templateTitle}`,
  });
  return within(table).getAllByRole('row').slice(1).map(cellsOf);
}

describe('GoldenPathsPage', () => {
  it('lists the templates with their version, owner, services and lag', async () => {
    await renderGoldenPathsAt('/golden-paths');
    await screen.findByRole('table', { name: 'Templates' });

    const typescript = templateRow('TypeScript HTTP service');
    const cells = cellsOf(typescript);
    expect(cells[2]).toBe('1.4.1');
    expect(cells[3]).toBe('typescriptservice');
    expect(cells[4]).toBe('platform-squad');
    expect(cells[5]).toBe('6');
    expect(
      within(typescript).getByRole('group', {
        name: '2 current · 1 patch behind · 1 minor behind · 1 major behind · 1 version unknown',
      }),
    ).toBeInTheDocument();
    expect(within(typescript).getByText('1 major behind')).toBeInTheDocument();
    expect(
      within(typescript).getByRole('link', { name: 'TypeScript HTTP service' }),
    ).toHaveAttribute('href', '/create/templates/default/typescript-service');
    expect(
      within(typescript).getByRole('link', { name: 'platform-squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/platform-squad');

    // A template with no services yet.
    expect(cellsOf(templateRow('Python queue worker'))[5]).toBe('0');

    // A template gone from the catalog: no link, no dry run.
    const gone = templateRow('java-service');
    expect(gone).toHaveTextContent('not in the catalog any more');
    expect(
      within(gone).queryByRole('link', { name: 'java-service' }),
    ).not.toBeInTheDocument();
    expect(
      within(gone).queryByRole('button', { name: 'Dry run' }),
    ).not.toBeInTheDocument();

    expect(
      screen.getByText('3 templates · 7 services generated · 3 behind'),
    ).toBeInTheDocument();
  });

  it('shows a template’s services when expanded, most behind first', async () => {
    await renderGoldenPathsAt('/golden-paths');
    await screen.findByRole('table', { name: 'Templates' });
    expect(
      screen.queryByRole('table', {
        name: 'Services generated from TypeScript HTTP service',
      }),
    ).not.toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', {
        name: 'Show services of TypeScript HTTP service',
      }),
    );

    expect(serviceRows('TypeScript HTTP service')).toEqual([
      ['cart-service', 'checkout-squad', 'checkout', '0.9.0', 'major behind'],
      [
        'loyalty-service',
        'checkout-squad',
        'checkout',
        '1.2.7',
        'minor behind',
      ],
      [
        'pricing-service',
        'checkout-squad',
        'checkout',
        '1.4.0',
        'patch behind',
      ],
      [
        'legacy-importer',
        'checkout-squad',
        'checkout',
        'not recorded',
        'version unknown',
      ],
      ['gift-card-service', 'checkout-squad', 'checkout', '1.4.1', 'current'],
      ['search-service', 'discovery-squad', 'discovery', '1.4.1', 'current'],
    ]);
    expect(screen.getByRole('link', { name: 'cart-service' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service',
    );

    fireEvent.click(
      screen.getByRole('button', {
        name: 'Hide services of TypeScript HTTP service',
      }),
    );
    await settle();
    expect(
      screen.queryByRole('table', {
        name: 'Services generated from TypeScript HTTP service',
      }),
    ).not.toBeInTheDocument();
  });

  it('says when a template has no services yet', async () => {
    await renderGoldenPathsAt('/golden-paths');
    await screen.findByRole('table', { name: 'Templates' });
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Show services of Python queue worker',
      }),
    );
    expect(
      screen.getByText('No services generated from this template yet.'),
    ).toBeInTheDocument();
  });

  it('shows only the services behind when asked', async () => {
    await renderGoldenPathsAt('/golden-paths');
    await screen.findByRole('table', { name: 'Templates' });
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Show services of TypeScript HTTP service',
      }),
    );
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Only services behind' }),
    );

    expect(serviceRows('TypeScript HTTP service').map(row => row[0])).toEqual([
      'cart-service',
      'loyalty-service',
      'pricing-service',
    ]);
    // Templates without a service behind are left out.
    expect(screen.queryByText('Python queue worker')).not.toBeInTheDocument();
    expect(screen.queryByText('java-service')).not.toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Only services behind' }),
    );
    expect(serviceRows('TypeScript HTTP service')).toHaveLength(6);
    expect(screen.getByText('Python queue worker')).toBeInTheDocument();
  });

  it('offers a dry run of the templates in the catalog to the platform squad', async () => {
    await renderGoldenPathsAt('/golden-paths');
    await screen.findByRole('table', { name: 'Templates' });
    expect(
      await within(templateRow('TypeScript HTTP service')).findByRole(
        'button',
        { name: 'Dry run' },
      ),
    ).toHaveAttribute(
      'href',
      '/golden-paths/dry-run/default/typescript-service',
    );
  });

  it('says how to add a template when there is none', async () => {
    await renderGoldenPathsAt('/golden-paths', {
      api: makeGoldenPathsApi({
        listTemplates: jest.fn(async () => ({ templates: [] })),
      }),
    });
    expect(
      await screen.findByText('No templates yet — add one under templates/'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the backend’s error', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(
        500,
        errorBody(500, 'Error', 'The catalog did not answer in time'),
      ),
    );
    await renderGoldenPathsAt('/golden-paths', {
      api: makeGoldenPathsApi({
        listTemplates: jest.fn(async () => {
          throw error;
        }),
      }),
    });
    expect(
      (await screen.findAllByText(/The catalog did not answer in time/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table', { name: 'Templates' })).toBeNull();
  });
});
