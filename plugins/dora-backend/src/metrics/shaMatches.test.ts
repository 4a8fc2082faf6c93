import { shaMatches } from './shaMatches';

const FULL = '3f786850e387550fdab836ed7e6dc881de23001b';

describe('shaMatches', () => {
  it('matches a SHA however it is capitalised', () => {
    expect(shaMatches(FULL, FULL.toUpperCase())).toBe(true);
    expect(shaMatches('ABCDEF1', 'abcdef1')).toBe(true);
  });

  it('matches an abbreviated SHA of 7 or more digits to the full one', () => {
    expect(shaMatches('3f78685', FULL)).toBe(true);
    expect(shaMatches(FULL, '3F786850E387')).toBe(true);
  });

  it('does not match a prefix shorter than 7 digits, or a different commit', () => {
    expect(shaMatches('3f7868', FULL)).toBe(false);
    expect(shaMatches('3f78685', '3f78685'.padEnd(40, '0'))).toBe(true);
    expect(shaMatches('3f78686', FULL)).toBe(false);
  });

  it('does not match two abbreviations of different lengths', () => {
    expect(shaMatches('3f78685', '3f786850e3')).toBe(false);
  });

  it('never matches an empty SHA', () => {
    expect(shaMatches('', '')).toBe(false);
  });
});
