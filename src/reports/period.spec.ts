import { DomainError } from '../core/errors/errors';
import { nextDay, parsePeriod, starsFor } from './period';

describe('report periods', () => {
  it('parses years, quarters and months into local [start, end) dates', () => {
    expect(parsePeriod('2026')).toEqual({ label: '2026', start: '2026-01-01', end: '2027-01-01', year: 2026 });
    expect(parsePeriod('2026-Q4')).toMatchObject({ start: '2026-10-01', end: '2027-01-01' });
    expect(parsePeriod('2026-Q1')).toMatchObject({ start: '2026-01-01', end: '2026-04-01' });
    expect(parsePeriod('2026-11')).toMatchObject({ start: '2026-11-01', end: '2026-12-01' });
    expect(parsePeriod('2026-12')).toMatchObject({ start: '2026-12-01', end: '2027-01-01' });
    expect(parsePeriod('0001')).toMatchObject({ start: '0001-01-01', end: '0002-01-01' });
    expect(parsePeriod('9999-Q4')).toMatchObject({ start: '9999-10-01', end: '10000-01-01' });
  });

  it('refuses anything else', () => {
    for (const bad of ['2026-13', '2026-Q5', '26', '2026-1', 'last-month', '2026-11-01', '0000', '0000-01', '0000-Q1']) expect(() => parsePeriod(bad)).toThrow(DomainError);
  });

  it('counts stars and steps days', () => {
    expect([0, 49, 50, 149, 300, 999].map((p) => starsFor(p, [50, 100, 150, 200, 300]))).toEqual([0, 0, 1, 2, 5, 5]);
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
