import { expect, test } from '@playwright/test';

test.describe('a newcomer opens the portal', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
  });

  test('signs in as guest and sees their squad, then the whole demo organisation', async ({
    page,
  }) => {
    await expect(page).toHaveTitle(/Paved/);
    await expect(page.getByRole('heading', { name: 'Lumen Retail Catalog' })).toBeVisible();
    // The guest is a product developer in the discovery squad: the catalog
    // opens on what their squad owns.
    await expect(page.getByText('Owned Components (5)')).toBeVisible();
    const table = page.getByRole('table');
    await expect(table.getByRole('link', { name: 'Storefront Web' })).toBeVisible();

    await page.getByRole('menuitem', { name: 'All 17' }).click();
    await expect(page.getByText('All Components (17)')).toBeVisible();
    await expect(table.getByRole('link', { name: 'Checkout Service' })).toBeVisible();
    await expect(table.getByRole('link', { name: 'Checkout Squad' }).first()).toBeVisible();
  });

  test('opens a service and sees its description, owner, system and tabs', async ({
    page,
  }) => {
    await page.getByRole('menuitem', { name: 'All 17' }).click();
    await page.getByRole('table').getByRole('link', { name: 'Checkout Service' }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/checkout-service/);
    await expect(page.getByRole('heading', { name: 'Checkout Service' }).first()).toBeVisible();
    await expect(
      page.getByText('Orchestrates cart-to-order checkout', { exact: false }).first(),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'Checkout Squad' }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Checkout', exact: true }).first()).toBeVisible();
    const entityUrl = '/catalog/default/component/checkout-service';
    for (const [tab, path] of [
      ['Overview', ''],
      ['APIs', '/apis'],
      ['Kubernetes', '/kubernetes'],
    ]) {
      await expect(
        page.locator(`a[href="${entityUrl}${path}"]`).filter({ hasText: tab }),
      ).toBeVisible();
    }
    await expect(page.getByRole('heading', { name: 'Consumed APIs' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Payments API' })).toBeVisible();
  });
});
