import { APIRequestContext, expect, Page } from '@playwright/test';

/** A Backstage token for the demo guest, for calling the API as a developer. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.get('/api/auth/guest/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).backstageIdentity.token as string;
}

/** Signs in on the sign-in page as the guest and waits for the catalog. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('heading', { name: 'Lumen Retail Catalog' }),
  ).toBeVisible();
}
