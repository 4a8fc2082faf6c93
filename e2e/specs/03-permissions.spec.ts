import { expect, test } from '@playwright/test';
import { guestToken } from '../guest';

test.describe('permissions, checked on the server', () => {
  test('a product developer reads the catalog', async ({ request }) => {
    const token = await guestToken(request);
    const response = await request.get(
      '/api/catalog/entities/by-name/component/default/checkout-service',
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(response.status()).toBe(200);
    expect((await response.json()).spec.owner).toMatch(/checkout-squad/);
  });

  test('a product developer may not register a location', async ({
    request,
  }) => {
    const token = await guestToken(request);
    const response = await request.post('/api/catalog/locations', {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        type: 'url',
        target:
          'https://github.com/lumen-retail/new-service/blob/main/catalog-info.yaml',
      },
    });
    expect(response.status()).toBe(403);
    expect((await response.json()).error.name).toBe('NotAllowedError');
  });
});
