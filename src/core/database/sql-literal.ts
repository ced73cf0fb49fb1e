const QUOTES = /'/g;
const BACKSLASHES = /\\/g;

/**
 * A string as an SQL literal: the same text as pg's escapeLiteral (quotes doubled; with a
 * backslash in it, an E'' literal with backslashes doubled too), built by native replaces
 * instead of one string concatenation per character. The group-commit statement carries its
 * postings (kilobytes of JSON) as such a literal, and the per-character version made a
 * quarter of the API's allocations under load.
 */
export function sqlLiteral(value: string): string {
  // A copy only when there is something to double (a JSON payload seldom holds a quote).
  const quoted = value.includes("'") ? value.replace(QUOTES, "''") : value;
  return value.includes('\\') ? ` E'${quoted.replace(BACKSLASHES, '\\\\')}'` : `'${quoted}'`;
}
