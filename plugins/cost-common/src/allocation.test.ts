import {
  allocateLineItem,
  AllocationComponent,
  AllocationRules,
  buildAllocationIndex,
  DEFAULT_ALLOCATION_RULES,
} from './allocation';

const component = (
  name: string,
  owner: string | undefined,
  extra: Partial<AllocationComponent> = {},
  namespace = 'default',
): AllocationComponent => ({
  entityRef: `component:${namespace}/${name}`,
  name,
  ownerRef: owner && `group:default/${owner}`,
  costAllocationIds: [],
  ...extra,
});

const index = buildAllocationIndex({
  components: [
    component('checkout-service', 'checkout-squad'),
    component('search-api', 'discovery-squad', {
      kubernetesId: 'search',
      costAllocationIds: ['search-prod', 'SEARCH-legacy'],
    }),
    component('payments', 'payments-squad'),
    // A Component named like another one's allocation id loses to the id.
    component('search-prod', 'other-squad'),
    // The same name in two namespaces: the default namespace's wins.
    component('payments', 'ops', {}, 'ops'),
    // Two Components claiming one id match neither.
    component('ledger-a', 'payments-squad', { costAllocationIds: ['ledger'] }),
    component('ledger-b', 'payments-squad', { costAllocationIds: ['ledger'] }),
  ],
  groups: [
    { entityRef: 'group:default/checkout-squad', name: 'checkout-squad' },
    { entityRef: 'group:default/data-squad', name: 'data-squad' },
  ],
});

const allocate = (
  tags: Record<string, string>,
  rules: AllocationRules = DEFAULT_ALLOCATION_RULES,
) => allocateLineItem(tags, index, rules);

describe('allocateLineItem', () => {
  it('maps a service tag to the Component, its owner, and the environment', () => {
    expect(
      allocate({ service: 'checkout-service', environment: 'production' }),
    ).toEqual({
      entityRef: 'component:default/checkout-service',
      ownerRef: 'group:default/checkout-squad',
      environment: 'production',
    });
  });

  it('matches annotations before names, case-insensitively', () => {
    expect(allocate({ app: 'search' }).entityRef).toBe(
      'component:default/search-api',
    );
    expect(allocate({ app: 'Search-Legacy' }).entityRef).toBe(
      'component:default/search-api',
    );
    expect(allocate({ service: 'search-prod' }).entityRef).toBe(
      'component:default/search-api',
    );
    expect(
      allocate({ service: 'component:default/search-prod' }).entityRef,
    ).toBe('component:default/search-prod');
  });

  it('prefers the default namespace for a name two namespaces use', () => {
    expect(allocate({ service: 'payments' }).entityRef).toBe(
      'component:default/payments',
    );
    expect(allocate({ service: 'component:ops/payments' }).ownerRef).toBe(
      'group:default/ops',
    );
  });

  it('leaves an ambiguous id unallocated and reports it', () => {
    expect(allocate({ service: 'ledger' })).toEqual({
      entityRef: null,
      ownerRef: null,
      environment: null,
    });
    expect(index.conflicts).toEqual(['ledger']);
  });

  it('tries the service keys in order until one names a Component', () => {
    expect(
      allocate({ service: 'payments-db', app: 'checkout-service' }).entityRef,
    ).toBe('component:default/checkout-service');
  });

  it('uses a team tag for the owner when no Component matched', () => {
    expect(allocate({ service: 'unknown', squad: 'Data-Squad' })).toEqual({
      entityRef: null,
      ownerRef: 'group:default/data-squad',
      environment: null,
    });
    // The Component's owner wins over a team tag.
    expect(
      allocate({ service: 'checkout-service', team: 'data-squad' }).ownerRef,
    ).toBe('group:default/checkout-squad');
    // A team the catalog does not know is no owner.
    expect(allocate({ team: 'ghost-squad' }).ownerRef).toBeNull();
  });

  it('reads provider-prefixed and differently cased keys', () => {
    expect(
      allocate({
        'user:Service': 'checkout-service',
        'aws:createdBy': 'x',
        Env: 'Prod',
      }),
    ).toEqual({
      entityRef: 'component:default/checkout-service',
      ownerRef: 'group:default/checkout-squad',
      environment: 'production',
    });
    // An unprefixed key wins over a prefixed one.
    expect(
      allocate({ 'user:env': 'staging', env: 'development' }).environment,
    ).toBe('development');
  });

  it('keeps untagged cost as unallocated', () => {
    expect(allocate({})).toEqual({
      entityRef: null,
      ownerRef: null,
      environment: null,
    });
  });

  it('follows configured keys and aliases', () => {
    const rules: AllocationRules = {
      tagKeys: { service: ['cost-center'], team: [], environment: ['tier'] },
      environmentAliases: { p: 'production' },
    };
    expect(
      allocate(
        { 'cost-center': 'payments', service: 'checkout-service', tier: 'P' },
        rules,
      ),
    ).toEqual({
      entityRef: 'component:default/payments',
      ownerRef: 'group:default/payments-squad',
      environment: 'production',
    });
  });
});
