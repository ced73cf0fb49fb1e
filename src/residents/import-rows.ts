import { CsvRecord } from './csv';
import { Gender } from './entities/resident.entity';
import { HOUSEHOLD_CODE, CARD_NO } from './dto/household.dto';
import { PersonalFields, checkPersonalFields } from './resident-fields';

export type ImportField =
  | 'household_code'
  | 'name'
  | 'id_number'
  | 'phone'
  | 'gender'
  | 'birth_date'
  | 'is_head'
  | 'relation'
  | 'group'
  | 'address'
  | 'card_no';

/** Header names staff use (Chinese or English, any case, spaces ignored). */
const HEADER_NAMES: Record<string, ImportField> = {
  户号: 'household_code',
  household_code: 'household_code',
  姓名: 'name',
  name: 'name',
  身份证号: 'id_number',
  身份证号码: 'id_number',
  公民身份号码: 'id_number',
  id_number: 'id_number',
  手机: 'phone',
  手机号: 'phone',
  手机号码: 'phone',
  联系电话: 'phone',
  phone: 'phone',
  性别: 'gender',
  gender: 'gender',
  出生日期: 'birth_date',
  birth_date: 'birth_date',
  户主: 'is_head',
  是否户主: 'is_head',
  is_head: 'is_head',
  与户主关系: 'relation',
  relation: 'relation',
  村民小组: 'group',
  组别: 'group',
  group: 'group',
  住址: 'address',
  地址: 'address',
  address: 'address',
  卡号: 'card_no',
  积分卡号: 'card_no',
  card_no: 'card_no',
};

export const EXPORT_HEADER = ['户号', '姓名', '身份证号', '手机', '性别', '出生日期', '户主', '与户主关系', '村民小组', '住址', '卡号', '状态'];

export interface ImportError {
  line: number;
  field: string;
  message: string;
}

export interface Columns {
  index: Partial<Record<ImportField, number>>;
  label: Record<ImportField, string>;
}

export interface ImportRow {
  line: number;
  householdCode: string;
  personal: PersonalFields;
  /** Whether the file gave these columns (an absent column leaves the value on file alone). */
  isHead: boolean | null;
  relation: string | null;
  group: string | null;
  address: string | null;
  cardNo: string | null;
}

export function readHeader(record: CsvRecord): { ok: true; columns: Columns } | { ok: false; errors: ImportError[] } {
  const index: Partial<Record<ImportField, number>> = {};
  const label = {} as Record<ImportField, string>;
  const errors: ImportError[] = [];
  record.fields.forEach((raw, i) => {
    const text = raw.replace(/^\uFEFF/, '').trim();
    const field = HEADER_NAMES[text.toLowerCase().replace(/\s+/g, '_')] ?? HEADER_NAMES[text.replace(/\s+/g, '')];
    if (!field) return;
    if (index[field] !== undefined) errors.push({ line: record.line, field: text, message: `column ${text} appears twice` });
    index[field] = i;
    label[field] = text;
  });
  for (const required of ['household_code', 'name'] as const) {
    if (index[required] === undefined) {
      errors.push({ line: record.line, field: required, message: `the header row has no ${required === 'name' ? '姓名/name' : '户号/household_code'} column` });
    }
  }
  for (const field of Object.values(HEADER_NAMES)) label[field] ??= field;
  return errors.length ? { ok: false, errors } : { ok: true, columns: { index, label } };
}

const GENDER: Record<string, Gender> = { 男: 'male', 女: 'female', m: 'male', f: 'female', male: 'male', female: 'female' };
const YES = new Set(['是', '户主', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', '', 'n', 'no', 'false', '0']);

/** Dates as Excel writes them: 1990-03-07, 1990/3/7, 1990.3.7, 19900307, 1990年3月7日. */
export function parseDate(value: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** Strips what spreadsheets add around text: ="..." formulas, a leading apostrophe, tabs. */
function cell(value: string | undefined): string {
  if (value === undefined) return '';
  let v = value.trim();
  const formula = /^="(.*)"$/.exec(v);
  if (formula) v = formula[1].trim();
  if (/^'[=+\-@\d]/.test(v)) v = v.slice(1);
  return v;
}

export function parseRow(record: CsvRecord, columns: Columns, today: Date = new Date()): { ok: true; row: ImportRow } | { ok: false; errors: ImportError[] } {
  const { index, label } = columns;
  const get = (field: ImportField): string | undefined => (index[field] === undefined ? undefined : cell(record.fields[index[field]!]));
  const errors: ImportError[] = [];
  const line = record.line;
  const fail = (field: ImportField, message: string) => errors.push({ line, field: label[field], message });

  const householdCode = get('household_code') ?? '';
  if (!HOUSEHOLD_CODE.test(householdCode)) fail('household_code', householdCode ? 'must be 1-32 letters, digits, - or _' : 'is required');

  const genderText = get('gender');
  let gender: Gender | undefined;
  if (genderText) {
    gender = GENDER[genderText.toLowerCase()];
    if (!gender) fail('gender', `"${genderText}" is not 男/女 (male/female)`);
  }
  const birthText = get('birth_date');
  let birthDate: string | undefined;
  if (birthText) {
    birthDate = parseDate(birthText) ?? undefined;
    if (!birthDate) fail('birth_date', `"${birthText}" is not a date (e.g. 1990-03-07)`);
  }
  const headText = get('is_head');
  let isHead: boolean | null = null;
  if (headText !== undefined) {
    const v = headText.toLowerCase();
    if (YES.has(v)) isHead = true;
    else if (NO.has(v)) isHead = false;
    else fail('is_head', `"${headText}" is not 是/否 (yes/no)`);
  }
  const cardNo = get('card_no') || null;
  if (cardNo !== null && !CARD_NO.test(cardNo)) fail('card_no', 'must be 1-64 letters, digits, - or _');
  const limited = (field: ImportField, max: number): string | null => {
    const v = get(field) || null;
    if (v !== null && [...v].length > max) fail(field, `must be at most ${max} characters`);
    return v;
  };
  const relation = limited('relation', 20);
  const group = limited('group', 50);
  const address = limited('address', 200);

  const personal = checkPersonalFields(
    { name: get('name') ?? '', idNumber: get('id_number') || null, phone: get('phone') || null, gender, birthDate },
    null,
    { name: label.name, idNumber: label.id_number, phone: label.phone, gender: label.gender, birthDate: label.birth_date },
    today,
  );
  if (!personal.ok) errors.push(...personal.errors.map((e) => ({ line, field: e.field, message: e.message })));
  if (errors.length || !personal.ok) return { ok: false, errors };
  return { ok: true, row: { line, householdCode, personal: personal.value, isHead, relation, group, address, cardNo } };
}
