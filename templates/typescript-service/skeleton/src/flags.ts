import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OpenFeature, type Client } from '@openfeature/server-sdk';
import type { Config } from './config';

/** An evaluation that takes longer than this falls back to the code default. */
export const FLAG_TIMEOUT_MS = 500;

/**
 * The OpenFeature client of this service. With `PAVED_FLAGS_API_KEY` set,
 * flags come from Paved's feature-flags API over OFREP
 * (`POST <PAVED_FLAGS_URL>/ofrep/v1/evaluate/flags/<key>`); the key decides
 * the environment. Without a key no provider is set and every evaluation
 * returns the default written in the code.
 */
export function createFlagClient(config: Pick<Config, 'serviceName' | 'flagsUrl' | 'flagsApiKey'>): Client {
  if (config.flagsApiKey) {
    OpenFeature.setProvider(
      new OFREPProvider({
        baseUrl: config.flagsUrl,
        headers: [['Authorization', `Bearer ${config.flagsApiKey}`]],
        fetchImplementation: (input: string | URL | Request, init?: RequestInit) =>
          fetch(input, { ...init, signal: AbortSignal.timeout(FLAG_TIMEOUT_MS) }),
      }),
    );
  }
  return OpenFeature.getClient(config.serviceName);
}
