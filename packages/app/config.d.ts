export interface Config {
  paved?: {
    signIn?: {
      /**
       * Sign-in methods offered on the sign-in page: `guest` for local use,
       * `github` in production.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
