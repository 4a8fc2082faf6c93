import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * The official OpenFeature web SDK and OFREP web provider, bundled for the
 * browser as an application would ship them, and a blank page that loads
 * them at the portal's own origin — so the provider's requests to
 * `/api/feature-flags/ofrep/...` are same-origin, as they are for a service
 * behind the same gateway.
 */

type WebSdk = typeof import('@openfeature/web-sdk');
type OfrepWebProvider = typeof import('@openfeature/ofrep-web-provider');

declare global {
  interface Window {
    openFeature: WebSdk;
    ofrepWeb: OfrepWebProvider;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SDK_TEST_PATH = '/__sdk-test';

let bundle: Promise<string> | undefined;

/** The IIFE bundle; built once per worker. */
function sdkBundle(): Promise<string> {
  bundle ??= build({
    stdin: {
      contents: `
        import * as openFeature from '@openfeature/web-sdk';
        import * as ofrepWeb from '@openfeature/ofrep-web-provider';
        window.openFeature = openFeature;
        window.ofrepWeb = ofrepWeb;
      `,
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  }).then(result => result.outputFiles[0].text);
  return bundle;
}

/** Opens `<baseURL>/__sdk-test`: a page with the SDK loaded and nothing else. */
export async function openSdkPage(page: Page, baseURL: string): Promise<void> {
  const script = await sdkBundle();
  await page.route(`${baseURL}${SDK_TEST_PATH}/sdk.js`, route =>
    route.fulfill({ contentType: 'text/javascript', body: script }),
  );
  await page.route(`${baseURL}${SDK_TEST_PATH}`, route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><title>OpenFeature web SDK</title><script src="${SDK_TEST_PATH}/sdk.js"></script></head><body></body></html>`,
    }),
  );
  await page.goto(`${baseURL}${SDK_TEST_PATH}`);
  await page.waitForFunction(() => Boolean(window.openFeature?.OpenFeature));
}
