/** UTF-8 with a byte-order mark and CRLF, so Excel opens Chinese text correctly. */
export const CSV_BOM = '\uFEFF';

/**
 * The one CSV field escaper (reports, passbooks, the roster export). A field that starts
 * with =, +, -, @, a tab or a carriage return could run as a formula when the file is
 * opened (CSV injection): it gets a leading apostrophe, unless it is a plain number, which
 * no spreadsheet runs and which must stay a number (a deduction is -5, not '-5). Quoted
 * when it holds a comma, a quote or a line break, quotes doubled.
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  return CSV_BOM + [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** True when the client asked for CSV (Accept: text/csv). */
export const wantsCsv = (accept: string | undefined): boolean => !!accept && /\btext\/csv\b/i.test(accept);
