import { ConfigReader } from '@backstage/config';
import {
  matchesNamespace,
  readKubernetesWorkloadsConfig,
} from './readKubernetesWorkloadsConfig';

const kubernetes = {
  clusterLocatorMethods: [
    { type: 'catalog' },
    {
      type: 'config',
      clusters: [
        {
          name: 'production',
          url: 'https://k8s.prod.lumen-retail.example',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'prod-token',
          caData: 'LS0tLS1CRUdJTi...',
        },
        {
          name: 'staging',
          url: 'http://127.0.0.1:6443',
          authMetadata: {
            'kubernetes.io/auth-provider': 'serviceAccount',
            serviceAccountToken: 'staging-token',
          },
          skipTLSVerify: true,
        },
        { name: 'gke-dev', url: 'https://dev.example', authProvider: 'google' },
      ],
    },
  ],
};

const read = (provider: object, kube: object = kubernetes) =>
  readKubernetesWorkloadsConfig(
    new ConfigReader({
      kubernetes: kube,
      catalog: { providers: { kubernetesWorkloads: provider } },
    }),
  );

describe('readKubernetesWorkloadsConfig', () => {
  it('reads nothing when the provider is not configured', () => {
    expect(
      readKubernetesWorkloadsConfig(new ConfigReader({ kubernetes })),
    ).toBeUndefined();
  });

  it('joins each cluster with its connection from the kubernetes config, with defaults', () => {
    const config = read({
      clusters: [
        { name: 'production', environment: 'production' },
        {
          name: 'staging',
          environment: 'staging',
          namespaces: { exclude: ['kube-.*'] },
        },
      ],
    })!;
    expect(config).toMatchObject({
      schedule: { frequency: { minutes: 10 }, timeout: { minutes: 15 } },
      watchForMs: 540_000,
      requestTimeoutMs: 30_000,
      pageSize: 500,
      unownedOwner: 'group:default/unowned',
    });
    expect(config.clusters.map(c => c.connection)).toEqual([
      {
        url: 'https://k8s.prod.lumen-retail.example',
        skipTLSVerify: false,
        caData: 'LS0tLS1CRUdJTi...',
        serviceAccountToken: 'prod-token',
      },
      {
        url: 'http://127.0.0.1:6443',
        skipTLSVerify: true,
        serviceAccountToken: 'staging-token',
      },
    ]);
    expect(matchesNamespace(config.clusters[1].namespaces, 'kube-system')).toBe(
      false,
    );
    expect(matchesNamespace(config.clusters[1].namespaces, 'checkout')).toBe(
      true,
    );
  });

  it('reads schedule, watchFor and requestTimeout', () => {
    const config = read({
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 30 } },
      watchFor: { minutes: 25 },
      requestTimeout: 'PT5S',
      clusters: [{ name: 'production', environment: 'production' }],
    })!;
    expect(config.watchForMs).toBe(1_500_000);
    expect(config.requestTimeoutMs).toBe(5000);
  });

  it('fails naming the key that holds a bad value', () => {
    const production = { name: 'production', environment: 'production' };
    expect(() =>
      read({ clusters: [{ name: 'qa', environment: 'qa' }] }),
    ).toThrow(
      'Invalid config at catalog.providers.kubernetesWorkloads.clusters[0].name: no cluster named "qa" under kubernetes.clusterLocatorMethods[].clusters (type: config)',
    );
    expect(() => read({ clusters: [production, production] })).toThrow(
      /kubernetesWorkloads\.clusters\[1\]\.name: cluster "production" is listed twice/,
    );
    expect(() =>
      read({ clusters: [{ name: 'production', environment: 'Prod EU' }] }),
    ).toThrow(/kubernetesWorkloads\.clusters\[0\]\.environment/);
    expect(() =>
      read({ clusters: [{ ...production, namespaces: { include: ['('] } }] }),
    ).toThrow(
      /^Invalid config at catalog\.providers\.kubernetesWorkloads\.clusters\[0\]\.namespaces\.include\[0\]: not a regular expression/,
    );
    expect(() => read({ clusters: [] })).toThrow(
      /kubernetesWorkloads\.clusters/,
    );
    expect(() =>
      read({
        schedule: { frequency: { minutes: 5 }, timeout: { minutes: 5 } },
        watchFor: { minutes: 5 },
        clusters: [production],
      }),
    ).toThrow(
      /kubernetesWorkloads\.watchFor: must be shorter than schedule\.timeout/,
    );
    expect(() =>
      read({ clusters: [{ name: 'gke-dev', environment: 'dev' }] }),
    ).toThrow(
      /kubernetes\.clusterLocatorMethods\[1\]\.clusters\[2\]\.authProvider/,
    );
  });
});
