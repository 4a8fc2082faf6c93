import { toCsv } from './toCsv';

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated line per row', () => {
    expect(
      toCsv(
        [
          { id: 'a', count: 3, ids: ['x', 'y'], failed: true },
          { id: 'b', count: 0, ids: [], failed: false },
        ],
        ['id', 'count', 'ids', 'failed'],
      ),
    ).toBe('id,count,ids,failed\r\na,3,x y,true\r\nb,0,,false\r\n');
  });

  it('quotes commas, quotes and line breaks, and leaves absent values empty', () => {
    expect(
      toCsv(
        [{ title: 'Revert "Tax, rounding"\nnow', note: undefined }],
        ['title', 'note'],
      ),
    ).toBe('title,note\r\n"Revert ""Tax, rounding""\nnow",\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    expect(
      toCsv(
        [{ title: '=HYPERLINK("http://x")', delta: -5 }],
        ['title', 'delta'],
      ),
    ).toBe('title,delta\r\n"\'=HYPERLINK(""http://x"")",-5\r\n');
  });
});
