/** How personal data looks to everyone but admin and the village's village_admin. */

/** `110101**********1X`: region kept, birth date and sequence hidden. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 8)}${value.slice(-2)}`;
}

/** `138****5678`. */
export function maskPhone(value: string): string {
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}
