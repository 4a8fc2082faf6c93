import { expect, Page, test } from '@playwright/test';
import { signInAsGuest } from '../guest';

// The demo's fake cloud serves Lumen Retail as GitHub, two Kubernetes
// clusters, AWS and Azure; these tests read what the providers made of it.

test.beforeEach(async ({ page }) => signInAsGuest(page));

/**
 * Providers run a few seconds after start-up and the catalog stitches what
 * they emit shortly after: reload until `check` passes, as a user would.
 */
async function eventually(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 60_000 });
}

test('the ingestion page shows every provider’s last run and what needs a human', async ({
  page,
}) => {
  // The platform squad finds it in the sidebar.
  await page.getByRole('link', { name: 'Ingestion' }).click();
  await expect(page).toHaveURL(/\/ingestion$/);
  const providers = page.getByRole('region', { name: 'Providers' });
  for (const provider of [
    'github-inference:lumen-retail',
    'kubernetes-workloads:staging',
    'kubernetes-workloads:production',
    'cloud-resources:lumen-retail',
  ]) {
    await eventually(page, () =>
      expect(
        providers.getByRole('cell', { name: provider, exact: true }),
      ).toBeVisible({ timeout: 2_000 }),
    );
  }
  // Each count on its own line, spelled out.
  const cloudRun = providers
    .getByRole('row')
    .filter({ hasText: 'cloud-resources:lumen-retail' });
  await expect(cloudRun.getByText('30 aws', { exact: true })).toBeVisible();
  await expect(cloudRun.getByText('8 azure', { exact: true })).toBeVisible();
  await expect(cloudRun).toContainText('Complete');

  const attention = page.getByRole('region', { name: 'Needs a human' });
  await eventually(page, async () => {
    await expect(
      attention.getByRole('link', { name: 'data-pipelines' }),
    ).toBeVisible({ timeout: 2_000 });
    await expect(
      attention.getByRole('row').filter({ hasText: 'i-0a1b2c3d4e5f67890' }),
    ).toContainText('no owner found', { timeout: 2_000 });
  });
  await expect(
    attention.getByRole('row').filter({ hasText: 'data-pipelines' }),
  ).toContainText('no owner found, no catalog-info.yaml');
});

test('a service shows the workloads and cloud resources it runs on', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/order-service');
  const runsOn = page.getByRole('region', { name: 'Runs on' });
  await eventually(page, () =>
    expect(
      runsOn.getByRole('link', {
        name: 'order-service (Deployment, production/fulfilment)',
      }),
    ).toBeVisible({ timeout: 5_000 }),
  );
  await expect(runsOn.getByRole('link', { name: 'orders-prod' })).toBeVisible();
  await expect(
    runsOn.getByRole('row').filter({
      hasText: 'order-service (Deployment, production/fulfilment)',
    }),
  ).toContainText('Kubernetes · production/fulfilment');
  await expect(
    runsOn.getByRole('row').filter({ hasText: 'orders-prod' }),
  ).toContainText('AWS · 210987654321/eu-west-1');
});

test('an ingested resource says where it came from and when it was refreshed', async ({
  page,
}) => {
  await page.goto('/catalog/default/resource/aws-rds-orders-prod');
  const card = page.getByRole('region', { name: 'Where this comes from' });
  await eventually(page, () =>
    expect(card.getByText('AWS', { exact: true })).toBeVisible({
      timeout: 5_000,
    }),
  );
  await expect(card.getByText('210987654321/eu-west-1')).toBeVisible();
  await expect(card.getByText('cloud-resources:lumen-retail')).toBeVisible();
  await expect(card.getByText(/\d+ (s|min) ago/)).toBeVisible();
  // Owned through its tags.
  await expect(
    page.getByRole('link', { name: 'Fulfilment Squad' }).first(),
  ).toBeVisible();
});

test('an unowned resource says so, and where to fix it', async ({ page }) => {
  await page.goto('/catalog/default/resource/aws-ec2-i-0a1b2c3d4e5f67890');
  const card = page.getByRole('region', { name: 'Where this comes from' });
  await eventually(page, () =>
    expect(card.getByText('Nothing named an owner')).toBeVisible({
      timeout: 5_000,
    }),
  );
  await expect(card.getByText('210987654321/us-east-1')).toBeVisible();
});

test('a declared component names the repository file it comes from', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/checkout-service');
  const card = page.getByRole('region', { name: 'Where this comes from' });
  await expect(card.getByText('Declared in a catalog file')).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    card.getByText('https://github.com/lumen-retail/checkout-service/', {
      exact: false,
    }),
  ).toHaveCount(2);
});
