import { DomainError } from '../common/errors';

/** A reporting period in a village's local calendar: [start, end) as YYYY-MM-DD dates. */
export interface Period {
  label: string;
  start: string;
  end: string;
  year: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const firstOfMonth = (year: number, month: number): string => (month > 12 ? `${year + 1}-01-01` : `${year}-${pad(month)}-01`);

/** `2026` (year), `2026-Q4` (quarter) or `2026-11` (month). */
export function parsePeriod(value: string): Period {
  let m = /^(\d{4})$/.exec(value);
  if (m) {
    const year = Number(m[1]);
    return { label: value, start: `${year}-01-01`, end: `${year + 1}-01-01`, year };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) {
    const year = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { label: value, start: firstOfMonth(year, first), end: firstOfMonth(year, first + 3), year };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return { label: value, start: firstOfMonth(year, month), end: firstOfMonth(year, month + 1), year };
  }
  throw new DomainError('validation_failed', 'period must be a year (2026), a quarter (2026-Q4) or a month (2026-11)', {
    errors: [{ field: 'period', message: 'expected YYYY, YYYY-Qn or YYYY-MM' }],
  });
}

/** Stars for yearly earned points: how many ascending thresholds it reaches. */
export function starsFor(points: number, thresholds: readonly number[]): number {
  return thresholds.filter((t) => points >= t).length;
}

/** The day after a YYYY-MM-DD date. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
