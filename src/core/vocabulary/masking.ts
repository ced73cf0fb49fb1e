/** How personal data looks to everyone but admin and the village's village_admin. */

/** `110101**********1X`: region kept, birth date and sequence hidden. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 8)}${value.slice(-2)}`;
}

/** `138****5678`. */
export function maskPhone(value: string): string {
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/** A name as the public notice shows it: 张*明, 李*, 欧**明 (first and last character kept). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
