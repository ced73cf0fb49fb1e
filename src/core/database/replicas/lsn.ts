/**
 * PostgreSQL WAL positions (pg_lsn, written `16/B374D848`) as bigints, and the consistency
 * token a write answers with: the primary's WAL position after its commit. A read that sends
 * it back is served by a replica only once that replica has replayed up to it.
 */
export const CONSISTENCY_HEADER = 'X-Jifen-Consistency';

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

export function parseLsn(text: string): bigint | null {
  const match = LSN.exec(text);
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/**
 * What a request's consistency header asks for: nothing (no header), a position, or
 * `invalid` (a value that is not one we issued: the read goes to the primary, which is
 * never behind, rather than failing a request over a hint).
 */
export function consistencyOf(header: string | string[] | undefined): bigint | 'invalid' | undefined {
  if (header === undefined || header === '') return undefined;
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  return parseLsn(value.trim()) ?? 'invalid';
}
