import { expect, Page, test } from '@playwright/test';

/**
 * Switches the catalog from the squad's components to all of them, once the
 * page has settled on the first (a click before that can be undone by it).
 */
async function showAllComponents(page: Page) {
  await expect(page.getByText(/^Owned Components \(\d+\)$/)).toBeVisible();
  await expect(async () => {
    await page.getByRole('menuitem', { name: /^All \d+$/ }).click();
    await expect(page.getByText(/^All Components \(\d+\)$/)).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 20_000 });
}

test.describe('a newcomer opens the portal', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
  });

  test('signs in as guest and sees their squad, then the whole demo organisation', async ({
    page,
  }) => {
    await expect(page).toHaveTitle(/Paved/);
    await expect(
      page.getByRole('heading', { name: 'Lumen Retail Catalog' }),
    ).toBeVisible();
    // The guest is a product developer in the discovery squad: the catalog
    // opens on what their squad owns (5 declared, 1 inferred from GitHub).
    await expect(page.getByText('Owned Components (6)')).toBeVisible();
    const table = page.getByRole('table');
    await expect(
      table.getByRole('link', { name: 'Storefront Web' }),
    ).toBeVisible();

    await page.getByRole('menuitem', { name: 'All 21' }).click();
    // 17 declared in catalog-info/, 4 inferred from the fake GitHub.
    await expect(page.getByText('All Components (21)')).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'Checkout Service' }),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'Checkout Squad' }).first(),
    ).toBeVisible();
  });

  test('opens a service and sees its description, owner, system and tabs', async ({
    page,
  }) => {
    await showAllComponents(page);
    await page
      .getByRole('table')
      .getByRole('link', { name: 'Checkout Service' })
      .click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/checkout-service/,
    );
    await expect(
      page.getByRole('heading', { name: 'Checkout Service' }).first(),
    ).toBeVisible();
    await expect(
      page
        .getByText('Orchestrates cart-to-order checkout', { exact: false })
        .first(),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Checkout Squad' }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Checkout', exact: true }).first(),
    ).toBeVisible();
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
    await expect(
      page.getByRole('heading', { name: 'Consumed APIs' }),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Payments API' }),
    ).toBeVisible();
  });
});

test.describe('repositories without catalog-info.yaml', () => {
  test('appear as inferred components, with the owner CODEOWNERS names', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await showAllComponents(page);
    const table = page.getByRole('table');
    const row = table.getByRole('row').filter({ hasText: 'pricing-engine' });
    await expect(row).toBeVisible();
    await expect(row.getByText('inferred')).toBeVisible();
    await row.getByRole('link', { name: 'pricing-engine' }).click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/pricing-engine/,
    );
    await expect(
      page.getByRole('link', { name: 'Checkout Squad' }).first(),
    ).toBeVisible();
    await expect(page.getByText('production').first()).toBeVisible();
    // The overview says where the component came from and what to do.
    await expect(page.getByText('Inferred from GitHub')).toBeVisible();
    await expect(
      page.getByText('the team that owns the whole repository in CODEOWNERS', {
        exact: false,
      }),
    ).toBeVisible();
    await expect(
      page.getByRole('link', {
        name: 'Add a catalog-info.yaml to the repository',
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/lumen-retail/pricing-engine/new/main?filename=catalog-info.yaml',
    );
  });

  test('declared components carry no inferred notice', async ({ page }) => {
    await page.goto('/catalog/default/component/checkout-service');
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(page.getByText('About').first()).toBeVisible();
    await expect(page.getByText('Inferred from GitHub')).toHaveCount(0);
  });
});
