import { expect, test } from '@playwright/test';
import { guestToken, signInAsGuest } from '../guest';

// A lead reads what each squad costs, what jumped and what to right-size.
// The data is the fake cloud's Lumen Retail: its Azure subscription's FOCUS
// export and its AWS account's Cost Explorer (packages/fake-cloud, imported
// 15 s after start), in which identity-service costs 35 % more from the
// first day of last month, and each cluster's OpenCost (45 s after start),
// in which production's search-service uses more memory than it requests.

test.beforeAll(async ({ request }, testInfo) => {
  testInfo.setTimeout(180_000);
  const token = await guestToken(request);
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/cost/sources', {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(response.status(), await response.text()).toBe(200);
        const { sources } = await response.json();
        return sources
          .filter((s: { lastSucceeded: unknown }) => s.lastSucceeded)
          .map((s: { source: string }) => s.source)
          .sort();
      },
      { timeout: 150_000, intervals: [3_000] },
    )
    .toEqual([
      'lumen-retail-aws',
      'lumen-retail-azure',
      'opencost-production',
      'opencost-staging',
    ]);
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
  await expect(page.getByText(/4 sources, all up to date/)).toBeVisible();
  // Importing replaces billing periods: the platform squad's, not a guest's.
  await expect(
    page.getByRole('button', { name: 'Import a FOCUS file' }),
  ).toHaveCount(0);

  const identity = page
    .getByRole('table', { name: 'Month-over-month change' })
    .getByRole('row')
    .filter({ hasText: 'identity-squad' });
  await expect(identity).toContainText('Over 20 %');
  await expect(identity).toContainText(/\+3\d\.\d %/);

  // Cost Explorer bills by service, not resource: an untagged Azure storage
  // account is named, AWS's untagged cost by its service; OpenCost's idle
  // capacity is no one's.
  const unallocated = page.getByRole('table', {
    name: 'Top unallocated resources',
  });
  await expect(unallocated).toContainText('lumenscratch01');
  await expect(unallocated).toContainText('production/__idle__');
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

test('right-sizing lists search-service’s memory to raise first, and the JVM services to lower', async ({
  page,
}) => {
  await page.goto('/cost');
  const rightSizing = page.getByRole('region', { name: 'Right-sizing' });
  const rows = rightSizing
    .getByRole('table', { name: 'Right-sizing' })
    .getByRole('row');
  await expect(rows.nth(1)).toContainText('search-service · search-service');
  await expect(rows.nth(1)).toContainText('128Mi →');
  await expect(rows.nth(1)).toContainText('raise');
  const product = rows
    .filter({ hasText: 'product-service · product-service' })
    .first();
  await expect(product).toContainText('lower');
  await expect(product).toContainText(
    /kubectl -n storefront set resources deployment\/product-service/,
  );
  await expect(rightSizing).toContainText(
    /Applying every suggestion saves about \$[\d,.]+ a month/,
  );

  // The Component's own tab lists its containers only.
  await page.goto('/catalog/default/component/product-service/cost');
  const tab = page.getByRole('region', { name: 'Right-sizing' });
  await expect(tab.getByRole('row').nth(1)).toContainText('product-service');
  await expect(tab).not.toContainText('search-service');
});
