import { screen } from '@testing-library/react';
import { renderAppWithConfig } from './__testUtils__/renderAppWithConfig';

jest.setTimeout(30_000);

describe('App, configured for production', () => {
  it('offers GitHub sign-in and no guest', async () => {
    renderAppWithConfig({ paved: { signIn: { providers: ['github'] } } });
    expect(
      await screen.findByText('Sign in with your GitHub account', undefined, {
        timeout: 15_000,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });
});
