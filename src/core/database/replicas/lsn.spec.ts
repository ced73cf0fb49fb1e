import { consistencyOf, parseLsn } from './lsn';

describe('WAL positions', () => {
  it('reads pg_lsn text as a number that orders like the WAL', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('0/3000148')).toBe(0x3000148n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(parseLsn('16/B374D848 ')).toBeNull();
    expect(parseLsn('x/1')).toBeNull();
    expect(parseLsn('123456789/0')).toBeNull();
  });

  it('reads the consistency header: absent, a position, or invalid (then the primary answers)', () => {
    expect(consistencyOf(undefined)).toBeUndefined();
    expect(consistencyOf('')).toBeUndefined();
    expect(consistencyOf('0/3000148')).toBe(0x3000148n);
    expect(consistencyOf(['0/1', '0/2'])).toBe(2n);
    expect(consistencyOf('yesterday')).toBe('invalid');
  });
});
