const FULL_SHA_LENGTH = 40;
const MIN_ABBREVIATED_LENGTH = 7;

/**
 * Whether two commit SHAs name the same commit: equal ignoring case, or one
 * is an abbreviation (a prefix of at least 7 hex digits) of the other, a
 * full 40-digit SHA. Two abbreviations of different lengths do not match.
 */
export function shaMatches(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return x.length > 0;
  const [short, full] = x.length < y.length ? [x, y] : [y, x];
  return (
    full.length === FULL_SHA_LENGTH &&
    short.length >= MIN_ABBREVIATED_LENGTH &&
    full.startsWith(short)
  );
}
