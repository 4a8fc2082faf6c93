import { summariseOpenCostDay } from './containerDays';
import { OpenCostAllocation } from './openCostAllocation';

const GI = 1024 ** 3;
const window = {
  start: '2026-11-03T00:00:00Z',
  end: '2026-11-04T00:00:00Z',
};

function pod(
  name: string,
  overrides: Partial<OpenCostAllocation> & {
    properties?: OpenCostAllocation['properties'];
  },
): OpenCostAllocation {
  return {
    name,
    properties: {},
    window,
    start: window.start,
    end: window.end,
    minutes: 1440,
    cpuCoreRequestAverage: 0.5,
    cpuCoreUsageAverage: 0.1,
    cpuCoreHours: 12,
    cpuCost: 0.38,
    cpuCostAdjustment: 0,
    gpuCost: 0,
    gpuCostAdjustment: 0,
    networkCost: 0.01,
    loadBalancerCost: 0,
    pvCost: 0,
    pvCostAdjustment: 0,
    ramByteRequestAverage: GI,
    ramByteUsageAverage: 0.5 * GI,
    ramByteHours: 24 * GI,
    ramCost: 0.1,
    ramCostAdjustment: 0,
    sharedCost: 0,
    externalCost: 0,
    totalCost: 0.49,
    rawAllocationOnly: { cpuCoreUsageMax: 0.2, ramByteUsageMax: 0.6 * GI },
    ...overrides,
  };
}

const cart = (podName: string) => ({
  cluster: 'production',
  namespace: 'checkout',
  controllerKind: 'deployment',
  controller: 'cart-service',
  pod: podName,
  container: 'app',
  labels: { 'backstage.io/kubernetes-id': 'cart-service' },
});

describe('summariseOpenCostDay', () => {
  it('adds up the pods of one container and weighs per-pod figures by the minutes they ran', () => {
    const { containers, idleCost } = summariseOpenCostDay([
      pod('production/checkout/deployment/cart-service/cart-a/app', {
        properties: cart('cart-a'),
      }),
      // A second pod that ran half the day, busier, with a higher peak.
      pod('production/checkout/deployment/cart-service/cart-b/app', {
        properties: cart('cart-b'),
        minutes: 720,
        cpuCoreUsageAverage: 0.4,
        cpuCoreHours: 6,
        cpuCost: 0.19,
        totalCost: 0.25,
        rawAllocationOnly: { cpuCoreUsageMax: 0.7, ramByteUsageMax: 0.9 * GI },
      }),
    ]);
    expect(idleCost).toBe(0);
    expect(containers).toHaveLength(1);
    const [container] = containers;
    expect(container).toMatchObject({
      namespace: 'checkout',
      controllerKind: 'deployment',
      controller: 'cart-service',
      container: 'app',
      labels: { 'backstage.io/kubernetes-id': 'cart-service' },
      replicas: 1.5,
      cpuRequestCores: 0.5,
      cpuUsageMaxCores: 0.7,
      memoryUsageMaxBytes: 0.9 * GI,
      cpuCoreHours: 18,
    });
    // (0.1 × 1440 + 0.4 × 720) / 2160 = 0.2
    expect(container.cpuUsageAvgCores).toBeCloseTo(0.2, 10);
    expect(container.totalCost).toBeCloseTo(0.74, 10);
    expect(container.cpuCost).toBeCloseTo(0.57, 10);
  });

  it('keeps idle capacity apart and counts bare pods as their own workload', () => {
    const { containers, idleCost } = summariseOpenCostDay([
      pod('production/__idle__', { properties: {}, totalCost: 3.5 }),
      pod(
        'production/tools/__unallocated__/__unallocated__/debug-shell/shell',
        {
          properties: {
            cluster: 'production',
            namespace: 'tools',
            pod: 'debug-shell',
            container: 'shell',
          },
        },
      ),
    ]);
    expect(idleCost).toBe(3.5);
    expect(containers).toEqual([
      expect.objectContaining({
        namespace: 'tools',
        controllerKind: 'pod',
        controller: 'debug-shell',
        container: 'shell',
      }),
    ]);
  });

  it('has no peak when OpenCost gave none', () => {
    const { containers } = summariseOpenCostDay([
      pod('a', { properties: cart('cart-a'), rawAllocationOnly: null }),
    ]);
    expect(containers[0].cpuUsageMaxCores).toBeNull();
    expect(containers[0].memoryUsageMaxBytes).toBeNull();
  });
});
