import { compareVersions, isSemanticVersion, versionLag } from './versions';

describe('compareVersions', () => {
  it('orders by major, minor and patch numerically', () => {
    const sorted = [
      '1.10.0',
      '1.2.0',
      '0.9.9',
      '2.0.0',
      '1.2.10',
      '1.2.9',
    ].sort(compareVersions);
    expect(sorted).toEqual([
      '0.9.9',
      '1.2.0',
      '1.2.9',
      '1.2.10',
      '1.10.0',
      '2.0.0',
    ]);
  });

  it('puts pre-releases before their release, per SemVer precedence', () => {
    const sorted = [
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0-beta.11',
      '1.0.0-beta.2',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta',
    ].sort(compareVersions);
    expect(sorted).toEqual([
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ]);
  });

  it('ignores build metadata and a leading v', () => {
    expect(compareVersions('v1.2.3', '1.2.3+build.5')).toBe(0);
  });

  it('sorts versions that are not semantic first', () => {
    expect(['1.0.0', 'latest'].sort(compareVersions)).toEqual([
      'latest',
      '1.0.0',
    ]);
  });
});

describe('versionLag', () => {
  it.each([
    ['1.4.0', '1.4.0', 'current'],
    ['1.5.0', '1.4.0', 'current'],
    ['1.4.0', '1.4.2', 'patch'],
    ['1.2.7', '1.4.0', 'minor'],
    ['0.9.0', '1.0.0', 'major'],
    ['1.0.0-rc.1', '1.0.0', 'patch'],
    ['', '1.0.0', 'unknown'],
    ['1.0.0', 'next', 'unknown'],
  ])('%s against %s is %s', (from, current, lag) => {
    expect(versionLag(from, current)).toBe(lag);
  });
});

describe('isSemanticVersion', () => {
  it('accepts x.y.z with optional pre-release and build', () => {
    expect(isSemanticVersion('1.0.0')).toBe(true);
    expect(isSemanticVersion('1.0.0-rc.1+sha.5114f85')).toBe(true);
    expect(isSemanticVersion('1.0')).toBe(false);
    expect(isSemanticVersion('01.0.0x')).toBe(false);
  });
});
