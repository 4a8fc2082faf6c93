import { apiKeyFromHeaders, generateApiKey, hashApiKey } from './apiKeySecrets';

describe('API key secrets', () => {
  it('generates a random secret, its prefix and its SHA-256', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.secret).not.toBe(b.secret);
    expect(a.prefix).toBe(a.secret.slice(0, 12));
    expect(a.hash).toBe(hashApiKey(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the key from Authorization: Bearer or X-API-Key', () => {
    expect(apiKeyFromHeaders({ authorization: 'Bearer pvff_x' })).toBe(
      'pvff_x',
    );
    expect(apiKeyFromHeaders({ authorization: 'bearer  pvff_x ' })).toBe(
      'pvff_x',
    );
    expect(apiKeyFromHeaders({ 'x-api-key': 'pvff_y' })).toBe('pvff_y');
    expect(apiKeyFromHeaders({ authorization: 'Basic abc' })).toBeUndefined();
    expect(apiKeyFromHeaders({})).toBeUndefined();
  });
});
