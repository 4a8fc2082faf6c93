/** A semantic version, e.g. 1.2.0 or 2.0.0-rc.1 (build metadata is ignored). */
const SEMVER =
  /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

type Parsed = { core: [number, number, number]; pre: string[] };

function parse(version: string): Parsed | undefined {
  const match = SEMVER.exec(version.trim());
  if (!match) return undefined;
  return {
    core: [Number(match[1]), Number(match[2]), Number(match[3])],
    pre: match[4] ? match[4].split('.') : [],
  };
}

export function isSemanticVersion(version: string): boolean {
  return parse(version) !== undefined;
}

function comparePre(a: string[], b: string[]): number {
  // A release is newer than any of its pre-releases.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const an = /^\d+$/.test(a[i]) ? Number(a[i]) : undefined;
    const bn = /^\d+$/.test(b[i]) ? Number(b[i]) : undefined;
    if (an !== undefined && bn !== undefined) {
      if (an !== bn) return an < bn ? -1 : 1;
    } else if (an !== undefined) {
      return -1;
    } else if (bn !== undefined) {
      return 1;
    } else if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return 0;
}

/**
 * Orders semantic versions (SemVer 2.0.0 precedence): negative when `a` is
 * older than `b`. Versions that are not semantic sort before all others.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  for (let i = 0; i < 3; i++) {
    if (pa.core[i] !== pb.core[i]) return pa.core[i] < pb.core[i] ? -1 : 1;
  }
  return comparePre(pa.pre, pb.pre);
}

/**
 * How far a service's template version is behind the template's current
 * one: `major` when a breaking change separates them, else `minor` or
 * `patch`; `current` when equal (or newer); `unknown` when either is not a
 * semantic version.
 */
export type VersionLag = 'current' | 'patch' | 'minor' | 'major' | 'unknown';

export function versionLag(generatedFrom: string, current: string): VersionLag {
  const from = parse(generatedFrom);
  const now = parse(current);
  if (!from || !now) return 'unknown';
  if (compareVersions(generatedFrom, current) >= 0) return 'current';
  if (from.core[0] !== now.core[0]) return 'major';
  if (from.core[1] !== now.core[1]) return 'minor';
  return 'patch';
}
