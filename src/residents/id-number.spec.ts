import { checkDigit, checkIdNumber, nameProblem, normalizePhone } from './id-number';
import { maskIdNumber, maskPhone } from '../core/vocabulary/masking';

/** A valid number for a region, birth date and sequence (the check character computed). */
export function idNumber(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`;
  return `${first17}${checkDigit(first17)}`;
}

describe('ID numbers (GB 11643)', () => {
  const today = new Date('2026-11-28T00:00:00Z');

  it('accepts good numbers, normalises a lower-case x and reads birth date and gender', () => {
    expect(checkIdNumber('11010519491231002X', today)).toEqual({ ok: true, value: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' });
    expect(checkIdNumber(' 11010519491231002x ', today)).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber('440524188001010014', today)).toMatchObject({ ok: false });
    const male = idNumber('330106', '19900307', '123');
    expect(checkIdNumber(male, today)).toEqual({ ok: true, value: male, birthDate: '1990-03-07', gender: 'male' });
  });

  it('refuses a wrong check character', () => {
    const good = idNumber('110101', '19800101', '001');
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const result = checkIdNumber(bad, today);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/check character/) });
  });

  it('refuses the 15-digit legacy form with a clear message', () => {
    expect(checkIdNumber('110105491231002', today)).toEqual({ ok: false, message: expect.stringMatching(/15-digit legacy/) });
  });

  it('refuses impossible and future birth dates even with a right check character', () => {
    for (const birth of ['19900230', '19901301', '18991231', '20270101']) {
      expect(checkIdNumber(idNumber('110101', birth, '001'), today)).toEqual({ ok: false, message: expect.stringMatching(/impossible birth date/) });
    }
    expect(checkIdNumber(idNumber('110101', '20000229', '001'), today)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
  });

  it('refuses wrong lengths, letters, unknown regions and Excel scientific notation', () => {
    for (const value of ['', '1101011990', '11010119900307123', 'A10101199003071234', '1101011990030712345']) {
      expect(checkIdNumber(value, today)).toEqual({ ok: false, message: expect.stringMatching(/18 characters/) });
    }
    expect(checkIdNumber(idNumber('990101', '19900307', '123'), today)).toEqual({ ok: false, message: expect.stringMatching(/region/) });
    expect(checkIdNumber('1.10101E+17', today)).toEqual({ ok: false, message: expect.stringMatching(/Excel/) });
  });

  it('masks as 110101**********1X', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105**********2X');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
  });
});

describe('phones', () => {
  it('accepts 1[3-9] + 9 digits, dropping spaces, dashes and +86', () => {
    expect(normalizePhone('13812345678')).toBe('13812345678');
    expect(normalizePhone(' 138-1234-5678 ')).toBe('13812345678');
    expect(normalizePhone('+86 199 1234 5678')).toBe('19912345678');
  });

  it('refuses other formats', () => {
    for (const value of ['12812345678', '1381234567', '138123456789', '23812345678', '010-12345678', 'abc']) {
      expect(normalizePhone(value)).toBeNull();
    }
  });

  it('masks as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('names', () => {
  it('accepts Chinese names up to 50 characters and refuses control characters', () => {
    expect(nameProblem('张三')).toBeNull();
    expect(nameProblem('欧阳娜娜')).toBeNull();
    expect(nameProblem('阿'.repeat(50))).toBeNull();
    expect(nameProblem('阿'.repeat(51))).toMatch(/50/);
    expect(nameProblem('')).toMatch(/empty/);
    expect(nameProblem('张\u0000三')).toMatch(/control/);
    expect(nameProblem('张\u200b三')).toMatch(/control/);
  });
});
