import { CSV_BOM, csvCell, toCsv, wantsCsv } from './csv';

describe('CSV for Excel', () => {
  it('starts with a BOM, uses CRLF, quotes and defuses formulas', () => {
    const csv = toCsv(['户号', '积分'], [['A-1', 10], ['B,2', -5], ['=cmd()', '"x"']]);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['户号,积分', 'A-1,10', '"B,2",-5', `'=cmd(),"""x"""`, '']);
  });

  it('recognises Accept: text/csv', () => {
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('application/json, text/csv;q=0.5')).toBe(true);
    expect(wantsCsv('application/json')).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });

  it('has one field escaper: quotes what needs it, defuses formulas, leaves plain numbers (negative ones too) alone', () => {
    expect(csvCell('张三')).toBe('张三');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1-2')).toBe("'+1-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});
