import { FieldError } from '../core/errors/errors';
import { Gender } from './entities/resident.entity';
import { PHONE_MESSAGE, checkIdNumber, nameProblem, normalizePhone, realDate } from './id-number';

export interface PersonalInput {
  name?: string;
  idNumber?: string | null;
  phone?: string | null;
  gender?: Gender | null;
  birthDate?: string | null;
}

export interface PersonalFields {
  name: string;
  idNumber: string | null;
  phone: string | null;
  gender: Gender | null;
  birthDate: string | null;
}

type FieldNames = Record<keyof PersonalInput, string>;
export const API_FIELDS: FieldNames = { name: 'name', idNumber: 'idNumber', phone: 'phone', gender: 'gender', birthDate: 'birthDate' };

const blank = (v: string | null | undefined): boolean => v === undefined || v === null || v.trim() === '';

/**
 * The one rule set for a resident's personal fields, used by the API and the CSV import:
 * the merged result (current values overlaid with the input) is checked as a whole, so a
 * new ID number is compared with the birth date already on file and vice versa. A birth
 * date or gender left out is taken from the ID number.
 */
export function checkPersonalFields(
  input: PersonalInput,
  current: PersonalFields | null,
  names: FieldNames = API_FIELDS,
  today: Date = new Date(),
): { ok: true; value: PersonalFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = (input.name ?? current?.name ?? '').trim();
  const nameError = nameProblem(name);
  if (nameError) errors.push({ field: names.name, message: `${names.name} ${nameError}` });

  let idNumber = current?.idNumber ?? null;
  let idBirth: string | null = null;
  let idGender: Gender | null = null;
  if (input.idNumber !== undefined) idNumber = blank(input.idNumber) ? null : input.idNumber!;
  if (idNumber !== null) {
    const checked = checkIdNumber(idNumber, today);
    if (checked.ok) {
      idNumber = checked.value;
      idBirth = checked.birthDate;
      idGender = checked.gender;
    } else if (input.idNumber !== undefined) {
      errors.push({ field: names.idNumber, message: `${names.idNumber} ${checked.message}` });
    }
  }

  let phone = current?.phone ?? null;
  if (input.phone !== undefined) {
    if (blank(input.phone)) phone = null;
    else {
      phone = normalizePhone(input.phone!);
      if (phone === null) errors.push({ field: names.phone, message: `${names.phone} ${PHONE_MESSAGE}` });
    }
  }

  let birthDate = current?.birthDate ?? null;
  const birthGiven = input.birthDate !== undefined && !blank(input.birthDate);
  if (input.birthDate !== undefined) birthDate = blank(input.birthDate) ? null : input.birthDate!;
  if (birthDate !== null && birthGiven) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
    if (!m || !realDate(Number(m[1]), Number(m[2]), Number(m[3]), today)) {
      errors.push({ field: names.birthDate, message: `${names.birthDate} is not a real past date (YYYY-MM-DD)` });
    }
  }
  if (idBirth !== null) {
    if (birthDate !== null && birthDate !== idBirth && (birthGiven || input.idNumber !== undefined)) {
      errors.push({ field: names.birthDate, message: `${names.birthDate} ${birthDate} does not agree with the ID number (${idBirth})` });
    }
    if (!birthGiven) birthDate = idBirth;
  }

  let gender = current?.gender ?? null;
  if (input.gender !== undefined) gender = input.gender;
  if (gender === null && idGender !== null) gender = idGender;

  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { name, idNumber, phone, gender, birthDate } };
}
