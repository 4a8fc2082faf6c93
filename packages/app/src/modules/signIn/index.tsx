import {
  createFrontendModule,
  githubAuthApiRef,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const githubProvider = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * Offers the sign-in methods listed in `paved.signIn.providers`: `guest`
 * for local use, `github` in production.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      const { useApi, configApiRef } = await import(
        '@backstage/frontend-plugin-api'
      );
      return props => {
        const config = useApi(configApiRef);
        const configured = config.getOptionalStringArray(
          'paved.signIn.providers',
        ) ?? ['guest'];
        const providers = configured.map(id =>
          id === 'github' ? githubProvider : ('guest' as const),
        );
        return <SignInPage {...props} providers={providers} />;
      };
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
