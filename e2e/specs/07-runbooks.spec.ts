import { expect, test } from '@playwright/test';
import { guestToken, signInAsGuest } from '../guest';

// The on-call engineer follows an alert's runbook_url to the runbook; a
// lead reads coverage. The runbooks are the demo organisation's, read from
// the fake GitHub (packages/fake-cloud/fixtures/lumen-retail), with the
// deliberate gaps its README lists.

test.beforeAll(async ({ request }, testInfo) => {
  testInfo.setTimeout(120_000);
  const token = await guestToken(request);
  // Index now rather than wait for the schedule; the catalog may still be
  // adding Components, so read until every demo runbook is in.
  await expect
    .poll(
      async () => {
        const response = await request.post('/api/runbooks/refresh', {
          headers: { Authorization: `Bearer ${token}` },
          data: {},
        });
        expect(response.status(), await response.text()).toBe(200);
        return (await response.json()).run.runbooks;
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThanOrEqual(16);
});

test.beforeEach(async ({ page }) => signInAsGuest(page));

test('an alert’s runbook_url opens its runbook, whatever the case of the name', async ({
  page,
  request,
}) => {
  await page.goto('/runbooks/alert/checkouthighlatency');
  await expect(
    page.getByRole('heading', { name: 'Checkout Service runbook' }).first(),
  ).toBeVisible();
  const runbook = page.getByRole('region', { name: 'Runbook', exact: true });
  await expect(runbook).toContainText('Escalation path');
  await expect(
    page.getByRole('link', { name: 'Edit on GitHub' }),
  ).toHaveAttribute(
    'href',
    'https://github.com/lumen-retail/checkout-service/blob/HEAD/docs/runbooks/checkout-service.md',
  );

  // The same answer as JSON, for tools.
  const token = await guestToken(request);
  const json = await request.get('/api/runbooks/alerts/CheckoutHighLatency', {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(await json.json()).toMatchObject({
    status: 'found',
    runbook: { entityRef: 'component:default/checkout-service' },
  });
});

test('an alert two services declare asks which one paged', async ({ page }) => {
  await page.goto('/runbooks/alert/HighErrorRate');
  const candidates = page.getByRole('region', { name: 'Candidates' });
  await expect(candidates).toContainText('cart-service');
  await expect(candidates).toContainText('product-service');
  await candidates.getByRole('link', { name: 'product-service' }).click();
  await expect(page).toHaveURL(/service=product-service/);
  await expect(
    page.getByRole('heading', { name: 'Product Service runbook' }).first(),
  ).toBeVisible();
});

test('an alert without a runbook says so and names the owning squad', async ({
  page,
}) => {
  await page.goto(
    '/runbooks/alert/ShippingLabelPrinterOffline?service=shipping-service',
  );
  const none = page.getByRole('region', { name: 'No runbook' });
  await expect(none).toContainText(
    'No runbook for ShippingLabelPrinterOffline',
  );
  await expect(none).toContainText('fulfilment-squad');
});

test('a lead sees which production services lack a complete, fresh runbook', async ({
  page,
}) => {
  await page.goto('/runbooks');
  const components = page.getByRole('region', {
    name: 'Production components',
  });
  await expect(
    components.getByRole('row', { name: /Shipping Service/ }),
  ).toContainText('no runbook');
  await expect(
    components.getByRole('row', { name: /Inventory Service/ }),
  ).toContainText('Not reviewed in 180 days');
  await expect(
    components.getByRole('row', { name: /Notification Worker/ }),
  ).toContainText('External contacts');
  const alerts = page.getByRole('region', { name: 'Alerts without a runbook' });
  await expect(alerts).toContainText('ShippingLabelPrinterOffline');
  await expect(alerts).toContainText('ShippingCarrierApiErrors');

  await page.getByRole('tab', { name: 'Problems' }).click();
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('./img/architecture.png');
  await expect(problems).toContainText('Front-matter invalid');
});

test('runbook search puts the exact alert first and highlights what matched', async ({
  page,
}) => {
  await page.goto('/runbooks');
  await page
    .getByRole('textbox', { name: 'Search runbooks' })
    .fill('PaymentsProviderTimeouts');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('link').first()).toContainText(
    'PaymentsProviderTimeouts',
  );
  await page
    .getByRole('textbox', { name: 'Search runbooks' })
    .fill('kafka consumer lag');
  await expect(results.locator('mark').first()).toBeVisible();
});

test('global search finds runbooks', async ({ page, request }) => {
  test.setTimeout(200_000);
  const token = await guestToken(request);
  // The search collator runs every minute in the demo.
  await expect
    .poll(
      async () => {
        const response = await request.get(
          '/api/search/query?term=PaymentsWebhookBacklog&types[0]=runbook',
          { headers: { Authorization: `Bearer ${token}` } },
        );
        return (await response.json()).results?.length ?? 0;
      },
      { timeout: 150_000, intervals: [5_000] },
    )
    .toBeGreaterThan(0);
  await page.goto('/search?query=PaymentsWebhookBacklog');
  await expect(page.getByText('PaymentsWebhookBacklog').first()).toBeVisible();
});

test('the on-call page fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/runbooks/oncall/default/checkout-service');
  await expect(
    page.getByRole('region', { name: 'Escalation', exact: true }),
  ).toContainText('checkout-primary');
  await expect(
    page.getByRole('region', { name: 'Kubernetes workloads' }),
  ).toContainText('checkout-service');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
