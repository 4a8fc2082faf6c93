import { Entity } from '@backstage/catalog-model';
import { toAllocationTargets } from './allocationTargets';

describe('toAllocationTargets', () => {
  it('reads refs, owners and allocation annotations off catalog entities', () => {
    const components: Entity[] = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'Checkout-Service',
          namespace: 'shop',
          annotations: {
            'paved.dev/cost-allocation-id': ' checkout, checkout-batch ,',
            'backstage.io/kubernetes-id': 'checkout',
          },
        },
        spec: { owner: 'group:default/ignored-when-related' },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/Checkout-Squad' },
        ],
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'search' },
        spec: { owner: 'discovery-squad' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'orphan' },
        spec: {},
      },
    ];
    const groups: Entity[] = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'Data-Squad', namespace: 'default' },
      },
    ];
    expect(toAllocationTargets(components, groups)).toEqual({
      components: [
        {
          entityRef: 'component:shop/checkout-service',
          name: 'Checkout-Service',
          ownerRef: 'group:default/checkout-squad',
          costAllocationIds: ['checkout', 'checkout-batch'],
          kubernetesId: 'checkout',
        },
        {
          entityRef: 'component:default/search',
          name: 'search',
          ownerRef: 'group:default/discovery-squad',
          costAllocationIds: [],
          kubernetesId: undefined,
        },
        {
          entityRef: 'component:default/orphan',
          name: 'orphan',
          ownerRef: undefined,
          costAllocationIds: [],
          kubernetesId: undefined,
        },
      ],
      groups: [{ entityRef: 'group:default/data-squad', name: 'Data-Squad' }],
    });
  });
});
