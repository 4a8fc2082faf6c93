import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  PERFORMANCE_BANDS,
  recoveryTimeLevel,
} from './bands';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('performance bands', () => {
  const b2023 = PERFORMANCE_BANDS['2023'];
  const b2021 = PERFORMANCE_BANDS['2021'];
  const b2024 = PERFORMANCE_BANDS['2024'];

  it('ranks deployment frequency by deployments per day', () => {
    expect(deploymentFrequencyLevel(3, b2023)).toBe('elite');
    expect(deploymentFrequencyLevel(1, b2023)).toBe('elite');
    expect(deploymentFrequencyLevel(2 / 7, b2023)).toBe('high');
    expect(deploymentFrequencyLevel(1 / 7, b2023)).toBe('high');
    expect(deploymentFrequencyLevel(1 / 20, b2023)).toBe('medium');
    expect(deploymentFrequencyLevel(1 / 60, b2023)).toBe('low');
    expect(deploymentFrequencyLevel(0, b2023)).toBe('low');
    // 2021 put once a week to once a month in "high".
    expect(deploymentFrequencyLevel(1 / 20, b2021)).toBe('high');
  });

  it('ranks lead time; under the elite bound strictly', () => {
    expect(leadTimeLevel(59 * 60, b2021)).toBe('elite');
    expect(leadTimeLevel(HOUR, b2021)).toBe('high');
    expect(leadTimeLevel(HOUR, b2023)).toBe('elite');
    expect(leadTimeLevel(DAY, b2023)).toBe('high');
    expect(leadTimeLevel(10 * DAY, b2023)).toBe('medium');
    expect(leadTimeLevel(40 * DAY, b2023)).toBe('low');
    expect(leadTimeLevel(40 * DAY, b2021)).toBe('medium');
    expect(leadTimeLevel(null, b2023)).toBeNull();
  });

  it('ranks change failure rate with inclusive bounds', () => {
    expect(changeFailureRateLevel(0, b2023)).toBe('elite');
    expect(changeFailureRateLevel(0.05, b2023)).toBe('elite');
    expect(changeFailureRateLevel(0.08, b2023)).toBe('high');
    expect(changeFailureRateLevel(0.15, b2023)).toBe('medium');
    expect(changeFailureRateLevel(0.2, b2023)).toBe('low');
    expect(changeFailureRateLevel(0.2, b2024)).toBe('medium');
    expect(changeFailureRateLevel(0.15, b2021)).toBe('elite');
    expect(changeFailureRateLevel(0.31, b2021)).toBe('low');
    expect(changeFailureRateLevel(null, b2021)).toBeNull();
  });

  it('ranks recovery time', () => {
    expect(recoveryTimeLevel(30 * 60, b2023)).toBe('elite');
    expect(recoveryTimeLevel(5 * HOUR, b2023)).toBe('high');
    expect(recoveryTimeLevel(3 * DAY, b2023)).toBe('medium');
    expect(recoveryTimeLevel(3 * DAY, b2024)).toBe('low');
    expect(recoveryTimeLevel(30 * DAY, b2023)).toBe('low');
  });
});
