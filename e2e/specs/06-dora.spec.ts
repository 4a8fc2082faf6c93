import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { guestToken, signInAsGuest } from '../guest';

// A CD tool and an incident tool report to /api/dora about pricing-engine
// (a repository the fake GitHub has no delivery history for, so the numbers
// are exactly these); the GitHub backfill reads the rest of Lumen Retail
// from the fake GitHub. A lead reads the numbers on the DORA tabs and the
// squads page.

const HOUR = 3600_000;
const REPOSITORY = 'lumen-retail/pricing-engine';
const SERVICE = '/catalog/default/component/pricing-engine';

test.beforeAll(async ({ request }) => {
  const token = await guestToken(request);
  const post = async (path: string, data: object) => {
    const response = await request.post(`/api/dora/${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      data,
    });
    expect(response.status(), await response.text()).toBe(201);
  };
  const now = Date.now();
  const at = (hoursAgo: number) =>
    new Date(now - hoursAgo * HOUR).toISOString();
  // Two days ago a pull request (first commit 6 h before) ships with d1;
  // yesterday d2 ships and an incident 30 min later is blamed on it.
  await post('changes', {
    repository: REPOSITORY,
    number: 101,
    title: 'Faster basket totals',
    firstCommitAt: at(54),
    openedAt: at(53),
    firstReviewAt: at(52),
    mergedAt: at(51),
    mergeSha: 'a'.repeat(40),
  });
  await post('deployments', {
    id: 'e2e-d1',
    source: 'argocd',
    repository: REPOSITORY,
    environment: 'production',
    sha: 'a'.repeat(40),
    finishedAt: at(48),
  });
  await post('deployments', {
    id: 'e2e-d2',
    source: 'argocd',
    repository: REPOSITORY,
    environment: 'production',
    sha: 'b'.repeat(40),
    finishedAt: at(24),
  });
  await post('incidents', {
    id: 'e2e-inc-1',
    source: 'pagerduty',
    repository: REPOSITORY,
    title: 'Checkout errors',
    openedAt: at(23.5),
    resolvedAt: at(22.5),
  });
});

test.beforeEach(async ({ page }) => signInAsGuest(page));

test('a lead reads a service’s delivery performance on its DORA tab', async ({
  page,
}) => {
  await page.goto(SERVICE);
  await page
    .locator(`a[href="${SERVICE}/dora"]`)
    .filter({ hasText: 'DORA' })
    .click();
  await expect(page).toHaveURL(/\/pricing-engine\/dora/);

  const frequency = page.getByRole('region', { name: 'Deployment frequency' });
  await expect(frequency).toContainText('2 deployments');
  const failures = page.getByRole('region', { name: 'Change failure rate' });
  await expect(failures).toContainText('1 failed of 2 deployments');
  await expect(failures).toContainText('50');
  const leadTime = page.getByRole('region', { name: 'Lead time for changes' });
  await expect(leadTime).toContainText('6');
  const restore = page.getByRole('region', { name: 'Time to restore service' });
  await expect(restore).toContainText('1 h');

  // Behind the numbers: the incident, blamed on d2 by time.
  const drillDown = page.getByRole('region', { name: 'Drill-down' });
  await drillDown.getByRole('tab', { name: /Incidents/ }).click();
  await expect(
    drillDown.getByRole('row').filter({ hasText: 'Checkout errors' }),
  ).toContainText('By time');
});

test('a lead downloads the deployments behind the numbers as CSV', async ({
  page,
}) => {
  await page.goto(`${SERVICE}/dora`);
  const drillDown = page.getByRole('region', { name: 'Drill-down' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    drillDown.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^dora-deployments-component_default_pricing-engine-.*\.csv$/,
  );
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'id,entityRef,repository,environment,sha,source,startedAt,finishedAt,unplannedReason,failed,failedBecause,changeIds,incidentIds,url',
  );
  expect(csv).toContain('e2e-d2');
});

test('a library with no deployments says why its DORA tab is empty', async ({
  page,
}) => {
  // design-system merges pull requests but never deploys.
  await page.goto('/catalog/default/component/design-system/dora');
  const hint = page.getByRole('region', { name: 'Why is this empty' });
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('lumen-retail/design-system');
  await expect(hint).toContainText('GitHub backfill');
});

test('GitHub’s deployments, pull requests and incidents reach the DORA tab', async ({
  page,
  request,
}) => {
  // Start a backfill pass now (409 while one runs) and wait until one has
  // read checkout-service from the fake GitHub.
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };
  const started = await request.post('/api/dora/github/sync', { headers });
  expect([202, 409]).toContain(started.status());
  await expect
    .poll(
      async () => {
        const status = await (
          await request.get('/api/dora/github/sync', { headers })
        ).json();
        return (
          !status.running &&
          status.lastPass?.repositories.some(
            (r: { repository: string }) =>
              r.repository === 'lumen-retail/checkout-service',
          )
        );
      },
      { timeout: 90_000 },
    )
    .toBe(true);

  await page.goto('/catalog/default/component/checkout-service/dora');
  // Checkout Squad ships several times a day to two production regions.
  const frequency = page.getByRole('region', { name: 'Deployment frequency' });
  await expect(frequency).toContainText(/\d{2,} deployments/);
  const drillDown = page.getByRole('region', { name: 'Drill-down' });
  await expect(
    drillDown.getByRole('row').filter({ hasText: 'production-us' }).first(),
  ).toBeVisible();
  await drillDown.getByRole('tab', { name: /Changes/ }).click();
  await expect(
    drillDown
      .getByRole('row')
      .filter({ hasText: 'lumen-retail/checkout-service#' })
      .first(),
  ).toBeVisible();
});

test('the DORA page ranks the squads', async ({ page }) => {
  await page.getByRole('link', { name: 'DORA' }).first().click();
  await expect(page).toHaveURL(/\/dora/);
  const squads = page.getByRole('region', { name: 'Squads' });
  await expect(
    squads.getByRole('row').filter({ hasText: 'Checkout Squad' }),
  ).toBeVisible();
});
