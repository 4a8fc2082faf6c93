import { screen } from '@testing-library/react';
import { renderAppWithConfig } from './__testUtils__/renderAppWithConfig';

jest.setTimeout(30_000);

describe('App, configured for local use', () => {
  it('offers guest sign-in and no GitHub', async () => {
    renderAppWithConfig({ paved: { signIn: { providers: ['guest'] } } });
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Sign in with your GitHub account')).toBeNull();
  });
});
