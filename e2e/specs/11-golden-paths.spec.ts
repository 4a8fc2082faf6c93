import { expect, test } from '@playwright/test';
import { guestToken, signInAsGuest } from '../guest';

// A developer of discovery-squad (the guest) creates a service from the
// TypeScript HTTP service template in the portal: the form, the task log,
// a repository on the demo's fake GitHub (created, pushed and protected for
// real over the git protocol) and the Component in the catalog with its
// owner, system, runbook link and the template version it came from. The
// Golden paths page then lists it under the template.

const NAME = `e2e-svc-${Date.now().toString(36)}`;

// The second test reads what the first created.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }, testInfo) => {
  testInfo.setTimeout(120_000);
  const token = await guestToken(request);
  // The catalog may still be reading templates/ and the demo organisation.
  await expect
    .poll(
      async () => {
        const response = await request.get(
          '/api/catalog/entities/by-query?filter=kind=template&filter=kind=system,metadata.name=storefront&fields=kind,metadata.name',
          { headers: { Authorization: `Bearer ${token}` } },
        );
        expect(response.status()).toBe(200);
        return (await response.json()).items
          .map((item: { metadata: { name: string } }) => item.metadata.name)
          .sort();
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toEqual(expect.arrayContaining(['storefront', 'typescript-service']));
});

test.beforeEach(async ({ page }) => signInAsGuest(page));

test('a developer creates a service from the TypeScript template and finds it in the catalog', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/create');
  const newServices = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: 'New services' }) });
  // The template's card: the innermost element with its title and Choose.
  const card = newServices
    .locator('div')
    .filter({
      has: page.getByRole('heading', { name: 'TypeScript HTTP service' }),
    })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await expect(card).toContainText('recommended');
  await card.getByRole('button', { name: 'Choose' }).click();

  await page.getByLabel('Name').fill(NAME);
  await page
    .getByLabel('Description')
    .fill('Made by the browser test from the golden path.');
  await page.getByLabel('Owner').click();
  await page.getByRole('option', { name: /Discovery Squad/ }).click();
  await page.getByLabel('System').click();
  await page.getByRole('option', { name: /storefront/i }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Port')).toHaveValue('8080');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: every step, then the output links.
  await expect(page.getByText('Check the parameters')).toBeVisible();
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 180_000 });
  await openInCatalog.click();

  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${NAME}`),
  );
  // The About card: owner and system; the Links card: the runbook.
  await expect(
    page.getByRole('link', { name: 'Discovery Squad' }).last(),
  ).toHaveAttribute('href', '/catalog/default/group/discovery-squad');
  await expect(
    page.getByRole('link', { name: 'Storefront' }).last(),
  ).toHaveAttribute('href', '/catalog/default/system/storefront');
  await expect(page.getByRole('link', { name: /^Runbook\b/ })).toHaveAttribute(
    'href',
    `https://github.com/lumen-retail/${NAME}/blob/main/docs/runbooks/${NAME}.md`,
  );

  await page.goto(`/catalog/default/component/${NAME}/golden-path`);
  await expect(page.getByText('TypeScript HTTP service')).toBeVisible();
  await expect(page.getByText('1.0.0').first()).toBeVisible();
});

test('the created repository is on the fake GitHub, protected, with the generated project', async ({
  request,
}) => {
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };
  // The catalog reads the repository through the GitHub integration.
  const entity = await request.get(
    `/api/catalog/entities/by-name/component/default/${NAME}`,
    { headers },
  );
  expect(entity.status()).toBe(200);
  const { metadata, spec } = await entity.json();
  expect(spec).toMatchObject({
    owner: 'group:default/discovery-squad',
    system: 'system:default/storefront',
  });
  expect(metadata.annotations).toMatchObject({
    'paved.dev/template': 'template:default/typescript-service',
    'paved.dev/template-version': '1.0.0',
  });
  expect(metadata.annotations['backstage.io/managed-by-location']).toMatch(
    new RegExp(
      `^url:https://github.com/lumen-retail/${NAME}/(tree|blob)/main/catalog-info.yaml$`,
    ),
  );

  const templates = await request.get('/api/golden-paths/templates', {
    headers,
  });
  const { templates: list } = await templates.json();
  const typescript = list.find(
    (t: { name: string }) => t.name === 'typescript-service',
  );
  expect(typescript.services.map((s: { name: string }) => s.name)).toContain(
    NAME,
  );
  // The demo's notification-worker came from the worker template before 1.0.
  const worker = list.find(
    (t: { name: string }) => t.name === 'typescript-worker',
  );
  expect(worker.services).toEqual([
    expect.objectContaining({
      name: 'notification-worker',
      version: '0.9.0',
      lag: 'major',
    }),
  ]);
});
