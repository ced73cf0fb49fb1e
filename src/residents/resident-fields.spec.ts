import { checkDigit } from './id-number';
import { checkPersonalFields } from './resident-fields';

const id = (birth: string, seq = '123') => {
  const first17 = `330106${birth}${seq}`;
  return `${first17}${checkDigit(first17)}`;
};
const today = new Date('2026-11-28T00:00:00Z');

describe('checkPersonalFields', () => {
  it('takes birth date and gender from the ID number when not given', () => {
    expect(checkPersonalFields({ name: ' 张小明 ', idNumber: id('19900307') }, null, undefined, today)).toEqual({
      ok: true,
      value: { name: '张小明', idNumber: id('19900307'), phone: null, gender: 'male', birthDate: '1990-03-07' },
    });
  });

  it('refuses a birth date that disagrees with the ID number', () => {
    const result = checkPersonalFields({ name: '张三', idNumber: id('19900307'), birthDate: '1990-03-08' }, null, undefined, today);
    expect(result).toEqual({ ok: false, errors: [{ field: 'birthDate', message: expect.stringMatching(/does not agree/) }] });
  });

  it('checks a new ID number against the birth date on file', () => {
    const current = { name: '张三', idNumber: null, phone: null, gender: null, birthDate: '1980-01-01' };
    expect(checkPersonalFields({ idNumber: id('19900307') }, current, undefined, today)).toMatchObject({ ok: false });
    expect(checkPersonalFields({ idNumber: id('19800101') }, current, undefined, today)).toMatchObject({ ok: true, value: { birthDate: '1980-01-01' } });
  });

  it('lists every bad field at once, with the field names it is given', () => {
    const result = checkPersonalFields(
      { name: '', idNumber: '110105491231002', phone: '123', birthDate: '1990-02-30' },
      null,
      { name: '姓名', idNumber: '身份证号', phone: '手机', gender: '性别', birthDate: '出生日期' },
      today,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['姓名', '身份证号', '手机', '出生日期']);
  });

  it('normalises phones and clears values given as empty', () => {
    const current = { name: '张三', idNumber: id('19900307'), phone: '13812345678', gender: 'male' as const, birthDate: '1990-03-07' };
    expect(checkPersonalFields({ phone: '139 1234 5678' }, current, undefined, today)).toMatchObject({ ok: true, value: { phone: '13912345678' } });
    expect(checkPersonalFields({ phone: null, idNumber: '' }, current, undefined, today)).toMatchObject({ ok: true, value: { phone: null, idNumber: null } });
  });
});
