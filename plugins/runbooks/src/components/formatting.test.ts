import {
  entityName,
  formatAgo,
  formatDate,
  shortRef,
  shortRepo,
  staleReasonLabel,
} from './formatting';

describe('formatting', () => {
  it('shortens refs to what people say', () => {
    expect(shortRef('component:default/checkout-service')).toBe(
      'checkout-service',
    );
    expect(shortRef('component:team-a/cart')).toBe('team-a/cart');
    expect(shortRef('group:default/checkout-squad', 'group')).toBe(
      'checkout-squad',
    );
    expect(shortRef('group:default/checkout-squad')).toBe(
      'group:checkout-squad',
    );
    expect(entityName('component:team-a/cart')).toBe('cart');
  });

  it('dates and ages', () => {
    expect(formatDate('2026-10-01')).toBe('2026-10-01');
    expect(formatDate('2026-10-01T23:00:00Z')).toBe('2026-10-01');
    expect(formatDate(undefined)).toBe('—');
    const now = new Date('2026-11-23T12:00:00Z');
    expect(formatAgo('2026-11-23T11:59:40Z', now)).toBe('just now');
    expect(formatAgo('2026-11-23T11:15:00Z', now)).toBe('45 min ago');
    expect(formatAgo('2026-11-23T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2026-11-20T12:00:00Z', now)).toBe('3 days ago');
  });

  it('names repositories and stale reasons', () => {
    expect(shortRepo('https://github.com/lumen-retail/cart-service')).toBe(
      'lumen-retail/cart-service',
    );
    expect(shortRepo('https://github.com/lumen-retail/cart-service.git')).toBe(
      'lumen-retail/cart-service',
    );
    expect(shortRepo('file:///tmp/repo')).toBe('file:///tmp/repo');
    expect(staleReasonLabel('not-reviewed', {}, 90)).toBe(
      'Not reviewed in 90 days',
    );
    expect(
      staleReasonLabel(
        'older-than-incident',
        { lastIncidentAt: '2026-11-01T08:00:00Z' },
        90,
      ),
    ).toBe('Reviewed before the last incident (2026-11-01)');
  });
});
