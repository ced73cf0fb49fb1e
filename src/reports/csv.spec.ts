import { CSV_BOM, toCsv, wantsCsv } from './csv';

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
});
