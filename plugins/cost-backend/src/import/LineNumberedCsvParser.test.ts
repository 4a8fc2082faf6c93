import { Readable } from 'stream';
import { LineNumberedCsvParser, NumberedRecord } from './LineNumberedCsvParser';

async function read(csv: string) {
  const records: NumberedRecord[] = [];
  const parser = Readable.from([csv]).pipe(
    new LineNumberedCsvParser({ skip_empty_lines: true }),
  );
  for await (const record of parser) records.push(record);
  return records;
}

describe('LineNumberedCsvParser', () => {
  it('numbers records by the line they end on, past empty lines and CRLF', async () => {
    expect(await read('a,b\r\n1,2\r\n\r\n3,"x\ny"\r\n4,5')).toEqual([
      { values: ['a', 'b'], line: 1 },
      { values: ['1', '2'], line: 2 },
      { values: ['3', 'x\ny'], line: 5 },
      { values: ['4', '5'], line: 6 },
    ]);
  });
});
