import {
  ContainerUsageDay,
  DEFAULT_RIGHT_SIZING_RULES,
  formatCpuQuantity,
  formatMemoryQuantity,
  percentile,
  rightSizeContainer,
} from './rightSizing';

const MI = 1024 * 1024;
const CPU_PRICE = 0.031611;
const GIB_PRICE = 0.004237;

/** `count` days of a container with 2 replicas requesting 500m / 1Gi. */
function days(
  count: number,
  usage: (i: number) => {
    cpuAvg: number;
    cpuMax: number | null;
    memAvg: number;
    memMax: number | null;
  },
  request = { cpu: 0.5, memory: 1024 * MI },
): ContainerUsageDay[] {
  return Array.from({ length: count }, (_, i) => {
    const u = usage(i);
    const cpuCoreHours = Math.max(request.cpu, u.cpuAvg) * 2 * 24;
    const memoryByteHours = Math.max(request.memory, u.memAvg) * 2 * 24;
    return {
      day: `2026-11-${String(i + 1).padStart(2, '0')}`,
      replicas: 2,
      cpuRequestCores: request.cpu,
      cpuUsageAvgCores: u.cpuAvg,
      cpuUsageMaxCores: u.cpuMax,
      memoryRequestBytes: request.memory,
      memoryUsageAvgBytes: u.memAvg,
      memoryUsageMaxBytes: u.memMax,
      cpuCost: cpuCoreHours * CPU_PRICE,
      memoryCost: (memoryByteHours / (1024 * MI)) * GIB_PRICE,
      cpuCoreHours,
      memoryByteHours,
    };
  });
}

