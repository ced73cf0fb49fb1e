import * as iconv from 'iconv-lite';
import { CsvDecoder, CsvParser, CsvRecord, csvBatches } from './csv';

async function parseAll(chunks: Buffer[], batchSize = 1000): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of csvBatches(chunks, batchSize)) out.push(...batch);
  return out;
}

function chunked(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

const TEXT = '户号,姓名,身份证号\r\nA01,张三,"1,2"\r\nA02,"李""四""",x\r\n,,\r\nA03,"王\n五",y\r\n';
const EXPECTED = [
  { line: 1, fields: ['户号', '姓名', '身份证号'] },
  { line: 2, fields: ['A01', '张三', '1,2'] },
  { line: 3, fields: ['A02', '李"四"', 'x'] },
  { line: 5, fields: ['A03', '王\n五', 'y'] },
];

describe('CSV decoding', () => {
  it('reads UTF-8 with a BOM, UTF-8 without, and GBK, whatever the chunking', async () => {
    const files = {
      'utf-8-bom': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]),
      'utf-8': Buffer.from(TEXT),
      gbk: iconv.encode(TEXT, 'gbk'),
    };
    for (const [encoding, bytes] of Object.entries(files)) {
      for (const size of [1, 2, 3, 7, 1 << 20]) {
        expect(await parseAll(chunked(bytes, size))).toEqual(EXPECTED);
      }
      const decoder = new CsvDecoder();
      decoder.push(bytes);
      decoder.end();
      expect(decoder.encoding).toBe(encoding === 'gbk' ? 'gbk' : 'utf-8');
    }
  });

  it('keeps line numbers across chunks in a large GBK file', async () => {
    const big = iconv.encode(`household_code,name\r\n${'A01,张三\r\n'.repeat(20000)}`, 'gbk');
    const records = await parseAll(chunked(big, 4096));
    expect(records).toHaveLength(20001);
    expect(records[20000]).toEqual({ line: 20001, fields: ['A01', '张三'] });
  });

  it('refuses UTF-16 with a hint and an unclosed quote with its line', async () => {
    await expect(parseAll([Buffer.from([0xff, 0xfe, 0x41, 0x00])])).rejects.toThrow(/UTF-16/);
    await expect(parseAll([Buffer.from('a,b\n"open,c\n')])).rejects.toThrow(/line 2/);
  });

  it('yields bounded batches', async () => {
    const batches: number[] = [];
    for await (const batch of csvBatches([Buffer.from('a\n'.repeat(25))], 10)) batches.push(batch.length);
    expect(batches).toEqual([10, 10, 5]);
  });

  it('refuses a record past the limits as soon as it gets there, with its line', async () => {
    const limits = { fieldChars: 50, fieldsPerRecord: 5, recordChars: 100 };
    const parse = async (text: string) => {
      const out: CsvRecord[] = [];
      for await (const batch of csvBatches([Buffer.from(text)], 10, undefined, limits)) out.push(...batch);
      return out;
    };
    expect(await parse('a,b,c,d,e\n')).toEqual([{ line: 1, fields: ['a', 'b', 'c', 'd', 'e'] }]);
    await expect(parse('a,b\n,,,,,,\n')).rejects.toThrow(/^line 2: more than 5 fields$/);
    await expect(parse(`a,b\n${'x,'.repeat(60)}\n`)).rejects.toThrow(/line 2: more than 5 fields/);
    await expect(parse(`a,b\n"${'x\n'.repeat(20)}","${'y\n'.repeat(20)}","${'z\n'.repeat(20)}"\n`)).rejects.toThrow(/^line 2: a line is longer than 100 characters$/);
    await expect(parse(`a,${'x'.repeat(51)}\n`)).rejects.toThrow(/^line 1: a field is longer than 50 characters$/);
    // The limits are per record: many records of any number are fine.
    expect(await parse('a,b,c,d,e\n'.repeat(500))).toHaveLength(500);
  });

  it('parses a quote doubled across a chunk boundary', () => {
    const parser = new CsvParser();
    const out = [...parser.push('"a"'), ...parser.push('"b",c'), ...parser.end()];
    expect(out).toEqual([{ line: 1, fields: ['a"b', 'c'] }]);
  });
});
