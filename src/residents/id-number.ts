/**
 * Mainland resident identity numbers (GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** First digit of the region code: 1 north, 2 north-east, 3 east, 4 south-central, 5 south-west, 6 north-west, 7 Taiwan, 8 HK/Macau/foreign. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

export type IdNumberCheck =
  | { ok: true; value: string; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; message: string };

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** A real calendar date from 1900 up to `today`, as YYYY-MM-DD, or null. */
export function realDate(year: number, month: number, day: number, today: Date = new Date()): string | null {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (date.getTime() > today.getTime()) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Validates and normalises (trimmed, lower-case x upper-cased) an 18-character ID number. */
export function checkIdNumber(input: string, today: Date = new Date()): IdNumberCheck {
  const value = input.trim().toUpperCase();
  if (/^\d{15}$/.test(value)) {
    return { ok: false, message: 'the 15-digit legacy ID number is not accepted: give the 18-character number on the second-generation card' };
  }
  if (/^\d(\.\d+)?E\+\d+$/i.test(value)) {
    return { ok: false, message: 'the ID number was turned into a number (e.g. by Excel): format the column as text and export again' };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, message: 'must be 18 characters: 17 digits and a check character (0-9 or X)' };
  }
  if (!PROVINCES.has(Number(value.slice(0, 2)))) {
    return { ok: false, message: `does not start with a mainland region code (${value.slice(0, 2)})` };
  }
  const birthDate = realDate(Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14)), today);
  if (!birthDate) return { ok: false, message: `contains an impossible birth date (${value.slice(6, 14)})` };
  if (checkDigit(value.slice(0, 17)) !== value[17]) {
    return { ok: false, message: 'check character does not match (GB 11643): the number was mistyped' };
  }
  return { ok: true, value, birthDate, gender: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}

/** Mainland mobile numbers: 1[3-9] and 9 more digits; spaces, dashes and a +86 prefix are dropped. */
export function normalizePhone(input: string): string | null {
  const digits = input.trim().replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

export const PHONE_MESSAGE = 'must be a mainland mobile number: 11 digits starting with 13-19';

/** Personal names: trimmed, 1-50 characters, no control characters. Returns an error message or null. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if ([...name].length > 50) return 'must be at most 50 characters';
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name)) return 'must not contain control characters';
  return null;
}
