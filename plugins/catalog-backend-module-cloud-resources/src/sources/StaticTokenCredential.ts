import { AccessToken, TokenCredential } from '@azure/core-auth';

/** A fixed bearer token from config, for a local fake of Azure. */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}

  async getToken(): Promise<AccessToken> {
    return {
      token: this.token,
      expiresOnTimestamp: Date.now() + 60 * 60 * 1000,
    };
  }
}
