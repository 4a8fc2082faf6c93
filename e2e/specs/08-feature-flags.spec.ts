import { expect, Locator, Page, test } from '@playwright/test';
import { guestToken, signInAsGuest } from '../guest';

// A developer of discovery-squad (the guest) creates a flag on one of the
// squad's Components, walks it up the rollout ladder in staging, reads the
// audit log, kills it, and creates the API key a service evaluates it with;
// the org page lists it. Another squad's Component refuses the guest's
// changes, and says so.

const RUN = Date.now().toString(36);
const KEY = `e2e-ui-${RUN}`;

let tabUrl: string;

test.beforeAll(async ({ request }, testInfo) => {
  testInfo.setTimeout(120_000);
  const token = await guestToken(request);
  // The catalog may still be adding the demo's Components.
  let names: string[] = [];
  await expect
    .poll(
      async () => {
        const response = await request.get(
          '/api/catalog/entities/by-query?filter=kind=component,spec.owner=group:default/discovery-squad&fields=metadata.name',
          { headers: { Authorization: `Bearer ${token}` } },
        );
        expect(response.status()).toBe(200);
        names = (await response.json()).items.map(
          (item: { metadata: { name: string } }) => item.metadata.name,
        );
        return names.length;
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  const name = names.includes('product-service') ? 'product-service' : names[0];
  tabUrl = `/catalog/default/component/${name}/feature-flags`;
});

test.beforeEach(async ({ page }) => signInAsGuest(page));

/** Reviews the change the open dialog shows, gives the reason and confirms it. */
async function confirmChange(page: Page, reason: string, confirm: string) {
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('region', { name: 'Change preview' }),
  ).toBeVisible();
  await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Picks a stage on the ladder (and a percentage), then saves it with a reason. */
async function climb(
  page: Page,
  ladder: Locator,
  stage: string,
  reason: string,
  percentage?: number,
) {
  await ladder.getByRole('button', { name: stage, exact: true }).click();
  if (percentage !== undefined) {
    await ladder
      .getByRole('spinbutton', { name: 'Percentage' })
      .fill(String(percentage));
  }
  await ladder.getByRole('button', { name: 'Review change' }).click();
  await confirmChange(page, reason, 'Save');
}

test('a squad rolls a flag out in staging, kills it, and connects a service', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await page.goto(tabUrl);

  await page.getByRole('button', { name: 'Create flag' }).first().click();
  const create = page.getByRole('dialog', { name: 'Create flag' });
  await create.getByRole('textbox', { name: /Key/ }).fill(KEY);
  await create
    .getByRole('textbox', { name: 'Description' })
    .fill('The end-to-end test’s flag');
  await create.getByRole('button', { name: 'Create', exact: true }).click();

  const panel = page.getByRole('region', { name: `Flag ${KEY}` });
  await expect(panel).toBeVisible();
  await panel.getByRole('tab', { name: 'staging' }).click();
  const ladder = panel.getByRole('region', { name: 'Rollout in staging' });
  const row = page
    .getByRole('table', { name: 'Flags' })
    .getByRole('row', { name: new RegExp(KEY) });
  await expect(row.getByLabel('staging: Off')).toBeVisible();

  await climb(page, ladder, 'Internal', 'Dogfood with staff');
  await expect(row.getByLabel('staging: Internal')).toBeVisible();
  await climb(page, ladder, 'Beta', 'Staff found nothing; beta customers next');
  await expect(row.getByLabel('staging: Beta')).toBeVisible();
  await climb(
    page,
    ladder,
    'Percentage',
    'Beta is quiet; a quarter of shoppers',
    25,
  );
  await expect(row.getByLabel('staging: 25 %')).toBeVisible();
  await expect(panel.getByRole('status')).toContainText(
    `Saved ${KEY} in staging`,
  );

  const audit = panel.getByRole('region', { name: 'Audit log' });
  const changes = audit.getByRole('table', { name: 'Changes' });
  for (const reason of [
    'Dogfood with staff',
    'Staff found nothing; beta customers next',
    'Beta is quiet; a quarter of shoppers',
  ]) {
    await expect(
      changes.getByRole('row', { name: new RegExp(reason) }),
    ).toContainText(/guest.*staging/);
  }
  const newest = changes.getByRole('row', { name: /a quarter of shoppers/ });
  await newest.getByRole('button', { name: 'Show change' }).click();
  await expect(audit.getByRole('insertion').first()).toBeVisible();
  await expect(audit).toContainText('"fractional"');

  await panel.getByRole('button', { name: 'Kill switch' }).click();
  await expect(
    page.getByRole('dialog', {
      name: `Kill switch: turn ${KEY} off for everyone in staging`,
    }),
  ).toBeVisible();
  await confirmChange(page, 'Checkout errors after the rollout', 'Kill');
  await expect(row.getByLabel('staging: Off')).toBeVisible();
  await expect(
    changes.getByRole('row', { name: /Checkout errors after the rollout/ }),
  ).toBeVisible();

  // The key a staging service evaluates the flag with: its secret, once.
  const keys = page.getByRole('region', { name: 'API keys' });
  await keys.getByRole('button', { name: 'Create API key' }).click();
  const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
  await keyDialog.getByRole('combobox', { name: /Environment/ }).click();
  await page.getByRole('option', { name: 'staging' }).click();
  await keyDialog.getByRole('textbox', { name: /Name/ }).fill(`e2e ${RUN}`);
  await keyDialog.getByRole('button', { name: 'Create', exact: true }).click();
  const created = page.getByRole('dialog', { name: 'API key created' });
  await expect(created).toContainText('you won’t see it again');
  const secret = await created
    .getByRole('textbox', { name: /Secret of/ })
    .inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await created.getByRole('button', { name: 'I have copied it' }).click();
  await expect(created).toBeHidden();
  await expect(page.getByRole('textbox', { name: /Secret of/ })).toHaveCount(0);
  await expect(
    keys.getByRole('row', { name: new RegExp(`e2e ${RUN}`) }),
  ).toContainText('staging');
  await expect(
    keys.getByRole('region', { name: 'How to connect' }),
  ).toContainText('/api/feature-flags');

  // A service with that key gets the flag as killed.
  const evaluation = await request.post(
    `/api/feature-flags/ofrep/v1/evaluate/flags/${KEY}`,
    {
      headers: { Authorization: `Bearer ${secret}` },
      data: { context: { targetingKey: 'shopper-1' } },
    },
  );
  expect(evaluation.status()).toBe(200);
  expect(await evaluation.json()).toMatchObject({
    value: false,
    variant: 'off',
  });
});

test('the org page lists the flag with its rollout, and leads to it', async ({
  page,
}) => {
  await page.getByRole('link', { name: 'Feature flags' }).first().click();
  await expect(page).toHaveURL(/\/feature-flags$/);
  const all = page.getByRole('table', { name: 'All flags' });
  const row = all.getByRole('row', { name: new RegExp(KEY) });
  await expect(row).toContainText('Discovery Squad');
  await expect(row.getByLabel('staging: Off')).toBeVisible();
  // The demo's fully rolled-out release flags, with the reason spelled out.
  await expect(
    page.getByRole('region', { name: 'Stale flags of discovery-squad' }),
  ).toContainText(
    /fully rolled out in production \(serves `on` to everyone\) since .* release flags are expected to live 40 days/,
  );

  await row.getByRole('link', { name: KEY }).click();
  await expect(page.getByRole('region', { name: `Flag ${KEY}` })).toBeVisible();
});

test('another squad’s component refuses the change, and says why', async ({
  page,
}) => {
  await page.goto(
    '/catalog/default/component/checkout-service/feature-flags?flag=one-page-checkout&environment=production',
  );
  const panel = page.getByRole('region', { name: 'Flag one-page-checkout' });
  await panel.getByRole('button', { name: 'Kill switch' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: /Reason/ }).fill('Not mine');
  await dialog.getByRole('button', { name: 'Kill', exact: true }).click();
  await expect(dialog).toContainText(
    'Only the owners of component:default/checkout-service',
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Flags' })
      .getByRole('row', { name: /one-page-checkout/ })
      .getByLabel('production: Internal'),
  ).toBeVisible();
});
