import { sameService } from './sameService';

describe('sameService', () => {
  it('compares Components when both records name one', () => {
    expect(
      sameService(
        { entityRef: 'component:default/checkout', repository: 'acme/mono' },
        { entityRef: 'Component:default/Checkout', repository: 'acme/other' },
      ),
    ).toBe(true);
    // Two Components built from one monorepo are different services.
    expect(
      sameService(
        { entityRef: 'component:default/checkout', repository: 'acme/mono' },
        { entityRef: 'component:default/payments', repository: 'acme/mono' },
      ),
    ).toBe(false);
  });

  it('falls back to the repository when a record names no Component', () => {
    expect(
      sameService(
        { repository: 'acme/checkout' },
        {
          entityRef: 'component:default/checkout',
          repository: 'Acme/Checkout',
        },
      ),
    ).toBe(true);
    expect(
      sameService({ repository: 'acme/checkout' }, { repository: 'acme/cart' }),
    ).toBe(false);
  });

  it('never matches records that name neither', () => {
    expect(sameService({}, {})).toBe(false);
    expect(sameService({ entityRef: 'component:default/checkout' }, {})).toBe(
      false,
    );
  });
});
