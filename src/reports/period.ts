import { DomainError } from '../core/errors/errors';

/** A reporting period in a village's local calendar: [start, end) as YYYY-MM-DD dates. */
export interface Period {
  label: string;
  start: string;
  end: string;
  year: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const firstOfMonth = (year: number, month: number): string => (month > 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month)}-01`);

const invalidPeriod = (): DomainError =>
  new DomainError('validation_failed', 'period must be a year (2026), a quarter (2026-Q4) or a month (2026-11), from year 0001', {
    errors: [{ field: 'period', message: 'expected YYYY, YYYY-Qn or YYYY-MM' }],
  });

/**
 * `2026` (year), `2026-Q4` (quarter) or `2026-11` (month). The year is 0001..9999: there is no
 * year 0 in PostgreSQL's calendar (`0000-01-01` reached it as a date and answered 500).
 */
export function parsePeriod(value: string): Period {
  const m = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(value);
  const year = m ? Number(m[1]) : 0;
  if (!m || year < 1) throw invalidPeriod();
  if (m[2]) {
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { label: value, start: firstOfMonth(year, first), end: firstOfMonth(year, first + 3), year };
  }
  if (m[3]) {
    const month = Number(m[3]);
    return { label: value, start: firstOfMonth(year, month), end: firstOfMonth(year, month + 1), year };
  }
  return { label: value, start: firstOfMonth(year, 1), end: firstOfMonth(year + 1, 1), year };
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
