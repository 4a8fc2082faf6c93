import { baseName, formatSize, groupByDirectory } from './formatting';
import { sortMostBehindFirst, lagCountsText } from './lag';
import { makeService } from '../__testUtils__/fixtures';

describe('formatSize', () => {
  it('uses bytes, then KiB and MiB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});

describe('groupByDirectory', () => {
  it('puts the top level first, then directories in order, files by name', () => {
    const file = (path: string) => ({ path, size: 1, executable: false });
    const groups = groupByDirectory([
      file('src/b.ts'),
      file('README.md'),
      file('src/a.ts'),
      file('.github/workflows/ci.yaml'),
      file('catalog-info.yaml'),
    ]);
    expect(
      groups.map(group => [group.path, group.files.map(f => baseName(f.path))]),
    ).toEqual([
      ['', ['catalog-info.yaml', 'README.md']],
      ['.github/workflows', ['ci.yaml']],
      ['src', ['a.ts', 'b.ts']],
    ]);
  });
});

describe('lag', () => {
  it('sorts most behind first, the oldest version first within a lag', () => {
    const sorted = sortMostBehindFirst([
      makeService('a', '1.4.1', 'current'),
      makeService('b', '1.3.0', 'minor'),
      makeService('c', undefined, 'unknown'),
      makeService('d', '1.2.0', 'minor'),
      makeService('e', '0.1.0', 'major'),
      makeService('f', '1.4.0', 'patch'),
    ]);
    expect(sorted.map(s => s.name)).toEqual(['e', 'd', 'b', 'f', 'c', 'a']);
  });

  it('counts per lag, leaving out zeros', () => {
    expect(lagCountsText({ current: 3, minor: 1, major: 1, patch: 0 })).toBe(
      '3 current · 1 minor behind · 1 major behind',
    );
  });
});
