/**
 * The decision rules of a scoring round, pure (no database, no clock) so that every edge
 * case has a unit spec beside it: quorum, majority and unanimity, the median of the
 * approving members' points, caps per household and period.
 */

import { CAP_PERIODS, CapPeriod, DECISIONS, DecisionRule } from '../core/vocabulary/scoring-vocabulary';

export { CAP_PERIODS, DECISIONS };
export type { CapPeriod, DecisionRule };

export interface RuleRange {
  /** Fixed points, or null for a range rule. */
  points: number | null;
  minPoints: number | null;
  maxPoints: number | null;
}

export interface Vote {
  approve: boolean;
  points: number | null;
}

export type ItemDecision =
  | { status: 'approved'; finalPoints: number; reason: null }
  | { status: 'rejected'; finalPoints: null; reason: 'decision' | 'cap_exceeded' }
  | { status: 'no_quorum'; finalPoints: null; reason: 'no_quorum' };

/** Bounds of a rule: [points, points] for a fixed rule, [min, max] for a range. */
export function boundsOf(rule: RuleRange): [number, number] {
  if (rule.points !== null) return [rule.points, rule.points];
  return [rule.minPoints as number, rule.maxPoints as number];
}

export function inRange(rule: RuleRange, points: number): boolean {
  const [min, max] = boundsOf(rule);
  return Number.isInteger(points) && points >= min && points <= max;
}

/** Sign of a rule: a deduction when its points (or its whole range) are negative. */
export function isDeduction(rule: RuleRange): boolean {
  return boundsOf(rule)[1] < 0;
}

/**
 * Median of integer points. With an even count it is the mean of the two middle values,
 * rounded toward zero on a half: the panel never awards (or deducts) more than its middle
 * pair agreed on.
 */
export function medianPoints(values: readonly number[]): number {
  if (!values.length) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid];
  const sum = sorted[mid - 1] + sorted[mid];
  return sum % 2 === 0 ? sum / 2 : Math.trunc(sum / 2);
}

/**
 * Decides one item from the ratings cast on it.
 * - fewer ratings than the quorum: `no_quorum`;
 * - `majority`: approved when strictly more than half of the ratings cast approve (a tie rejects);
 * - `unanimous`: approved when every rating cast approves;
 * - final points: the rule's fixed points, else the median of the approving members' points.
 */
export function decideItem(votes: readonly Vote[], quorum: number, decision: DecisionRule, rule: RuleRange): ItemDecision {
  if (votes.length < quorum || votes.length === 0) return { status: 'no_quorum', finalPoints: null, reason: 'no_quorum' };
  const approvals = votes.filter((v) => v.approve);
  const holds = decision === 'unanimous' ? approvals.length === votes.length : approvals.length * 2 > votes.length;
  if (!holds) return { status: 'rejected', finalPoints: null, reason: 'decision' };
  if (rule.points !== null) return { status: 'approved', finalPoints: rule.points, reason: null };
  const points = approvals.map((v) => v.points).filter((p): p is number => p !== null);
  if (!points.length) return { status: 'rejected', finalPoints: null, reason: 'decision' };
  return { status: 'approved', finalPoints: medianPoints(points), reason: null };
}

/**
 * A cap bounds the points of one rule that one household may get (or lose) in one period,
 * counted in absolute points. `used` is what was already approved in that period.
 */
export function exceedsCap(cap: number | null, used: number, points: number): boolean {
  return cap !== null && used + Math.abs(points) > cap;
}

export interface PeriodWindow {
  /** `2026-11`, `2026-Q4` or `2026`. */
  key: string;
  /** First and last calendar dates, inclusive (YYYY-MM-DD). */
  start: string;
  end: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The cap period (calendar month, quarter or year) that contains a date (YYYY-MM-DD). */
export function periodWindow(date: string, period: CapPeriod): PeriodWindow {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (period === 'year') return { key: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
  if (period === 'month') return { key: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(lastDayOf(year, month))}` };
  const quarter = Math.ceil(month / 3);
  const first = (quarter - 1) * 3 + 1;
  const last = first + 2;
  return { key: `${year}-Q${quarter}`, start: `${year}-${pad(first)}-01`, end: `${year}-${pad(last)}-${pad(lastDayOf(year, last))}` };
}
