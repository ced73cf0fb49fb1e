import { checkDigit } from './id-number';
import { Columns, parseDate, parseRow, readHeader } from './import-rows';

const id = (birth: string) => {
  const first17 = `330106${birth}123`;
  return `${first17}${checkDigit(first17)}`;
};
const today = new Date('2026-11-28T00:00:00Z');

function columns(header: string[]): Columns {
  const result = readHeader({ line: 1, fields: header });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.columns;
}

describe('import header', () => {
  it('reads Chinese and English names, with stray spaces, a BOM and any case', () => {
    const c = columns(['\uFEFF户号', ' 姓名 ', 'ID_Number', '手机号码', 'Gender', '出生日期', '是否户主', '村民小组', '住址', '卡号', '备注']);
    expect(c.index).toEqual({ household_code: 0, name: 1, id_number: 2, phone: 3, gender: 4, birth_date: 5, is_head: 6, group: 7, address: 8, card_no: 9 });
    expect(c.label.id_number).toBe('ID_Number');
  });

  it('requires household code and name columns and refuses a repeated column', () => {
    const missing = readHeader({ line: 1, fields: ['身份证号', '手机'] });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors.map((e) => e.message)).toEqual([expect.stringMatching(/户号/), expect.stringMatching(/姓名/)]);
    const twice = readHeader({ line: 1, fields: ['户号', '姓名', 'name'] });
    expect(!twice.ok && twice.errors[0].message).toMatch(/twice/);
  });
});

describe('import rows', () => {
  const c = columns(['户号', '姓名', '身份证号', '手机', '性别', '出生日期', '户主', '卡号']);
  const row = (...fields: string[]) => parseRow({ line: 7, fields }, c, today);

  it('parses a good line, stripping what Excel adds around numbers', () => {
    const parsed = row(' A-01 ', '张三', `="${id('19900307')}"`, "'13812345678", '男', '1990/3/7', '是', 'K01');
    expect(parsed).toEqual({
      ok: true,
      row: {
        line: 7,
        householdCode: 'A-01',
        personal: { name: '张三', idNumber: id('19900307'), phone: '13812345678', gender: 'male', birthDate: '1990-03-07' },
        isHead: true,
        relation: null,
        group: null,
        address: null,
        cardNo: 'K01',
      },
    });
    expect(row('A-01', '李四', `${id('19900307')}\t`, '', '', '', '否', '')).toMatchObject({ ok: true, row: { isHead: false, cardNo: null } });
  });

  it('reports every bad field of a line under the column name of the file', () => {
    const parsed = row('', '', '110105491231002', '12345', '未知', '1990-13-01', '也许', 'K 1');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => [e.line, e.field])).toEqual([
      [7, '户号'],
      [7, '性别'],
      [7, '户主'],
      [7, '卡号'],
      [7, '姓名'],
      [7, '身份证号'],
      [7, '手机'],
      [7, '出生日期'],
    ]);
  });

  it('refuses a birth date that disagrees with the ID number', () => {
    const parsed = row('A1', '张三', id('19900307'), '', '', '1990-03-08', '', '');
    expect(!parsed.ok && parsed.errors).toEqual([{ line: 7, field: '出生日期', message: expect.stringMatching(/does not agree/) }]);
  });

  it('reads the date formats Excel writes', () => {
    expect(['1990-03-07', '1990/3/7', '1990.3.7', '19900307', '1990年3月7日'].map(parseDate)).toEqual(Array(5).fill('1990-03-07'));
    expect(parseDate('07/03/1990')).toBeNull();
  });
});
