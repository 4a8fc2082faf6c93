// The demo's services evaluating their feature flags: each service with a
// demo API key in the flag seed evaluates its flag set over OFREP for a few
// shoppers every second, as its pods would, so the Feature flags tab's
// evaluation counts move and the stale-flag report has real data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

/** The Lumen Retail squads' flags and the demo services' API keys. */
export const DEMO_FEATURE_FLAG_SEED = join(
  ROOT,
  'packages',
  'fake-cloud',
  'fixtures',
  'lumen-retail-feature-flags.json',
);

const SHOPPERS_PER_SECOND = 3;

/** Starts the traffic; returns a function that stops it. */
export function startDemoFlagTraffic(
  baseUrl,
  seedFile = DEMO_FEATURE_FLAG_SEED,
) {
  const { apiKeys } = JSON.parse(readFileSync(seedFile, 'utf8'));
  const url = `${baseUrl}/api/feature-flags/ofrep/v1/evaluate/flags`;
  let shopper = 0;
  const tick = () =>
    Promise.all(
      apiKeys.flatMap(({ secret }) =>
        Array.from({ length: SHOPPERS_PER_SECOND }, () => {
          shopper += 1;
          // One in twenty is a member of staff (internal-staff); shoppers
          // 1 to 10 are beta customers (beta-customers, app-config.yaml).
          const id = shopper % 2000;
          const context = {
            targetingKey: `shopper-${id}`,
            email:
              shopper % 20 === 0
                ? `staff${shopper % 40}@lumen-retail.example`
                : `shopper${id}@example.com`,
          };
          return fetch(url, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${secret}`,
            },
            body: JSON.stringify({ context }),
          }).catch(() => undefined);
        }),
      ),
    );
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
