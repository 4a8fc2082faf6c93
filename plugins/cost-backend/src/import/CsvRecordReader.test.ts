import { parse } from 'csv-parse/sync';
import { Readable } from 'stream';
import { CsvProblem, CsvRecordReader, NumberedRecord } from './CsvRecordReader';

/** Reads `chunks` (strings or bytes) through the reader. */
async function read(chunks: (string | Buffer)[], maxRecordBytes = 1024 * 1024) {
  const problems: CsvProblem[] = [];
  const records: NumberedRecord[] = [];
  const reader = Readable.from(chunks, { objectMode: false }).pipe(
    new CsvRecordReader({
      maxRecordBytes,
      onProblem: problem => problems.push(problem),
    }),
  );
  for await (const batch of reader) records.push(...batch);
  return { records, problems };
}

/** A deterministic random generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  'b',
  '1.5',
  ',',
  '"',
  '\n',
  '\r\n',
  ' ',
  'é',
  '€',
  '{"k": "v"}',
  '',
];

function randomCsv(next: () => number, rows: number, columns: number) {
  const field = () => {
    let value = '';
    const length = Math.floor(next() * 6);
    for (let i = 0; i < length; i++) {
      value += PIECES[Math.floor(next() * PIECES.length)];
    }
    const mustQuote = /[",\r\n]/.test(value) || next() < 0.1;
    return mustQuote ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const eol = next() < 0.5 ? '\n' : '\r\n';
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    // Never a line that is one empty field: that is an empty line.
    const fields = Array.from({ length: columns }, field);
    if (columns === 1 && fields[0] === '') fields[0] = 'x';
    lines.push(fields.join(','));
  }
  return lines.join(eol) + (next() < 0.5 ? eol : '');
}

/** Splits text at random places, some inside multi-byte characters. */
function randomChunks(next: () => number, text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const size = 1 + Math.floor(next() * 40);
    chunks.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

describe('CsvRecordReader', () => {
  it('reads what csv-parse reads, however the bytes are split', async () => {
    const next = random(42);
    for (let run = 0; run < 300; run++) {
      const columns = 1 + Math.floor(next() * 5);
      const csv = randomCsv(next, 1 + Math.floor(next() * 8), columns);
      const expected: string[][] = parse(csv, {
        skip_empty_lines: true,
        relax_column_count: false,
      });
      const { records, problems } = await read(randomChunks(next, csv));
      expect([csv, problems]).toEqual([csv, []]);
      expect([csv, records.map(r => r.values)]).toEqual([csv, expected]);
    }
  });

  it('numbers records by the line they end on, past empty lines, CRLF and a BOM', async () => {
    const { records } = await read([
      Buffer.from([0xef, 0xbb]),
      Buffer.from([0xbf]),
      'a,b\r\n1,2\r\n\r\n3,"x\ny"\r\n4,5',
    ]);
    expect(records).toEqual([
      { values: ['a', 'b'], line: 1 },
      { values: ['1', '2'], line: 2 },
      { values: ['3', 'x\ny'], line: 5 },
      { values: ['4', '5'], line: 6 },
    ]);
  });

  it('reports bad records by the line they start on and reads on', async () => {
    const { records, problems } = await read([
      'a,b,c\n',
      '1,"x"y,3\n',
      '4,5,6\n',
      '7,8\n',
      'x"y,1,2\n',
      '"multi\nline",2,3\n',
      '9,10,11',
    ]);
    expect(problems).toEqual([
      { line: 2, message: 'a quoted field goes on after its closing quote' },
      { line: 4, message: '2 fields where the first line has 3' },
      {
        line: 5,
        message: 'a quote inside a field that does not start with one',
      },
    ]);
    expect(records).toEqual([
      { values: ['a', 'b', 'c'], line: 1 },
      { values: ['4', '5', '6'], line: 3 },
      { values: ['multi\nline', '2', '3'], line: 7 },
      { values: ['9', '10', '11'], line: 8 },
    ]);
  });

  it('stops at a quote that is never closed, naming its line', async () => {
    const { records, problems } = await read(['a,b\n1,2\n3,"open\n4,5\n']);
    expect(problems).toEqual([
      { line: 3, message: 'a quote opened here is never closed' },
    ]);
    expect(records.map(r => r.line)).toEqual([1, 2]);
  });

  it('stops at a record longer than the limit instead of holding the file', async () => {
    const { problems } = await read(
      ['a,b\n', '1,"', 'x'.repeat(600), 'y'.repeat(600), '\n2,3\n'],
      1000,
    );
    expect(problems).toEqual([
      {
        line: 2,
        message: 'a record longer than 1 KiB (is a quote never closed?)',
      },
    ]);
  });

  it('reads an empty input as nothing', async () => {
    expect(await read([''])).toEqual({ records: [], problems: [] });
  });
});
