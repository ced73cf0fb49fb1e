/** UTF-8 with a byte-order mark and CRLF, so Excel opens Chinese text correctly. */
export const CSV_BOM = '\uFEFF';

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote when needed; neutralise formulas (=, +, -, @ at the start) for spreadsheet safety.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  return CSV_BOM + [headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** True when the client asked for CSV (Accept: text/csv). */
export const wantsCsv = (accept: string | undefined): boolean => !!accept && /\btext\/csv\b/i.test(accept);
