import { RunbookSummary } from '@internal/plugin-runbooks-common';
import { chooseRunbook, ComponentFacts, namesComponent } from './resolveAlert';

function runbook(
  entity: string,
  path: string,
  shape: RunbookSummary['shape'] = 'per-service',
): RunbookSummary {
  return {
    id: `${entity}:${path}`,
    entityRef: `component:default/${entity}`,
    path,
    url: `https://github.com/o/${entity}/blob/HEAD/${path}`,
    title: path,
    alerts: ['HighErrorRate'],
    shape,
    missingSections: [],
    problemCount: 0,
  };
}

const cart = runbook('cart-service', 'docs/runbooks/cart-service.md');
const product = runbook('product-service', 'docs/runbooks/product.md');
const facts = new Map<string, ComponentFacts>([
  [cart.entityRef, { entityRef: cart.entityRef, namespaces: ['checkout'] }],
  [
    product.entityRef,
    { entityRef: product.entityRef, namespaces: ['storefront'] },
  ],
]);

describe('chooseRunbook', () => {
  it('opens the only runbook', () => {
    expect(chooseRunbook([cart], {}, facts)).toMatchObject({
      status: 'found',
      runbook: cart,
    });
  });

  it('asks which service when two services name the alert', () => {
    expect(chooseRunbook([cart, product], {}, facts)).toEqual({
      status: 'ambiguous',
      candidates: [cart, product],
    });
  });

  it('lets the service or namespace hint decide', () => {
    expect(
      chooseRunbook([cart, product], { service: 'product-service' }, facts),
    ).toMatchObject({ status: 'found', runbook: product });
    expect(
      chooseRunbook([cart, product], { namespace: 'Checkout' }, facts),
    ).toMatchObject({ status: 'found', runbook: cart });
  });

  it('says a hinted service has none, listing the others', () => {
    expect(
      chooseRunbook([cart, product], { service: 'search-service' }, facts),
    ).toEqual({ status: 'not-found', candidates: [cart, product] });
  });

  it('ignores a namespace that contradicts the service hint', () => {
    expect(
      chooseRunbook(
        [cart, product],
        { service: 'cart-service', namespace: 'elsewhere' },
        facts,
      ),
    ).toMatchObject({ status: 'found', runbook: cart });
  });

  it('opens the per-alert runbook of a service that has both', () => {
    const perAlert = runbook(
      'cart-service',
      'docs/runbooks/alerts/HighErrorRate.md',
      'per-alert',
    );
    expect(chooseRunbook([cart, perAlert], {}, facts)).toMatchObject({
      status: 'found',
      runbook: perAlert,
    });
  });

  it('is not-found without candidates', () => {
    expect(chooseRunbook([], { service: 'cart-service' }, facts)).toEqual({
      status: 'not-found',
      candidates: [],
    });
  });
});

describe('namesComponent', () => {
  it('takes a name, a short ref or a full ref', () => {
    const ref = 'component:default/cart-service';
    expect(namesComponent('cart-service', ref)).toBe(true);
    expect(namesComponent('Component:cart-service', ref)).toBe(true);
    expect(namesComponent('component:default/cart-service', ref)).toBe(true);
    expect(namesComponent('cart', ref)).toBe(false);
  });
});
