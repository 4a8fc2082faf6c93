import { Deployment } from '@internal/plugin-dora-common';

/** The service most metric tests measure. */
export const CHECKOUT = 'component:default/checkout';

/** A 40-digit SHA of one repeated character: `sha('a')`. */
export const sha = (digit: string) => digit.repeat(40);

/** A successful production deployment of checkout, unless overridden. */
export const deployment = (
  id: string,
  finishedAt: string,
  overrides: Partial<Deployment> = {},
): Deployment => ({
  id,
  entityRef: CHECKOUT,
  repository: 'acme/checkout',
  environment: 'production',
  environmentKind: 'production',
  sha: sha('0'),
  status: 'success',
  finishedAt: new Date(finishedAt),
  source: 'api',
  ...overrides,
});
