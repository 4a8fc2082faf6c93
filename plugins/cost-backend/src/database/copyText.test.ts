import { copyTextRow } from './copyText';

describe('copyTextRow', () => {
  it('writes tab-separated fields with \\N for null', () => {
    expect(copyTextRow(['a', null, '12.5'])).toBe('a\t\\N\t12.5\n');
  });

  it('escapes what the text format would read as structure', () => {
    expect(
      copyTextRow(['tab\there', 'line\nbreak\r', 'back\\slash', '\\N']),
    ).toBe('tab\\there\tline\\nbreak\\r\tback\\\\slash\t\\\\N\n');
  });
});
