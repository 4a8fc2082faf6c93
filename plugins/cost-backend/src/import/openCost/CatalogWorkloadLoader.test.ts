import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogWorkloadLoader, workloadKey } from './CatalogWorkloadLoader';

const resource = (
  name: string,
  type: string,
  annotations: Record<string, string>,
  spec: Record<string, unknown> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type, owner: 'group:default/unowned', ...spec },
});

const workloadAnnotations = (name: string, extra = {}) => ({
  'paved.dev/kubernetes-cluster': 'production',
  'backstage.io/kubernetes-namespace': 'fulfilment',
  'paved.dev/kubernetes-name': name,
  'paved.dev/environment': 'Production',
  ...extra,
});

describe('CatalogWorkloadLoader', () => {
  it('keys the catalog’s Kubernetes workloads by cluster, namespace, kind and name', async () => {
    const loader = new CatalogWorkloadLoader({
      catalog: catalogServiceMock({
        entities: [
          resource(
            'order-export-nightly-cronjob-production-fulfilment-1a2b3c',
            'kubernetes-cronjob',
            workloadAnnotations('order-export-nightly'),
            {
              owner: 'group:default/fulfilment-squad',
              dependencyOf: ['component:default/order-service'],
            },
          ),
          // Nothing claims it: its owner is the placeholder, not a squad.
          resource(
            'legacy-image-resizer-deployment-production-fulfilment-4d5e6f',
            'kubernetes-deployment',
            workloadAnnotations('legacy-image-resizer', {
              'paved.dev/unowned': 'true',
            }),
          ),
          // Written before the provider annotated names: not joinable.
          resource(
            'old-deployment-production-fulfilment-777777',
            'kubernetes-deployment',
            {
              'paved.dev/kubernetes-cluster': 'production',
              'backstage.io/kubernetes-namespace': 'fulfilment',
            },
          ),
          resource('orders-db', 'database', {}),
        ],
      }),
      auth: mockServices.auth(),
    });
    const workloads = await loader.load();
    expect([...workloads.keys()].sort()).toEqual([
      workloadKey(
        'production',
        'fulfilment',
        'cronjob',
        'order-export-nightly',
      ),
      workloadKey(
        'production',
        'fulfilment',
        'deployment',
        'legacy-image-resizer',
      ),
    ]);
    expect(
      workloads.get('production/fulfilment/cronjob/order-export-nightly'),
    ).toEqual({
      workloadRef:
        'resource:default/order-export-nightly-cronjob-production-fulfilment-1a2b3c',
      componentRef: 'component:default/order-service',
      ownerRef: 'group:default/fulfilment-squad',
      environment: 'production',
    });
    expect(
      workloads.get('production/fulfilment/deployment/legacy-image-resizer'),
    ).toMatchObject({ componentRef: null, ownerRef: null });
  });
});