describe('rightSizeContainer', () => {
  it('suggests nothing before it has the minimum days of data', () => {
    const sixDays = days(6, () => ({
      cpuAvg: 0.1,
      cpuMax: 0.15,
      memAvg: 200 * MI,
      memMax: 250 * MI,
    }));
    expect(rightSizeContainer(sixDays)).toBeUndefined();
    expect(rightSizeContainer([])).toBeUndefined();
  });

  it('sizes an over-provisioned container down to its peaks plus headroom and prices the saving', () => {
    // CPU peaks 0.10–0.24 (median 0.17), memory peaks at 300 MiB.
    const usage = days(15, i => ({
      cpuAvg: 0.1,
      cpuMax: 0.1 + i * 0.01,
      memAvg: 250 * MI,
      memMax: i === 7 ? 300 * MI : 280 * MI,
    }));
    const sizing = rightSizeContainer(usage)!;
    expect(sizing.days).toBe(15);
    expect(sizing.replicas).toBe(2);
    expect(sizing.cpu.action).toBe('decrease');
    expect(sizing.cpu.usagePeak).toBeCloseTo(0.17, 9);
    // 0.17 × 1.2 = 0.204 → rounded up to 0.21.
    expect(sizing.cpu.suggested).toBe(0.21);
    expect(sizing.memory.action).toBe('decrease');
    expect(sizing.memory.usagePeak).toBe(300 * MI);
    // 360 MiB, a multiple of 4 MiB.
    expect(sizing.memory.suggested).toBe(360 * MI);
    expect(sizing.cpu.peakFromAverages).toBe(false);
    // (0.5 − 0.21) cores × 2 × 730 h × price + (1024 − 360) MiB likewise.
    const expected =
      0.29 * 2 * 730 * CPU_PRICE +
      ((664 * MI) / (1024 * MI)) * 2 * 730 * GIB_PRICE;
    expect(sizing.monthlySaving).toBeCloseTo(expected, 6);
  });

  it('raises memory when a daily peak passed the request, even by a little, and the raise costs money', () => {
    const usage = days(10, i => ({
      cpuAvg: 0.4,
      cpuMax: 0.45,
      memAvg: 900 * MI,
      memMax: i === 3 ? 1100 * MI : 1000 * MI,
    }));
    const sizing = rightSizeContainer(usage)!;
    expect(sizing.memory.action).toBe('increase');
    // 1100 × 1.2 = 1320 MiB.
    expect(sizing.memory.suggested).toBe(1320 * MI);
    // CPU: 0.45 × 1.2 = 0.54 is within 20 % of 0.5: kept.
    expect(sizing.cpu.action).toBe('keep');
    expect(sizing.cpu.suggested).toBe(0.5);
    expect(sizing.monthlySaving).toBeLessThan(0);
  });

  it('keeps a request that is about right', () => {
    const usage = days(10, () => ({
      cpuAvg: 0.35,
      cpuMax: 0.42,
      memAvg: 800 * MI,
      memMax: 850 * MI,
    }));
    const sizing = rightSizeContainer(usage)!;
    expect(sizing.cpu.action).toBe('keep');
    expect(sizing.memory.action).toBe('keep');
    expect(sizing.monthlySaving).toBe(0);
  });

  it('lets CPU peak a little above its request (it borrows up to the limit), but not memory', () => {
    const usage = days(10, () => ({
      cpuAvg: 0.3,
      cpuMax: 0.52,
      memAvg: 800 * MI,
      memMax: 1030 * MI,
    }));
    const sizing = rightSizeContainer(usage, {
      ...DEFAULT_RIGHT_SIZING_RULES,
      cpuHeadroom: 0.1,
      memoryHeadroom: 0.1,
    })!;
    // 0.52 × 1.1 = 0.572: within 20 % of 0.5.
    expect(sizing.cpu.action).toBe('keep');
    // 1030 MiB > 1 GiB: an increase whatever the headroom.
    expect(sizing.memory.action).toBe('increase');
  });

  it('sizes CPU to a typical day’s peak, so one burst does not set the request', () => {
    const usage = days(30, i => ({
      cpuAvg: 0.05,
      cpuMax: i === 12 ? 2 : 0.1,
      memAvg: 800 * MI,
      memMax: 850 * MI,
    }));
    const sizing = rightSizeContainer(usage)!;
    expect(sizing.cpu.usagePeak).toBeLessThan(0.2);
    expect(sizing.cpu.action).toBe('decrease');
  });

  it('falls back to daily averages when the source has no peaks, and says so', () => {
    const usage = days(10, () => ({
      cpuAvg: 0.1,
      cpuMax: null,
      memAvg: 200 * MI,
      memMax: null,
    }));
    const sizing = rightSizeContainer(usage)!;
    expect(sizing.cpu.peakFromAverages).toBe(true);
    expect(sizing.memory.peakFromAverages).toBe(true);
    expect(sizing.cpu.suggested).toBe(0.12);
    expect(sizing.memory.suggested).toBe(240 * MI);
  });

  it('never suggests below 10m CPU or 32 MiB', () => {
    const usage = days(10, () => ({
      cpuAvg: 0.0001,
      cpuMax: 0.001,
      memAvg: 2 * MI,
      memMax: 3 * MI,
    }));
    const sizing = rightSizeContainer(usage)!;
    expect(sizing.cpu.suggested).toBe(0.01);
    expect(sizing.memory.suggested).toBe(32 * MI);
  });

  it('sets a request for a container that has none', () => {
    const usage = days(
      10,
      () => ({ cpuAvg: 0.2, cpuMax: 0.3, memAvg: 100 * MI, memMax: 120 * MI }),
      { cpu: 0, memory: 0 },
    );
    const sizing = rightSizeContainer(usage)!;
    expect(sizing.cpu.action).toBe('increase');
    expect(sizing.cpu.suggested).toBe(0.36);
    expect(sizing.memory.action).toBe('increase');
    expect(sizing.memory.suggested).toBe(144 * MI);
  });

  it('reads the request of the last day, whatever order the days come in', () => {
    const usage = days(10, () => ({
      cpuAvg: 0.1,
      cpuMax: 0.12,
      memAvg: 100 * MI,
      memMax: 120 * MI,
    }));
    usage[9] = { ...usage[9], cpuRequestCores: 1 };
    const sizing = rightSizeContainer([...usage].reverse())!;
    expect(sizing.cpu.request).toBe(1);
  });
});

describe('percentile', () => {
  it('interpolates between ranks', () => {
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([10, 20], 0.95)).toBeCloseTo(19.5);
    expect(percentile([], 0.95)).toBe(0);
  });
});

describe('Kubernetes quantities', () => {
  it('formats cores and bytes as kubectl would accept them', () => {
    expect(formatCpuQuantity(0.25)).toBe('250m');
    expect(formatCpuQuantity(2)).toBe('2');
    expect(formatCpuQuantity(1.5)).toBe('1500m');
    expect(formatMemoryQuantity(1024 * MI)).toBe('1Gi');
    expect(formatMemoryQuantity(360 * MI)).toBe('360Mi');
    expect(formatMemoryQuantity(360 * MI + 1)).toBe('361Mi');
  });
});
