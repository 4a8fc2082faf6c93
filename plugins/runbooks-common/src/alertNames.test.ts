import {
  alertNameFromPath,
  isAlertLikeName,
  normaliseAlertName,
} from './alertNames';

describe('normaliseAlertName', () => {
  it('trims and ignores case', () => {
    expect(normaliseAlertName('  KubePodCrashLooping ')).toBe(
      'kubepodcrashlooping',
    );
    expect(normaliseAlertName('kubepodcrashlooping')).toBe(
      normaliseAlertName('KUBEPODCRASHLOOPING'),
    );
  });
});

describe('alertNameFromPath', () => {
  it('reads alert names from file names', () => {
    expect(
      alertNameFromPath('content/runbooks/kubernetes/KubePodCrashLooping.md'),
    ).toBe('KubePodCrashLooping');
    expect(alertNameFromPath('alerts/KubeAPIDown.md')).toBe('KubeAPIDown');
    expect(alertNameFromPath('Watchdog.markdown')).toBe('Watchdog');
  });

  it('skips service names and documents', () => {
    expect(alertNameFromPath('docs/runbooks/order-service.md')).toBeUndefined();
    expect(alertNameFromPath('docs/runbooks/README.md')).toBeUndefined();
    expect(alertNameFromPath('docs/runbooks/Readme.md')).toBeUndefined();
    expect(alertNameFromPath('docs/runbooks/_index.md')).toBeUndefined();
    expect(isAlertLikeName('Pod CrashLooping')).toBe(false);
  });
});
