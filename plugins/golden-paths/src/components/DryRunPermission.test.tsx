import { fireEvent, screen } from '@testing-library/react';
import { makeGoldenPathsApi } from '../__testUtils__/fixtures';
import { renderGoldenPathsAt, settle } from '../__testUtils__/render';

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

// usePermission caches its answer for the module: the denied user gets a
// test file of their own, so no earlier test's "allowed" is reused.
describe('for a user not allowed to dry-run templates', () => {
  it('offers no dry run on the templates page', async () => {
    const api = makeGoldenPathsApi();
    await renderGoldenPathsAt('/golden-paths', { api, permission: 'DENY' });
    expect(
      await screen.findByRole('link', { name: 'TypeScript HTTP service' }),
    ).toBeInTheDocument();
    await settle();
    expect(screen.queryByRole('button', { name: 'Dry run' })).toBeNull();
  });

  it('says so on the dry-run page and sends nothing', async () => {
    const api = makeGoldenPathsApi();
    await renderGoldenPathsAt(
      '/golden-paths/dry-run/default/typescript-service',
      { api, permission: 'DENY' },
    );
    expect(
      await screen.findByText(
        'You may not dry-run templates: only the platform squad may.',
      ),
    ).toBeInTheDocument();
    const button = screen.getByRole('button', { name: 'Run' });
    expect(button).toBeDisabled();
    fireEvent.click(button);
    expect(api.dryRun).not.toHaveBeenCalled();
  });
});
