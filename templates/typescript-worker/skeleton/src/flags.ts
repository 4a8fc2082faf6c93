import { hostname } from 'node:os';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { ErrorCode, OpenFeature, type Client } from '@openfeature/server-sdk';
import type { Config } from './config';
import type { Logger } from './logger';

/** An evaluation that takes longer than this falls back (see {@link PauseSwitch}). */
export const FLAG_TIMEOUT_MS = 500;

/**
 * The kill switch: while it is on, no replica takes new jobs (running ones
 * finish). Created off by the template; turn it on in Paved (Component page →
 * Feature flags) to stop processing without a deployment, e.g. while a
 * downstream service is down.
 */
export const PAUSE_FLAG = '${{ values.name }}-pause-processing';

/**
 * The OpenFeature client of this worker. With `PAVED_FLAGS_API_KEY` set,
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

/**
 * Reads {@link PAUSE_FLAG} for the poll loop. Never throws. When the flag
 * does not exist or no provider is set, processing goes on (off). When Paved
 * cannot answer, the last value read is kept: a paused worker stays paused
 * through a blip, a running one keeps running.
 */
export class PauseSwitch {
  private last = false;
  private failing = false;

  constructor(
    private readonly flags: Client,
    private readonly log: Logger,
    private readonly targetingKey: string = hostname(),
  ) {}

  async isPaused(): Promise<boolean> {
    try {
      const details = await this.flags.getBooleanDetails(PAUSE_FLAG, false, {
        targetingKey: this.targetingKey,
      });
      if (!details.errorCode) {
        this.recovered();
        this.last = details.value;
      } else if (details.errorCode === ErrorCode.FLAG_NOT_FOUND || details.errorCode === ErrorCode.PROVIDER_NOT_READY) {
        // Expected while no provider is configured or the flag is not created yet.
        this.recovered();
        this.last = false;
      } else {
        this.failed({ errorCode: details.errorCode, errorMessage: details.errorMessage });
      }
    } catch (err) {
      this.failed({ err });
    }
    return this.last;
  }

  /** Warns once per outage, not at every poll. */
  private failed(fields: Record<string, unknown>): void {
    const level = this.failing ? 'debug' : 'warn';
    this.log[level]({ ...fields, flag: PAUSE_FLAG, paused: this.last }, 'pause flag evaluation failed; keeping the last value');
    this.failing = true;
  }

  private recovered(): void {
    if (this.failing) {
      this.log.info({ flag: PAUSE_FLAG }, 'pause flag evaluation works again');
      this.failing = false;
    }
  }
}
