import { expect, test } from '@playwright/test';
import { guestToken, signInAsGuest } from '../guest';

// A lead reads what each squad costs and what jumped. The data is the fake
// cloud's FOCUS export of Lumen Retail's AWS account and Azure subscription
// (packages/fake-cloud/src/cost), imported 15 s after start; in it
// identity-service costs 35 % more from the first day of last month.

test.beforeAll(async ({ request }, testInfo) => {
  testInfo.setTimeout(180_000);
  const token = await guestToken(request);
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/cost/imports', {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(response.status(), await response.text()).toBe(200);
        const { imports } = await response.json();
        return imports.map((i: { status: string }) => i.status);
      },
      { timeout: 150_000, intervals: [3_000] },
    )
    .toContain('succeeded');
});

test.beforeEach(async ({ page }) => signInAsGuest(page));

test('the cost page shows each squad’s cost and flags the jump', async ({
  page,
}) => {
  await page.goto('/cost');
  const bySquad = page.getByRole('table', { name: 'Cost by squad' });
  for (const squad of [
    'checkout-squad',
    'discovery-squad',
    'fulfilment-squad',
    'identity-squad',
  ]) {
    await expect(bySquad).toContainText(squad);
  }
  await expect(bySquad).toContainText('Unallocated');
  await expect(bySquad).toContainText('$');
  await expect(
    page.getByText(/Last import: lumen-retail-aws-azure/),
  ).toBeVisible();

  const identity = page
    .getByRole('table', { name: 'Month-over-month change' })
    .getByRole('row')
    .filter({ hasText: 'identity-squad' });
  await expect(identity).toContainText('Over 20 %');
  await expect(identity).toContainText(/\+3\d\.\d %/);

  await expect(
    page.getByRole('table', { name: 'Top unallocated resources' }),
  ).toContainText('lumen-retail-tmp-exports');
});

test('a Component’s Cost tab shows this month against last, by environment', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/identity-service/cost');
  await expect(page.getByText('This month so far (USD)')).toBeVisible();
  const environments = page.getByRole('table', { name: 'Cost by environment' });
  await expect(environments).toContainText('production');
  await expect(environments).toContainText('staging');
});
